import hre from "hardhat";
import os from "node:os";
import path from "node:path";
import type { BrowserProvider, Signer } from "ethers";
import { createDeployContext, DeployContext } from "../../deploy/context";
import { deployEns, EnsDeployment } from "../../deploy/ens";
import { emptyManifest } from "../../deploy/manifest";
import { ensureName } from "../../deploy/names";
import { ENS_REGISTRY_ADDRESS } from "../../src/ens/constants";
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
 * registry at the canonical address. Use with `loadFixture(ensFixture)`.
 */
export async function ensFixture(): Promise<EnsFixture> {
  // Earlier test files may have left a registry at the canonical address: start clean.
  await hre.network.provider.request({ method: "hardhat_setCode", params: [ENS_REGISTRY_ADDRESS, "0x"] });
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
