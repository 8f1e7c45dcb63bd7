import type { ContractRunner } from "ethers";
import { Dm3AliasRegistry__factory } from "../../typechain-types";
import { dnsEncode } from "../names/encode";
import { assertNormalized, normalizeName } from "../names/normalize";
import { AliasCache, defaultAliasCache } from "./cache";
import { decodeDnsName } from "./dns";
import { AliasRegistryUnavailableError } from "./errors";

/** What the alias functions read through: any ethers runner with `call` (a Provider or a Signer with one). */
export type AliasReader = ContractRunner;

/** Options of {@link resolveName} and {@link aliasFor}. */
export interface AliasOptions {
  /** Address of the `Dm3AliasRegistry`. */
  aliasRegistry: string;
  /** Answer cache (TTL); default {@link defaultAliasCache} (5 minutes). Pass `new AliasCache(0)` to disable. */
  cache?: AliasCache;
}

/** A name with its alias applied. */
export interface ResolvedAliasName {
  /** The canonical ENS name (normalized; the alias top-level replaced by its parent). */
  name: string;
  /** The normalized input in its alias form (e.g. `dave.gno`), present only when an alias applied. */
  alias?: string;
  /** The input as given. */
  input: string;
}

/**
 * Normalizes `input` (ENSIP-15; what a user typed, so `DAVE.gno` is accepted and lowered) and
 * applies the top-level alias mapping of the registry: `dave.gno` → `dave.gnosis.dm3.eth`.
 * Alias answers are cached per registry and provider for the cache's TTL.
 * @throws EmptyNameError, InvalidNameError when the input cannot be normalized;
 *   NameNotNormalizedError when the registry's parent is not normalized;
 *   AliasRegistryUnavailableError when the registry cannot be read
 */
export async function resolveName(provider: AliasReader, input: string, options: AliasOptions): Promise<ResolvedAliasName> {
  const normalized = normalizeName(input);
  const labels = normalized.split(".");
  const topLevel = labels[labels.length - 1];
  const parent = await cached(provider, options, `parent:${topLevel}`, async () => {
    return Dm3AliasRegistry__factory.connect(options.aliasRegistry, provider).aliases(topLevel);
  });
  if (parent === "") return { name: normalized, input };
  assertNormalized(parent);
  return { name: [...labels.slice(0, -1), parent].join("."), alias: normalized, input };
}

/**
 * The alias form of a canonical ENS name, for display: `dave.gnosis.dm3.eth` → `dave.gno` when
 * `gno` stands for `gnosis.dm3.eth` (the closest mapped ancestor wins); `null` when no ancestor
 * of the name has an alias. The name must be normalized (it comes from the chain or from
 * {@link resolveName}). One `eth_call`, cached.
 * @throws NameNotNormalizedError (and the other name errors), AliasRegistryUnavailableError
 */
export async function aliasFor(provider: AliasReader, ensName: string, options: AliasOptions): Promise<string | null> {
  const encoded = dnsEncode(ensName);
  return cached(provider, options, `alias:${ensName}`, async () => {
    const [display, aliased] = await Dm3AliasRegistry__factory.connect(options.aliasRegistry, provider).aliasedName(encoded);
    return aliased ? decodeDnsName(display) : null;
  });
}

// Providers get a stable number so that cache keys never mix two chains behind one registry address.
const providerIds = new WeakMap<object, number>();
let nextProviderId = 1;

function providerKey(provider: AliasReader): number {
  let id = providerIds.get(provider);
  if (id === undefined) {
    id = nextProviderId++;
    providerIds.set(provider, id);
  }
  return id;
}

async function cached<T>(provider: AliasReader, options: AliasOptions, key: string, load: () => Promise<T>): Promise<T> {
  const cache = options.cache ?? defaultAliasCache;
  const fullKey = `${providerKey(provider)}|${options.aliasRegistry.toLowerCase()}|${key}`;
  return cache.getOrLoad(fullKey, async () => {
    try {
      return await load();
    } catch (e) {
      throw new AliasRegistryUnavailableError(options.aliasRegistry, { cause: e });
    }
  });
}
