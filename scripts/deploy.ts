// Deploys (or adopts) every dm3kit component on --network and writes its deployment manifest.
// Idempotent: a re-run reuses every contract the manifest names and the chain still has.
//
//   npx hardhat run scripts/deploy.ts --network <network>
//
// Environment:
//   DM3_MANIFEST   manifest to read and extend           default deployments/<network>.json
//   DM3_JSON       1: print the addresses as JSON
//   (the network's RPC URL and DEPLOYER_PRIVATE_KEY, as hardhat.config.ts reads them)
import hre from "hardhat";
import { deployToNetwork } from "../deploy/index";
import { manifestPath } from "../deploy/manifest";
import { envString, guarded, output } from "../tasks/util";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = envString("DM3_MANIFEST", env) ?? manifestPath(hre.network.name, hre.config.paths.root);
  const json = envString("DM3_JSON", env) === "1";
  const { deployment } = await deployToNetwork(hre, file, json ? () => {} : (line) => console.log(line));
  const summary = {
    network: hre.network.name,
    manifest: file,
    ensRegistry: deployment.ens.registry,
    publicResolver: deployment.ens.resolver,
    profileVerifier: deployment.profileVerifier,
    aliasRegistry: deployment.alias.aliasRegistry,
    universalResolver: deployment.alias.universalResolver,
    billboardAnchor: deployment.billboardAnchor,
  };
  output(json, summary, () => ["", ...Object.entries(summary).map(([k, v]) => `${k.padEnd(18)} ${v}`)]);
}

if (require.main === module) void guarded(() => main());
