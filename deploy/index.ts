import type { DeployContext } from "./context";
import { EnsDeployment, deployEns } from "./ens";
import { AliasDeployment, deployAlias } from "./alias";
import { deployProfileVerifier } from "./profileVerifier";
import { deployBillboardAnchor } from "./billboard";

/** What `deployAll` produced. Later components add their fields here. */
export interface Deployment {
  ens: EnsDeployment;
  profileVerifier: string;
  alias: AliasDeployment;
  billboardAnchor: string;
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
  return { ens, profileVerifier, alias, billboardAnchor };
}
