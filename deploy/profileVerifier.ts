import { Dm3ProfileVerifier__factory } from "../typechain-types";
import { DeployContext, deployOnce } from "./context";
import type { EnsDeployment } from "./ens";

/** Manifest key of the on-chain dm3 profile verifier. */
export const PROFILE_VERIFIER_KEY = "dm3ProfileVerifier";

/**
 * Deploys the on-chain dm3 profile verifier reading `ens.registry`, once: a re-run (or a chain
 * whose manifest already names a verifier with code) reuses it. Returns its address.
 */
export async function deployProfileVerifier(ctx: DeployContext, ens: EnsDeployment): Promise<string> {
  ctx.log("dm3 profile verifier");
  return deployOnce(ctx, PROFILE_VERIFIER_KEY, "Dm3ProfileVerifier", new Dm3ProfileVerifier__factory(ctx.deployer), [ens.registry]);
}
