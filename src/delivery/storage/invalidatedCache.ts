/**
 * A read cache that is only as fresh as its invalidations: no TTL, an entry lives until
 * {@link invalidate} names its key (a write here, or another instance's write announced over
 * LISTEN/NOTIFY) or {@link reset} drops everything (the notification connection was lost, so
 * writes may have been missed). While {@link enabled} is false nothing is cached.
 *
 * A load that was running while an invalidation arrived is returned to its caller but not
 * cached (it may have read the row before the write), so a stale value never outlives the
 * invalidation that announced the write. Concurrent misses of one key share one load.
 * Cached values are frozen: callers share them.
 */
export class InvalidatedCache<T> {
  private readonly entries = new Map<string, { value: T }>();
  private readonly loading = new Map<string, { generation: number; promise: Promise<T> }>();
  /** Bumped by every invalidation and reset: a load may be cached only if it did not change. */
  private generation = 0;
  private on = false;

  constructor(private readonly maxEntries: number) {}

  /** Whether values are cached (off while invalidations cannot be received). */
  get enabled(): boolean {
    return this.on;
  }

  /** Drops every entry and turns caching on or off. */
  reset(enabled: boolean): void {
    this.generation++;
    this.entries.clear();
    this.on = enabled && this.maxEntries > 0;
  }

  invalidate(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  /** The cached value of `key`, else `load()`'s (cached when nothing was invalidated meanwhile). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.on) return load();
    const hit = this.entries.get(key);
    if (hit) return Promise.resolve(hit.value);
    const running = this.loading.get(key);
    if (running && running.generation === this.generation) return running.promise;
    const generation = this.generation;
    const promise = load().then(
      (value) => {
        if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
        if (this.on && generation === this.generation) this.store(key, deepFreeze(value));
        return value;
      },
      (e: unknown) => {
        if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
        throw e;
      },
    );
    this.loading.set(key, { generation, promise });
    return promise;
  }

  private store(key: string, value: T): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
