import { parseUnits } from "ethers";
import {
  Dm3GateTestERC1155__factory,
  Dm3GateTestERC20__factory,
  Dm3GateTestERC721__factory,
  Dm3RuleSets__factory,
} from "../typechain-types";
import { allOf, anyOf, createRuleSet, erc1155Balance, erc20Balance, erc721Balance, isAccessAllowed, ruleSetRef, type RuleSetDefinition } from "../src/gate";
import { DeployContext, deployOnce, persist, send } from "./context";

/** Manifest key of the rule-set contract. */
export const RULE_SETS_KEY = "dm3RuleSets";
/** Manifest keys of the devnet's test tokens. */
export const GATE_TOKEN_KEYS = { erc20: "gateTestErc20", erc721: "gateTestErc721", erc1155: "gateTestErc1155" } as const;

/**
 * Deploys the token-gated access rule-set contract once (a re-run, or a chain whose manifest
 * already names it with code, reuses it). Returns its address.
 */
export async function deployRuleSets(ctx: DeployContext): Promise<string> {
  ctx.log("dm3 token-gated access rule sets");
  return deployOnce(ctx, RULE_SETS_KEY, "Dm3RuleSets", new Dm3RuleSets__factory(ctx.deployer), []);
}

/** What one demo account holds on the devnet. */
export interface DemoHoldings {
  /** The demo name the account owns (for the summary). */
  name: string;
  account: number;
  /** Whole DM3G tokens (18 decimals). */
  tokens: number;
  /** Ids of the "dm3 pass" ERC-721 it owns. */
  passes: number[];
  /** ERC-1155 badge balances by id. */
  badges: Record<number, number>;
}

/** Demo holdings: alice (a pass) and dave (a badge) hold enough DM3G for the example set; bob holds a badge but too few DM3G. */
export const DEVNET_GATE_HOLDINGS: ReadonlyArray<DemoHoldings> = [
  { name: "alice.eth", account: 2, tokens: 500, passes: [1], badges: {} },
  { name: "bob.eth", account: 3, tokens: 50, passes: [], badges: { 1: 1 } },
  { name: "dave.gnosis.dm3.eth", account: 5, tokens: 200, passes: [], badges: { 2: 3 } },
];

/** Minimum DM3G of the example set. */
export const DEVNET_GATE_MIN_TOKENS = 100;

/** What the devnet's gate consists of (also `manifest.extra.gate`). */
export interface DevnetGate {
  ruleSets: string;
  tokens: { erc20: string; erc721: string; erc1155: string };
  /** "Holds a dm3 pass or a badge (id 1 or 2)". */
  badgesRuleSetId: string;
  /** The example: at least 100 DM3G AND the badges set. */
  exampleRuleSetId: string;
  passes: string[];
  fails: string[];
}

/** The example sets, given the tokens: the badges set, then the example referencing it. */
export function devnetGateDefinitions(tokens: DevnetGate["tokens"], badgesRuleSetId?: bigint): { badges: RuleSetDefinition; example?: RuleSetDefinition } {
  const badges = anyOf(erc721Balance(tokens.erc721), erc1155Balance(tokens.erc1155, [1, 2]));
  if (badgesRuleSetId === undefined) return { badges };
  return { badges, example: allOf(erc20Balance(tokens.erc20, { min: parseUnits(String(DEVNET_GATE_MIN_TOKENS), 18) }), ruleSetRef(badgesRuleSetId)) };
}

/**
 * Devnet demo of token-gated access, idempotent: test ERC-20 (DM3G), ERC-721 (dm3 pass) and
 * ERC-1155 (badges) tokens, the holdings of {@link DEVNET_GATE_HOLDINGS}, and two rule sets owned
 * by the deployer: "holds a pass or a badge" and the example "at least 100 DM3G and the first
 * set", which alice and dave pass and bob fails. Records `extra.gate` in the manifest.
 */
