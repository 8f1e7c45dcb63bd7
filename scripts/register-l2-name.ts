// Registers <label>.<parent> in the dm3 layer-2 registry of --network for the sending account
// (first come, first served), with `addr` records (coin 60 and the chain's ENSIP-11 coin type)
// pointing at it. Publish a profile for it afterwards with `dm3:l2:set-profile`.
//
//   DM3_L2_LABEL=erin npx hardhat run scripts/register-l2-name.ts --network <L2 network>
//   (the devnet's L2: --network localhostL2)
//
// Environment:
//   DM3_L2_LABEL   label to register (a-z, 0-9, -; 3..63 characters)        required
//   DM3_ACCOUNT    index of the sending account, which becomes the owner     default 0
//   DM3_MANIFEST   the L2 deployment manifest (its extra.l2Registry)          default deployments/<network>.json
//                                                                            (localhostL2: deployments/devnet-l2.json)
//   DM3_JSON       1: print JSON
import hre from "hardhat";
import { ManifestEntryMissingError } from "../deploy/errors";
import { assertRegistrableLabel } from "../src/registry/labels";
import { registerName } from "../src/registry/register";
import { accountSigner, envIndex, envString, guarded, loadDeploymentManifest, output, requiredEnv } from "../tasks/util";

/** What deployL2Registry records in the L2 manifest. */
interface L2RegistryEntry {
  registry: string;
  registrar: string;
  parentName: string;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const label = assertRegistrableLabel(requiredEnv("DM3_L2_LABEL", "the label to register", env));
  const manifest = await loadDeploymentManifest(hre, envString("DM3_MANIFEST", env));
  const l2 = manifest.extra.l2Registry as L2RegistryEntry | undefined;
  if (!l2?.registry || !l2.registrar || !l2.parentName) throw new ManifestEntryMissingError("l2Registry", "deploy the layer-2 registry first (dm3:deploy:l2, or npm start)");
  const signer = await accountSigner(hre, envIndex("DM3_ACCOUNT", env) ?? 0);
  const { name, node, owner, txHash, gasUsed } = await registerName(signer, { registrar: l2.registrar, label });
  output(envString("DM3_JSON", env) === "1", { name, node, owner, txHash, gasUsed }, () => [`registered ${name} to ${owner} (tx ${txHash}, ${gasUsed} gas)`]);
}

if (require.main === module) void guarded(() => main());
