import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { createDeployContext, type DeployContext } from "./context";
import { EnsDeployment, deployEns } from "./ens";
import { AliasDeployment, deployAlias } from "./alias";
import { loadManifest, saveManifest, type Manifest } from "./manifest";
import { deployProfileVerifier } from "./profileVerifier";
import { deployBillboardAnchor } from "./billboard";
import { deployRuleSets } from "./gate";

/** What `deployAll` produced. Later components add their fields here. */
export interface Deployment {
  ens: EnsDeployment;
  profileVerifier: string;
  alias: AliasDeployment;
  billboardAnchor: string;
  /** The token-gated access rule-set contract. */
  ruleSets: string;
}

/**
 * Deploys every dm3kit component to the context's network, each module idempotent: on a
 * network that already has a component (per manifest and on-chain code) it is reused.
 */
export async function deployAll(ctx: DeployContext): Promise<Deployment> {
  const ens = await deployEns(ctx);
  const profileVerifier = await deployProfileVerifier(ctx, ens);
  const alias = await deployAlias(ctx, ens);
  const billboardAnchor = await deployBillboardAnchor(ctx, ens);
  const ruleSets = await deployRuleSets(ctx);
  return { ens, profileVerifier, alias, billboardAnchor, ruleSets };
}

/**
 * {@link deployAll} on `hre`'s current network, reading and extending the manifest `manifestFile`
 * (what `dm3:deploy` and `scripts/deploy.ts` run). The manifest is written after every step.
 */
export async function deployToNetwork(
  hre: HardhatRuntimeEnvironment,
  manifestFile: string,
  log: (line: string) => void,
): Promise<{ deployment: Deployment; manifest: Manifest }> {
  const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
  const manifest = loadManifest(manifestFile, hre.network.name, chainId);
  const ctx = await createDeployContext(hre, manifest, manifestFile, log);
  const deployment = await deployAll(ctx);
  saveManifest(manifestFile, manifest);
  return { deployment, manifest };
}
