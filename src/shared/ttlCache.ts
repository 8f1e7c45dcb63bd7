interface Entry<T> {
  value: T;
  expires: number;
}

/**
 * A small in-memory TTL cache with a size bound (the oldest entry goes first when full). Only
 * successful loads are stored; concurrent misses of one key share a single load.
 */
export class TtlCache<T = unknown> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();

  /**
   * @param ttlMs how long an answer is reused, in milliseconds (0 disables caching)
   * @param now clock, replaceable in tests
   * @param maxEntries most entries kept
   */
  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    readonly maxEntries: number = 10_000,
  ) {}

  /** The cached value for `key`, or undefined when missing or expired. */
  get<V extends T = T>(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as V;
  }

  /** Stores `value` under `key` for `ttlMs` (default: the cache's TTL; `Infinity` keeps it until evicted). */
  set<V extends T>(key: string, value: V, ttlMs: number = this.ttlMs): void {
    if (ttlMs <= 0 || this.maxEntries <= 0) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
  }

  /**
   * The cached value of `key`, else the result of `load`, kept for `ttl(value)` ms (default: the
   * cache's TTL) unless it throws; one load per key at a time.
   */
  async getOrLoad<V extends T>(key: string, load: () => Promise<V>, ttl?: (value: V) => number): Promise<V> {
    const hit = this.get<V>(key);
    if (hit !== undefined) return hit;
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<V>;
    const promise = load().then((value) => {
      this.set(key, value, ttl ? ttl(value) : this.ttlMs);
      return value;
    });
    this.loading.set(key, promise);
    try {
      return await promise;
    } finally {
      this.loading.delete(key);
    }
  }

  /** Number of entries held (expired ones included until read). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
