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
import { decodeDnsName } from "../src/names/encode";
import { L2NameTakenError } from "../src/registry/errors";
import { assertRegistrableLabel } from "../src/registry/labels";
import { encodeRecords } from "../src/registry/records";
import { Dm3FirstComeRegistrar__factory, Dm3L2Registry__factory } from "../typechain-types";
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
  const owner = await signer.getAddress();
  const registry = Dm3L2Registry__factory.connect(l2.registry, signer);
  const registrar = Dm3FirstComeRegistrar__factory.connect(l2.registrar, signer);

  if (!(await registrar.available(label))) throw new L2NameTakenError(`${label}.${l2.parentName}`);
  const node = await registry.makeNode(label);
  const records = encodeRecords(node, { addr: owner, coinAddrs: { [(await registry.chainCoinType()).toString()]: owner } });
  const receipt = await (await registrar.register(label, owner, records)).wait();
  const name = decodeDnsName(await registry.dnsName(node));
  output(envString("DM3_JSON", env) === "1", { name, node, owner, txHash: receipt?.hash, gasUsed: receipt?.gasUsed }, () => [
    `registered ${name} to ${owner} (tx ${receipt?.hash}, ${receipt?.gasUsed} gas)`,
  ]);
}

if (require.main === module) void guarded(() => main());
