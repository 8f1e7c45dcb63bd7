import { task, types } from "hardhat/config";
import { assertForkUrlUsable } from "./fork";

task("dm3:deploy", "Deploys (or adopts) every dm3kit component on --network; idempotent, writes deployments/<network>.json")
  .addOptionalParam("manifest", "Manifest file (default deployments/<network>.json)", undefined, types.string)
  .setAction(async (args: { manifest?: string }, hre) => {
    await assertForkUrlUsable();
    await hre.run("compile", { quiet: true });
    const { manifestPath, loadManifest, saveManifest } = await import("../deploy/manifest");
    const { createDeployContext } = await import("../deploy/context");
    const { deployAll } = await import("../deploy/index");
    const file = args.manifest ?? manifestPath(hre.network.name);
    const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
    const manifest = loadManifest(file, hre.network.name, chainId);
    const ctx = await createDeployContext(hre, manifest, file, (line) => console.log(line));
    await deployAll(ctx);
    saveManifest(file, manifest);
    console.log(`\nManifest written to ${file}`);
  });
