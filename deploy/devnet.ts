import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TASK_NODE_CREATE_SERVER } from "hardhat/builtin-tasks/task-names";
import { createDeployContext } from "./context";
import { Deployment, deployAll } from "./index";
import { Manifest, emptyManifest, saveManifest } from "./manifest";
import { ensureName } from "./names";

/** The demo names of the devnet and the default account (index) that owns each. Parents first. */
export const DEVNET_NAMES: ReadonlyArray<{ name: string; account: number }> = [
  { name: "dm3.eth", account: 1 },
  { name: "alice.eth", account: 2 },
  { name: "bob.eth", account: 3 },
  { name: "ds.dm3.eth", account: 4 },
];

export interface DevnetOptions {
  host: string;
  port: number;
  manifestFile: string;
  log: (line: string) => void;
}

export interface Devnet {
  rpcUrl: string;
  manifest: Manifest;
  deployment: Deployment;
  close(): Promise<void>;
}

interface JsonRpcServer {
  listen(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Starts the local ENS devnet on Hardhat's in-process chain: a JSON-RPC server on host:port,
 * the genuine ENS contracts (registry at the canonical address unless forking), every dm3kit
 * contract and the demo names. Resolves once everything is deployed and the manifest written.
 */
export async function startDevnet(hre: HardhatRuntimeEnvironment, opts: DevnetOptions): Promise<Devnet> {
  if (hre.network.name !== "hardhat") {
    throw new Error(`dm3:devnet runs its own chain; drop --network ${hre.network.name}`);
  }
  const server = (await hre.run(TASK_NODE_CREATE_SERVER, {
    hostname: opts.host,
    port: opts.port,
    provider: hre.network.provider,
  })) as JsonRpcServer;
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  opts.log(`JSON-RPC listening on ${rpcUrl}`);

  try {
    const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
    const manifest = emptyManifest("devnet", chainId);
    manifest.rpcUrl = rpcUrl;
    const forking = (hre.network.config as { forking?: { url: string; blockNumber?: number } }).forking;
    if (forking?.url) {
      const { redactUrl } = await import("../src/net/rpc");
      manifest.fork = { url: redactUrl(forking.url), blockNumber: forking.blockNumber };
    }
    const ctx = await createDeployContext(hre, manifest, opts.manifestFile, opts.log);
    const deployment = await deployAll(ctx);
    opts.log("Demo names");
    for (const { name, account } of DEVNET_NAMES) {
      await ensureName(ctx, deployment.ens, { name, owner: ctx.accounts[account] });
    }
    saveManifest(opts.manifestFile, manifest);
    return { rpcUrl, manifest, deployment, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/** A readable multi-line summary of a devnet manifest. */
export function formatSummary(manifest: Manifest, manifestFile: string): string {
  const lines = [
    "",
    "dm3kit devnet is ready",
    `  RPC URL   ${manifest.rpcUrl}`,
    `  chain id  ${manifest.chainId}`,
    ...(manifest.fork ? [`  fork of   ${manifest.fork.url}${manifest.fork.blockNumber ? ` @ ${manifest.fork.blockNumber}` : ""}`] : []),
    `  manifest  ${manifestFile}`,
    "",
    "Contracts",
    ...Object.entries(manifest.contracts).map(([key, c]) => `  ${key.padEnd(20)} ${c.address}  ${c.contract}${c.external ? " (existing)" : ""}`),
    "",
    "Names (owner = Hardhat's default test account #n; its private key is public, test use only)",
    ...Object.entries(manifest.names).map(
      ([name, n]) => `  ${name.padEnd(20)} ${n.owner}${n.ownerAccountIndex !== undefined ? `  account #${n.ownerAccountIndex}` : ""}`,
    ),
    "",
    "Press Ctrl+C to stop.",
  ];
  return lines.join("\n");
}
