import hre from "hardhat";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import os from "node:os";
import path from "node:path";
import type { BrowserProvider, Signer } from "ethers";
import { createDeployContext, DeployContext } from "../../deploy/context";
import { deployEns, EnsDeployment } from "../../deploy/ens";
import { emptyManifest } from "../../deploy/manifest";
import { ensureName } from "../../deploy/names";
import { ensBrowserProvider } from "../../src/ens/provider";

export interface EnsFixture {
  ctx: DeployContext;
  ens: EnsDeployment;
  /** ethers' own ENS machinery over the in-process chain (registry at the canonical address). */
  provider: BrowserProvider;
  accounts: Signer[];
}

/**
 * Genuine ENS on the in-process chain, deployed by the same module the devnet uses, with the
 * registry at the canonical address. Use with `loadFixture(ensFixture)`, or as the first step of
 * another fixture: it starts from a fresh chain (`hardhat_reset`), so every fixture built on it
 * has the same addresses whatever ran before (measured gas depends on them; test/helpers/gas.ts).
 */
export async function ensFixture(): Promise<EnsFixture> {
  await reset();
  const manifestFile = path.join(os.tmpdir(), `dm3kit-test-${process.pid}.json`);
  const ctx = await createDeployContext(hre, emptyManifest("hardhat", 31337), manifestFile);
  const ens = await deployEns(ctx);
  const provider = ensBrowserProvider(hre.network.provider as never, 31337);
  return { ctx, ens, provider, accounts: ctx.accounts };
}

/** Registers `name` to `owner` (resolver, addr and reverse record), like the devnet does. */
export async function registerName(f: EnsFixture, name: string, owner: Signer): Promise<void> {
  await ensureName(f.ctx, f.ens, { name, owner });
}
