/** Default time an alias answer stays cached: aliases change rarely (a governance action). */
export const DEFAULT_ALIAS_CACHE_TTL_MS = 5 * 60_000;

interface Entry<T> {
  value: T;
  expires: number;
}

/**
 * A small TTL cache for alias registry answers (both directions), keyed by registry address
 * and chain id so that several deployments can share one cache. Negative answers are cached too.
 */
export class AliasCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  /**
   * @param ttlMs how long an answer is reused, in milliseconds (0 disables caching)
   * @param now clock, replaceable in tests
   */
  constructor(
    readonly ttlMs: number = DEFAULT_ALIAS_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value for `key`, or undefined when missing or expired. */
  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  /** Stores `value` under `key` for the cache's TTL. */
  set<T>(key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  /** Caches the result of `load` under `key`; concurrent misses each load (no stampede guard needed at this rate). */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.get<T>(key);
    if (hit !== undefined) return hit;
    const value = await load();
    this.set(key, value);
    return value;
  }

  /** Forgets every entry (e.g. after changing an alias). */
  clear(): void {
    this.entries.clear();
  }
}

/** The cache `resolveName` and `aliasFor` use unless given one. */
export const defaultAliasCache = new AliasCache();
