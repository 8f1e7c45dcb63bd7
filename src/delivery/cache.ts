/**
 * A bounded TTL cache for lookups a server repeats (names, profiles, chain reads): concurrent
 * misses of one key share a single load, failures are not cached unless `load` returns them
 * as values, and the oldest entries are dropped past `maxEntries`.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The live value for `key`, if any. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Keeps `value` for `ttlMs` (0 or less: not kept). */
  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The cached value, or the result of `load` kept for `ttl(value)` ms. */
  async getOrLoad(key: string, load: () => Promise<V>, ttl: (value: V) => number): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    this.misses++;
    const p = load().then(
      (value) => {
        this.set(key, value, ttl(value));
        return value;
      },
    ).finally(() => this.loading.delete(key));
    this.loading.set(key, p);
    return p;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
