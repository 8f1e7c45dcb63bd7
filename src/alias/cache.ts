import { TtlCache } from "../shared/ttlCache";

/** Default time an alias answer stays cached: aliases change rarely (a governance action). */
export const DEFAULT_ALIAS_CACHE_TTL_MS = 5 * 60_000;

/**
 * A small TTL cache for alias registry answers (both directions), keyed by registry address
 * and chain id so that several deployments can share one cache. Negative answers are cached too.
 */
export class AliasCache extends TtlCache {
  /**
   * @param ttlMs how long an answer is reused, in milliseconds (0 disables caching)
   * @param now clock, replaceable in tests
   */
  constructor(ttlMs: number = DEFAULT_ALIAS_CACHE_TTL_MS, now: () => number = Date.now) {
    super(ttlMs, now);
  }
}

/** The cache `resolveName` and `aliasFor` use unless given one. */
export const defaultAliasCache = new AliasCache();