export async function setupDevnetGate(ctx: DeployContext, ruleSets: string): Promise<DevnetGate> {
  ctx.log("Token-gated access demo");
  const erc20 = await deployOnce(ctx, GATE_TOKEN_KEYS.erc20, "Dm3GateTestERC20", new Dm3GateTestERC20__factory(ctx.deployer), ["dm3 gate demo", "DM3G"]);
  const erc721 = await deployOnce(ctx, GATE_TOKEN_KEYS.erc721, "Dm3GateTestERC721", new Dm3GateTestERC721__factory(ctx.deployer), ["dm3 pass", "DM3PASS"]);
  const erc1155 = await deployOnce(ctx, GATE_TOKEN_KEYS.erc1155, "Dm3GateTestERC1155", new Dm3GateTestERC1155__factory(ctx.deployer), []);
  const tokens = { erc20, erc721, erc1155 };

  const t20 = Dm3GateTestERC20__factory.connect(erc20, ctx.deployer);
  const t721 = Dm3GateTestERC721__factory.connect(erc721, ctx.deployer);
  const t1155 = Dm3GateTestERC1155__factory.connect(erc1155, ctx.deployer);
  for (const h of DEVNET_GATE_HOLDINGS) {
    const who = await ctx.accounts[h.account].getAddress();
    const want = parseUnits(String(h.tokens), 18);
    const have = await t20.balanceOf(who);
    if (have < want) await send(t20.mint(who, want - have));
    for (const id of h.passes) {
      const owner = await t721.ownerOf(id).catch(() => null);
      if (owner === null) await send(t721.mint(who, id));
    }
    for (const [id, amount] of Object.entries(h.badges)) {
      const have1155 = await t1155.balanceOf(who, id);
      if (have1155 < BigInt(amount)) await send(t1155.mint(who, id, BigInt(amount) - have1155));
    }
  }

  const known = ctx.manifest.extra.gate as DevnetGate | undefined;
  const count = await Dm3RuleSets__factory.connect(ruleSets, ctx.provider).ruleSetCount();
  let badgesRuleSetId: bigint;
  let exampleRuleSetId: bigint;
  if (known && known.ruleSets === ruleSets && BigInt(known.exampleRuleSetId) <= count) {
    badgesRuleSetId = BigInt(known.badgesRuleSetId);
    exampleRuleSetId = BigInt(known.exampleRuleSetId);
    ctx.log(`  rule sets #${badgesRuleSetId} and #${exampleRuleSetId}: already created`);
  } else {
    badgesRuleSetId = (await createRuleSet(ctx.deployer, ruleSets, devnetGateDefinitions(tokens).badges)).ruleSetId;
    exampleRuleSetId = (await createRuleSet(ctx.deployer, ruleSets, devnetGateDefinitions(tokens, badgesRuleSetId).example!)).ruleSetId;
    ctx.log(`  rule set #${badgesRuleSetId} (a dm3 pass or a badge) and example #${exampleRuleSetId} (>= ${DEVNET_GATE_MIN_TOKENS} DM3G and #${badgesRuleSetId})`);
  }
  // Who passes, as the SDK evaluates it (equal to the contract's view).
  const passes: string[] = [];
  const fails: string[] = [];
  for (const h of DEVNET_GATE_HOLDINGS) {
    const allowed = await isAccessAllowed(ctx.provider, exampleRuleSetId, await ctx.accounts[h.account].getAddress(), { ruleSets });
    (allowed ? passes : fails).push(h.name);
  }
  ctx.log(`  example #${exampleRuleSetId}: ${passes.join(", ")} pass; ${fails.join(", ")} fail`);
  const gate: DevnetGate = { ruleSets, tokens, badgesRuleSetId: badgesRuleSetId.toString(), exampleRuleSetId: exampleRuleSetId.toString(), passes, fails };
  ctx.manifest.extra.gate = gate;
  persist(ctx);
  return gate;
}
