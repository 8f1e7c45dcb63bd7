// dm3 L2 registry tasks: register a name, set its profile, run the CCIP-Read gateway.
// Thin: parse arguments, call src/ (imported lazily), print (JSON with --json). Errors: one line
// with the error code, exit code 1.
import { task, types } from "hardhat/config";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import { accountSigner, guarded, output, splitList } from "./util";

interface L2Args {
  rpc: string;
  registrar: string;
  registry: string;
  manifest: string;
  json: boolean;
}

/** Registry + registrar addresses and a signer on the L2 (from --rpc or the --network), from flags or the L2 manifest. */
async function l2Context(hre: HardhatRuntimeEnvironment, args: L2Args) {
  const { JsonRpcProvider, Wallet } = await import("ethers");
  const { readManifest } = await import("../deploy/manifest");
  const { DeployConfigError, ManifestNotFoundError } = await import("../deploy/errors");
  let registry = args.registry;
  let registrar = args.registrar;
  if ((!registry || !registrar) && args.manifest) {
    const manifest = readManifest(args.manifest);
    if (!manifest) throw new ManifestNotFoundError(`${args.manifest} does not exist`);
    const extra = manifest.extra.l2Registry as { registry?: string; registrar?: string } | undefined;
    registry ||= extra?.registry ?? "";
    registrar ||= extra?.registrar ?? "";
  }
  if (!registry) throw new DeployConfigError("no L2 registry: pass --registry or --manifest <L2 manifest>");
  let signer;
  let provider;
  if (args.rpc) {
    provider = new JsonRpcProvider(args.rpc, undefined, { staticNetwork: true, cacheTimeout: -1 });
    signer = process.env.DM3_L2_PRIVATE_KEY ? new Wallet(process.env.DM3_L2_PRIVATE_KEY, provider) : await provider.getSigner(0);
  } else {
    provider = hre.ethers.provider;
    signer = await accountSigner(hre, 0);
  }
  const { Dm3L2Registry__factory, Dm3FirstComeRegistrar__factory } = await import("../typechain-types");
  const reg = Dm3L2Registry__factory.connect(registry, signer);
  const chainId = (await provider.getNetwork()).chainId;
  return { reg, registrar: registrar ? Dm3FirstComeRegistrar__factory.connect(registrar, signer) : undefined, signer, chainId, provider };
}

/** The parameters every L2 task shares. */
function l2Params(t: ConfigurableTaskDefinition): ConfigurableTaskDefinition {
  return t
    .addOptionalParam("rpc", "L2 JSON-RPC URL (default: the --network); signer: DM3_L2_PRIVATE_KEY or the node's first account", "", types.string)
    .addOptionalParam("registry", "L2 registry address", "", types.string)
    .addOptionalParam("registrar", "L2 registrar address", "", types.string)
    .addOptionalParam("manifest", "L2 manifest to read addresses from (extra.l2Registry)", "", types.string)
    .addFlag("json", "Print JSON");
}

l2Params(
  task("dm3:l2:register", "Registers <label>.<parent> in the dm3 L2 registry (first come), with addr records for the owner")
    .addParam("label", "Label (a-z, 0-9, -; 3..63)", undefined, types.string)
    .addOptionalParam("owner", "Owner address (default: the signer); another owner signs its consent, so it must be an account of the node", "", types.string),
).setAction(async (args: L2Args & { label: string; owner: string }, hre) =>
  guarded(async () => {
    const { assertRegistrableLabel, registerName } = await import("../src/registry");
    const label = assertRegistrableLabel(args.label);
    const c = await l2Context(hre, args);
    if (!c.registrar) {
      const { DeployConfigError } = await import("../deploy/errors");
      throw new DeployConfigError("no L2 registrar: pass --registrar or --manifest");
    }
    const owner = args.owner ? await ownerSigner(c.provider, args.owner, await c.signer.getAddress()) : undefined;
    const r = await registerName(c.signer, { registrar: await c.registrar.getAddress(), label, owner });
    output(args.json, { name: r.name, node: r.node, owner: r.owner, txHash: r.txHash, gasUsed: r.gasUsed }, () => [`registered ${r.name} to ${r.owner} (tx ${r.txHash})`]);
  }),
);

