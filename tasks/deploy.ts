import { task, types } from "hardhat/config";
import { assertForkUrlUsable } from "./fork";

task("dm3:deploy", "Deploys (or adopts) every dm3kit component on --network; idempotent, writes deployments/<network>.json")
  .addOptionalParam("manifest", "Manifest file (default deployments/<network>.json)", undefined, types.string)
  .setAction(async (args: { manifest?: string }, hre) => {
    await assertForkUrlUsable();
    await hre.run("compile", { quiet: true });
    const { manifestPath } = await import("../deploy/manifest");
    const { deployToNetwork } = await import("../deploy/index");
    const file = args.manifest ?? manifestPath(hre.network.name);
    await deployToNetwork(hre, file, (line) => console.log(line));
    console.log(`\nManifest written to ${file}`);
  });

task("dm3:deploy:l2", "Deploys the layer-2 registry on --l2-rpc and its CCIP-Read L1 resolver on --network (run dm3:deploy first); idempotent")
  .addParam("parent", "L1 parent name whose subnames live on L2, e.g. l2.dm3.eth", undefined, types.string)
  .addParam("l2Rpc", "JSON-RPC URL of the L2 chain", undefined, types.string)
  .addParam("gatewayUrl", "EIP-3668 URL template of the gateway, e.g. https://gw.example/{sender}/{data}.json", undefined, types.string)
  .addParam("gatewaySigners", "Comma-separated addresses of the gateway signing keys", undefined, types.string)
  .addOptionalParam("manifest", "L1 manifest (default deployments/<network>.json)", undefined, types.string)
  .addOptionalParam("l2Manifest", "L2 manifest (default deployments/<network>-l2-<chainId>.json)", undefined, types.string)
  .setAction(
    async (args: { parent: string; l2Rpc: string; gatewayUrl: string; gatewaySigners: string; manifest?: string; l2Manifest?: string }, hre) => {
      await hre.run("compile", { quiet: true });
      const { Wallet } = await import("ethers");
      const { assertNormalized } = await import("../src/names/normalize");
      const { DeployConfigError, ManifestEntryMissingError } = await import("../deploy/errors");
      const { manifestPath, loadManifest, saveManifest } = await import("../deploy/manifest");
      const { createDeployContext } = await import("../deploy/context");
      const { createRpcDeployContext } = await import("../deploy/l2Stack");
      const { deployL2Registry } = await import("../deploy/l2Registry");
      const { deployL1Resolver } = await import("../deploy/l1Resolver");
      const parentName = assertNormalized(args.parent);
      const signers = args.gatewaySigners.split(",").map((s) => s.trim()).filter(Boolean);
      if (signers.length === 0) throw new DeployConfigError("--gateway-signers needs at least one address");
      if (!args.gatewayUrl.includes("{sender}")) throw new DeployConfigError("--gateway-url must be an EIP-3668 template containing {sender}");

      const file = args.manifest ?? manifestPath(hre.network.name);
      const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
      const manifest = loadManifest(file, hre.network.name, chainId);
      const ensRegistry = manifest.contracts.ensRegistry?.address;
      if (!ensRegistry) throw new ManifestEntryMissingError("ensRegistry", `${file} names none for chain ${chainId}: run dm3:deploy --network ${hre.network.name} first`);
      const log = (line: string) => console.log(line);
      const l1Ctx = await createDeployContext(hre, manifest, file, log);
      const key = process.env.DEPLOYER_PRIVATE_KEY;
      const l2Ctx = await createRpcDeployContext(l1Ctx, { url: args.l2Rpc, signer: key ? new Wallet(key) : undefined, manifestFile: args.l2Manifest });
      try {
        const l2 = await deployL2Registry(l2Ctx, { parentName });
        saveManifest(l2Ctx.manifestFile, l2Ctx.manifest);
        const l1 = await deployL1Resolver(l1Ctx, { parentName, targetChainId: l2.chainId, registry: l2.registry, gatewayUrls: [args.gatewayUrl], signers, ensRegistry });
        saveManifest(file, manifest);
        console.log(`\nL2 registry ${l2.registry} (chain ${l2.chainId}), L1 resolver ${l1.resolver}${l1.resolverSet ? "" : ` (set it as the resolver of ${parentName})`}`);
        console.log(`Manifests written to ${file} and ${l2Ctx.manifestFile}`);
      } finally {
        (l2Ctx.provider as import("ethers").JsonRpcProvider).destroy();
      }
    },
  );
