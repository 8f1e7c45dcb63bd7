import { isError, type AbstractProvider } from "ethers";
import { L2GatewayUnavailableError } from "./errors";

/**
 * Reads text record `key` of `name` through the provider's own ENS + CCIP-Read machinery (for
 * names served by a `Dm3L1Resolver`). Returns null when the name has no resolver or no record;
 * a failing or unreachable gateway becomes an `L2GatewayUnavailableError` instead of ethers'
 * generic `OFFCHAIN_FAULT`.
 */
export async function readL2Text(provider: AbstractProvider, name: string, key: string): Promise<string | null> {
  const resolver = await provider.getResolver(name);
  if (!resolver) return null;
  try {
    return await resolver.getText(key);
  } catch (e) {
    if (isError(e, "OFFCHAIN_FAULT")) throw new L2GatewayUnavailableError(name, (e as { shortMessage?: string }).shortMessage ?? "CCIP-Read failed", { cause: e });
    throw e;
  }
}
