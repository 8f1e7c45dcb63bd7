import { task, types } from "hardhat/config";
import { assertForkUrlUsable } from "./fork";

task("dm3:devnet", "Runs a local chain with genuine ENS, every dm3kit contract and demo names (npm start)")
  .addOptionalParam("port", "JSON-RPC port (0 picks a free one)", 8545, types.int)
  .addOptionalParam("host", "Interface to listen on", "127.0.0.1", types.string)
  .addOptionalParam("manifest", "Where to write the deployment manifest", "deployments/devnet.json", types.string)
  .setAction(async (args: { port: number; host: string; manifest: string }, hre) => {
    await assertForkUrlUsable();
    const log = (line: string) => console.log(line);
    log("Compiling contracts");
    await hre.run("compile", { quiet: true });
    const { startDevnet, formatSummary } = await import("../deploy/devnet");
    const started = Date.now();
    const devnet = await startDevnet(hre, { host: args.host, port: args.port, manifestFile: args.manifest, log });
    log(formatSummary(devnet.manifest, args.manifest));
    log(`(ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    log("Stopping devnet");
    await devnet.close();
  });
