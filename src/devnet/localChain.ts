import { LocalChainIdError } from "./errors";
import type { CorsOptions } from "../http/cors";
import { serveJsonRpc } from "./jsonRpcServer";
import type { EIP1193Provider, HardhatConfig, HardhatRuntimeEnvironment, HardhatNetworkConfig } from "hardhat/types";

/** Options of {@link startLocalChain}. */
export interface LocalChainOptions extends CorsOptions {
  /** Chain id of the new chain; must differ from the in-process network's (e.g. 31338, or 10 to mimic Optimism). */
  chainId: number;
  /** Interface the JSON-RPC server listens on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
}

/** A second, independent Hardhat (EDR) chain served over JSON-RPC. */
export interface LocalChain {
  /** `http://host:port` of its JSON-RPC server. */
  url: string;
  chainId: number;
  /** The chain's own EIP-1193 provider (in-process; same accounts as Hardhat's network). */
  provider: EIP1193Provider;
  /** Stops the JSON-RPC server. The in-process chain is dropped with its last reference. */
  close(): Promise<void>;
}

/**
 * Starts a second chain in this process: a fresh Hardhat network (own EDR instance, own state,
 * own chain id, the same default accounts and hardfork as `hre`'s `hardhat` network, no fork)
 * built by Hardhat's own `createProvider`, and serves it with Hardhat's `JsonRpcServer` on
 * 127.0.0.1. Two independent chains, as on real networks: nothing is shared with `hre.network`.
 * @throws LocalChainIdError for an invalid chain id or the in-process network's
 */
export async function startLocalChain(hre: HardhatRuntimeEnvironment, opts: LocalChainOptions): Promise<LocalChain> {
  const base = hre.config.networks.hardhat as HardhatNetworkConfig;
  if (!Number.isInteger(opts.chainId) || opts.chainId <= 0) throw new LocalChainIdError(opts.chainId, "not a positive integer");
  if (opts.chainId === base.chainId) throw new LocalChainIdError(opts.chainId, "it is the in-process network's; pick another for the second chain");
  const network: HardhatNetworkConfig = { ...base, chainId: opts.chainId, forking: undefined, loggingEnabled: false };
  const config: HardhatConfig = { ...hre.config, networks: { ...hre.config.networks, hardhat: network } };

  const { createProvider } = await import("hardhat/internal/core/providers/construction");
  const provider = await createProvider(config, "hardhat", hre.artifacts);
  const actual = Number(await provider.request({ method: "eth_chainId" }));
  if (actual !== opts.chainId) throw new LocalChainIdError(opts.chainId, `the second chain reports ${actual} instead`);

  const served = await serveJsonRpc(provider, opts.host, opts.port, { allowedOrigins: opts.allowedOrigins });
  return { url: served.url, chainId: opts.chainId, provider, close: served.close };
}
