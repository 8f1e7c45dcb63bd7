import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import { HDNodeWallet, computeAddress, getAddress } from "ethers";
import { buildExplorer, type ExplorerBuild } from "../explorer/build";
import { serveExplorer } from "../src/devnet/explorer";
import type { Manifest } from "./manifest";

/** A demo account handed to the explorer page: one of Hardhat's default accounts (public keys, test only). */
export interface DemoAccount {
  index: number;
  address: string;
  privateKey: string;
  names: string[];
}

/** The running explorer of the devnet. */
export interface DevnetExplorer {
  url: string;
  origin: string;
  /** Origins the devnet's other servers allow: the page's, and its `localhost` spelling on 127.0.0.1. */
  allowedOrigins: string[];
  build: ExplorerBuild;
  close(): Promise<void>;
}

/** Options of {@link startDevnetExplorer}. */
export interface DevnetExplorerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  log: (line: string) => void;
  /** The page's configuration (undefined while the devnet starts: the page waits). */
  config: () => unknown;
}

/**
 * Builds the explorer page when a source changed since the last build (about a second), and
 * serves it with its configuration. Started before the devnet's other servers, so that they
 * can allow its origin.
 */
export async function startDevnetExplorer(opts: DevnetExplorerOptions): Promise<DevnetExplorer> {
  const build = await buildExplorer();
  const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  opts.log(`Explorer page ${build.built ? `built in ${build.ms} ms` : "up to date"} (script ${kB(build.scriptBytes)}, ${kB(build.scriptGzipBytes)} gzip)`);
  const server = await serveExplorer({ root: build.dir, config: opts.config, host: opts.host, port: opts.port });
  const url = new URL(server.origin);
  const allowedOrigins = [server.origin];
  if (url.hostname === "127.0.0.1") allowedOrigins.push(`http://localhost:${url.port}`);
  return { url: server.url, origin: server.origin, allowedOrigins, build, close: server.close };
}

/**
 * The private keys of the accounts that own the manifest's names, derived from the network's
 * account configuration (Hardhat's public test mnemonic by default). Accounts whose derived
 * address is not the manifest's owner are left out.
 */
export function demoAccounts(hre: HardhatRuntimeEnvironment, manifest: Manifest): DemoAccount[] {
  const owned = new Map<number, { address: string; names: string[] }>();
  for (const [name, entry] of Object.entries(manifest.names)) {
    if (entry.ownerAccountIndex === undefined || entry.ownerAccountIndex < 0) continue;
    const account = owned.get(entry.ownerAccountIndex) ?? { address: getAddress(entry.owner), names: [] };
    account.names.push(name);
    owned.set(entry.ownerAccountIndex, account);
  }
  const keyOf = accountKeys(hre.config.networks.hardhat as HardhatNetworkConfig);
  const out: DemoAccount[] = [];
  for (const [index, { address, names }] of [...owned].sort((a, b) => a[0] - b[0])) {
    const privateKey = keyOf(index);
    if (privateKey && computeAddress(privateKey) === address) out.push({ index, address, privateKey, names });
  }
  return out;
}

function accountKeys(config: HardhatNetworkConfig): (index: number) => string | undefined {
  const accounts = config.accounts;
  if (Array.isArray(accounts)) return (i) => accounts[i]?.privateKey;
  const root = HDNodeWallet.fromPhrase(accounts.mnemonic, accounts.passphrase, accounts.path);
  return (i) => root.deriveChild(accounts.initialIndex + i).privateKey;
}
