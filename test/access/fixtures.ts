import hre from "hardhat";
import { Wallet, type Signer } from "ethers";
import {
  Dm3GateTestERC1155,
  Dm3GateTestERC1155__factory,
  Dm3GateTestERC20,
  Dm3GateTestERC20__factory,
  Dm3GateTestERC721,
  Dm3GateTestERC721__factory,
  Dm3GateTestGasMeter,
  Dm3GateTestGasMeter__factory,
  Dm3GateTestHostileToken__factory,
  Dm3RuleSets,
  Dm3RuleSets__factory,
} from "../../typechain-types";
import type { Rule, RuleSetDefinition } from "../../src/gate";
import { freshL1Deployer } from "../helpers/gas";

/** Modes of Dm3GateTestHostileToken, in contract order. */
export const HOSTILE_MODES = ["REVERT", "REVERT_HUGE", "EMPTY", "SHORT", "LONG", "DIRTY_ADDRESS", "BURN_GAS", "RETURN_HUGE", "WRITE_STATE"] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

/** The test tokens: one ERC-20/721/1155 each and one hostile token per mode. */
export interface GateTestTokens {
  erc20: Dm3GateTestERC20;
  erc721: Dm3GateTestERC721;
  erc1155: Dm3GateTestERC1155;
  tokens: { erc20: string; erc721: string; erc1155: string };
  hostile: Record<HostileMode, string>;
}

/** Deploys the ERC-20/721/1155 of {@link GateTestTokens} from `deployer`. */
export async function deployHonestTokens(deployer: Signer): Promise<Omit<GateTestTokens, "hostile">> {
  const erc20 = await new Dm3GateTestERC20__factory(deployer).deploy("Gate Test", "GATE");
  const erc721 = await new Dm3GateTestERC721__factory(deployer).deploy("Gate Pass", "PASS");
  const erc1155 = await new Dm3GateTestERC1155__factory(deployer).deploy();
  return { erc20, erc721, erc1155, tokens: { erc20: await erc20.getAddress(), erc721: await erc721.getAddress(), erc1155: await erc1155.getAddress() } };
}

/** Deploys one hostile token per mode from `deployer`. */
export async function deployHostileTokens(deployer: Signer): Promise<Record<HostileMode, string>> {
  const hostile = {} as Record<HostileMode, string>;
  for (const [i, mode] of HOSTILE_MODES.entries()) {
    hostile[mode] = await (await new Dm3GateTestHostileToken__factory(deployer).deploy(i)).getAddress();
  }
  return hostile;
}

export interface GateFixture extends GateTestTokens {
  ruleSets: Dm3RuleSets;
  address: string;
  meter: Dm3GateTestGasMeter;
  deployer: Signer;
  /** Owner of test sets (account 1), a second owner (account 2) and an outsider (account 3). */
  owner: Signer;
  other: Signer;
  outsider: Signer;
}

/**
 * Dm3RuleSets, one ERC-20/721/1155 each, one hostile token per mode and the gas meter, deployed by a
 * fresh account: the addresses (which reach measured calldata) are the same whatever ran before.
 */
export async function gateFixture(): Promise<GateFixture> {
  const [, owner, other, outsider] = await hre.ethers.getSigners();
  const deployer = await freshL1Deployer("gate fixture");
  const ruleSets = await new Dm3RuleSets__factory(deployer).deploy();
  const tokens = await deployHonestTokens(deployer);
  const meter = await new Dm3GateTestGasMeter__factory(deployer).deploy();
  const hostile = await deployHostileTokens(deployer);
  return {
    ruleSets,
    address: await ruleSets.getAddress(),
    ...tokens,
    hostile,
    meter,
    deployer,
    owner,
    other,
    outsider,
  };
}

/** A rule in the form the TypeChain bindings take. */
export function struct(rule: Rule) {
  return { kind: rule.kind, negate: rule.negate, token: rule.token, min: rule.min, max: rule.max, ids: rule.ids };
}

/** Arguments of `createRuleSet` for a definition. */
export function createArgs(def: RuleSetDefinition) {
  return [def.logic, def.threshold, def.rules.map(struct)] as const;
}

/** Creates `def` as `signer` and returns the new id. */
export async function create(ruleSets: Dm3RuleSets, signer: Signer, def: RuleSetDefinition): Promise<bigint> {
  const c = ruleSets.connect(signer);
  const id = await c.createRuleSet.staticCall(...createArgs(def));
  await (await c.createRuleSet(...createArgs(def))).wait();
  return id;
}

/** A fresh address with no holdings. */
export function fresh(): string {
  return Wallet.createRandom().address;
}
