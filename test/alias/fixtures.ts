import hre from "hardhat";
import { namehash, type Signer } from "ethers";
import { Dm3AliasRegistry, Dm3AliasRegistry__factory, Dm3UniversalResolver, Dm3UniversalResolver__factory, PublicResolver__factory } from "../../typechain-types";
import { deployAlias, setupDevnetAlias, type AliasDeployment } from "../../deploy/alias";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { ensFixture, registerName, type EnsFixture } from "../helpers/ens";

/** ENS + the alias registry + the universal resolver, deployed by `deploy/alias.ts`. */
export interface AliasFixture extends EnsFixture {
  alias: AliasDeployment;
  registry: Dm3AliasRegistry;
  universal: Dm3UniversalResolver;
  admin: Signer;
}

/** ENS and the alias contracts; `dm3.eth` (account 1) registered, no alias yet. */
export async function aliasFixture(): Promise<AliasFixture> {
  const f = await ensFixture();
  await registerName(f, "dm3.eth", f.accounts[1]);
  const alias = await deployAlias(f.ctx, f.ens);
  return {
    ...f,
    alias,
    registry: Dm3AliasRegistry__factory.connect(alias.aliasRegistry, f.ctx.deployer),
    universal: Dm3UniversalResolver__factory.connect(alias.universalResolver, f.ctx.deployer),
    admin: f.ctx.deployer,
  };
}

/** Profile-like record values used by the resolution tests (any string works for resolution). */
export const DAVE_RECORD = "data:application/json," + JSON.stringify({ profile: "dave", padding: "x".repeat(300) });
export const ALICE_RECORD = "data:application/json," + JSON.stringify({ profile: "alice" });

/**
 * The devnet's alias data (`gno` → `gnosis.dm3.eth`, `dave.gnosis.dm3.eth` on account 5, via
 * `setupDevnetAlias`), plus `alice.eth` (account 2) with a profile record and `nodata.eth`
 * (account 3) with no text record.
 */
export async function namesFixture(): Promise<AliasFixture> {
  const f = await aliasFixture();
  await setupDevnetAlias(f.ctx, f.ens, f.alias);
  await registerName(f, "alice.eth", f.accounts[2]);
  await registerName(f, "nodata.eth", f.accounts[3]);
  await setText(f, "dave.gnosis.dm3.eth", f.accounts[5], DAVE_RECORD);
  await setText(f, "alice.eth", f.accounts[2], ALICE_RECORD);
  return f;
}

async function setText(f: EnsFixture, name: string, owner: Signer, value: string): Promise<void> {
  await (await PublicResolver__factory.connect(f.ens.resolver, owner).setText(namehash(name), PROFILE_RECORD_KEY, value)).wait();
}

/** The in-process chain's EIP-1193 provider. */
export function eip1193() {
  return hre.network.provider;
}
