import { ZeroAddress, getAddress, type ContractRunner } from "ethers";
import { Dm3UniversalResolver__factory } from "../../typechain-types";
import { Dm3Error } from "../errors";
import { decodeDnsName, dnsEncode } from "../names/encode";
import { normalizeName } from "../names/normalize";
import { Dm3ResolutionError, NoResolverError, ResolverNotWildcardError } from "./errors";

/** Options of {@link resolveDm3Name}. */
export interface ResolveDm3NameOptions {
  /** Address of the `Dm3UniversalResolver` (it knows its alias registry and the ENS registry). */
  universalResolver: string;
}

/** What one dm3 name resolves to. */
export interface Dm3NameResolution {
  /** The canonical ENS name (normalized, alias rewritten), e.g. `dave.gnosis.dm3.eth`. */
  canonicalName: string;
  /** The normalized input in alias form (e.g. `dave.gno`), present only when an alias applied. */
  alias?: string;
  /** The input as given. */
  input: string;
  /** The `addr` (coin 60) record, checksummed; null when the name has none. */
  address: string | null;
  /** The raw `network.dm3.profile` text record; null when the name has none. */
  profileRecord: string | null;
  /** Namehash of the canonical name. */
  node: string;
  /** The resolver that answered (the name's own or an ENSIP-10 ancestor's). */
  resolver: string;
  /** True when the resolver was called through ENSIP-10 `resolve(name, data)` (wildcard or off-chain). */
  extended: boolean;
}

/**
 * Resolves a dm3 name in one contract call (`Dm3UniversalResolver.resolveDm3`): normalizes the
 * input (ENSIP-15; user input such as `DAVE.gno` is lowered), and the contract rewrites an
 * aliased top level, finds the resolver the ENSIP-10 way and reads `addr` and the dm3 profile
 * record. On-chain names cost one `eth_call`; names behind CCIP-Read cost two plus one gateway
 * request (the provider must be an ethers provider with CCIP-Read, e.g. `JsonRpcProvider` or
 * `BrowserProvider`; hardhat-ethers' provider has none).
 * @throws EmptyNameError, InvalidNameError (input cannot be normalized), NameTooLongError,
 *   NoResolverError, ResolverNotWildcardError, Dm3ResolutionError
 */
export async function resolveDm3Name(provider: ContractRunner, input: string, options: ResolveDm3NameOptions): Promise<Dm3NameResolution> {
  const normalized = normalizeName(input);
  const resolver = Dm3UniversalResolver__factory.connect(options.universalResolver, provider);
  let result: Awaited<ReturnType<typeof resolver.resolveDm3.staticCall>>;
  try {
    result = await resolver.resolveDm3.staticCall(dnsEncode(normalized), { enableCcipRead: true });
  } catch (e) {
    throw translate(e, normalized);
  }
  const canonicalName = decodeDnsName(result.name);
  return {
    canonicalName,
    ...(result.aliased ? { alias: normalized } : {}),
    input,
    address: result.addr === ZeroAddress ? null : getAddress(result.addr),
    profileRecord: result.profile === "" ? null : result.profile,
    node: result.node,
    resolver: getAddress(result.resolver),
    extended: result.extended,
  };
}

interface EthersCallError {
  code?: string;
  shortMessage?: string;
  message?: string;
  reason?: string;
  revert?: { name: string; args: readonly unknown[] };
}

function translate(e: unknown, name: string): Dm3Error {
  if (e instanceof Dm3Error) return e;
  const err = e as EthersCallError;
  const revert = err.revert;
  if (revert) {
    const canonical = () => {
      try {
        return decodeDnsName(String(revert.args[0]));
      } catch {
        return name;
      }
    };
    if (revert.name === "Dm3ResolverNotFound") return new NoResolverError(canonical());
    if (revert.name === "Dm3ResolverNotWildcard") return new ResolverNotWildcardError(canonical(), String(revert.args[1]));
    return new Dm3ResolutionError(name, revert.name, revert.args.map(String).join(", "), { cause: e });
  }
  return new Dm3ResolutionError(name, err.code ?? "UNKNOWN", err.shortMessage ?? err.message ?? String(e), { cause: e });
}
