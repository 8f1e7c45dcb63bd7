import { BrowserProvider, EnsPlugin, Eip1193Provider, JsonRpcProvider, Network } from "ethers";
import { ENS_REGISTRY_ADDRESS } from "./constants";

/**
 * An ethers Network for a chain that has an ENS registry at `ensAddress` (the canonical
 * address by default). Attaching the plugin is what lets ethers' own `getResolver`,
 * `resolveName` and `lookupAddress` work on a local chain id such as 31337.
 */
export function ensNetwork(chainId: bigint | number, ensAddress: string = ENS_REGISTRY_ADDRESS, name = "dm3kit"): Network {
  return new Network(name, chainId).attachPlugin(new EnsPlugin(ensAddress, Number(chainId)));
}

/** An ethers provider with ENS support over any EIP-1193 provider (e.g. `hre.network.provider`). */
export function ensBrowserProvider(eip1193: Eip1193Provider, chainId: bigint | number, ensAddress?: string): BrowserProvider {
  return new BrowserProvider(eip1193, ensNetwork(chainId, ensAddress));
}

/** An ethers JSON-RPC provider with ENS support and a fixed network (no chain-id polling). */
export function ensJsonRpcProvider(url: string, chainId: bigint | number, ensAddress?: string): JsonRpcProvider {
  const network = ensNetwork(chainId, ensAddress);
  return new JsonRpcProvider(url, network, { staticNetwork: network });
}