l2Params(
  task("dm3:l2:set-profile", "Sets the network.dm3.profile record of <label>.<parent> on L2")
    .addParam("label", "Label", undefined, types.string)
    .addParam("record", "A data: URI, or the SignedUserProfile JSON (stored as data:application/json,<canonical JSON>)", undefined, types.string),
).setAction(async (args: L2Args & { label: string; record: string }, hre) =>
  guarded(async () => {
    const { profileRecordOf, setProfile } = await import("../src/profile/l2Profile");
    const record = await profileRecordOf(args.record); // checked before connecting: nothing is sent for a bad record
    const c = await l2Context(hre, args);
    const r = await setProfile(c.signer, { registry: await c.reg.getAddress(), label: args.label, profile: record });
    output(args.json, { node: r.node, bytes: r.bytes, txHash: r.txHash, gasUsed: r.gasUsed }, () => [`profile of ${args.label} set (${r.bytes} bytes, tx ${r.txHash})`]);
  }),
);

/**
 * The owner to register for: the sender's address as is, another address as the node's signer for it
 * (it signs its consent), or the bare address when the node holds no key for it (the SDK then
 * refuses with L2ConsentRequiredError).
 */
async function ownerSigner(provider: import("ethers").Provider, owner: string, sender: string) {
  const { JsonRpcProvider, getAddress } = await import("ethers");
  const address = getAddress(owner);
  if (address === getAddress(sender) || !(provider instanceof JsonRpcProvider)) return address;
  const accounts = ((await provider.send("eth_accounts", []).catch(() => [])) as string[]).map((a) => getAddress(a));
  return accounts.includes(address) ? provider.getSigner(address) : address;
}

task("dm3:gateway", "Runs the CCIP-Read gateway for a dm3 L2 registry (key from DM3_GATEWAY_PRIVATE_KEY, never a flag)")
  .addOptionalParam("rpc", "L2 JSON-RPC URL (default DM3_GATEWAY_L2_RPC_URL)", "", types.string)
  .addOptionalParam("registry", "L2 registry (default DM3_GATEWAY_L2_REGISTRY)", "", types.string)
  .addOptionalParam("resolvers", "Comma-separated L1 resolvers to serve (default DM3_GATEWAY_RESOLVERS)", "", types.string)
  .addOptionalParam("ttl", "Answer validity in seconds", 300, types.int)
  .addOptionalParam("host", "Interface to listen on", "127.0.0.1", types.string)
  .addOptionalParam("port", "Port (0 picks a free one)", 8787, types.int)
  .addOptionalParam("allowedOrigins", "Comma-separated browser origins that may call it (default none)", "", types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { rpc: string; registry: string; resolvers: string; ttl: number; host: string; port: number; allowedOrigins: string; json: boolean }) =>
    guarded(async () => {
      const { startGateway } = await import("../src/gateway/server");
      const gw = await startGateway({
        l2RpcUrl: args.rpc || undefined,
        registry: args.registry || undefined,
        resolvers: args.resolvers ? args.resolvers.split(",").map((s) => s.trim()) : undefined,
        ttlSeconds: args.ttl,
        host: args.host,
        port: args.port,
        allowedOrigins: splitList(args.allowedOrigins),
        log: args.json ? undefined : (l) => console.log(l),
      });
      output(args.json, { url: gw.url, urlTemplate: gw.urlTemplate, signer: gw.signer, chainId: gw.chainId, registry: gw.registry }, () => [`gateway ready: ${gw.urlTemplate} (signer ${gw.signer})`]);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await gw.close();
    }),
  );
