import { isIP } from "node:net";
import { RateLimitConfigError } from "./errors";

// A token bucket per client, in memory, per server instance: each client may send `burst`
// requests at once and `perSecond` on average. Memory is bounded: at most `maxClients` buckets
// are kept, the least recently seen client is forgotten first (it then starts with a full
// bucket, which only ever favours that client).

/** Settings of a {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Requests per second a client may send on average (the refill rate). */
  perSecond: number;
  /** Requests a client may send at once after a pause (the bucket size, at least 1). */
  burst: number;
  /** Most clients tracked at once; beyond it the least recently seen one is forgotten. */
  maxClients: number;
}

/**
 * The servers' default: generous for one busy client (or a few behind one NAT address), still a
 * stop for a single flooding client. About 8 MB at `maxClients`.
 */
export const DEFAULT_RATE_LIMIT: Readonly<RateLimitOptions> = { perSecond: 20, burst: 200, maxClients: 50_000 };

/**
 * Complete rate-limit settings: `options` over {@link DEFAULT_RATE_LIMIT}, checked.
 * @throws RateLimitConfigError for a non-positive rate, a burst below 1 or a client cap below 1
 */
export function rateLimitOptions(options: Partial<RateLimitOptions> = {}): Readonly<RateLimitOptions> {
  const o = { ...DEFAULT_RATE_LIMIT, ...options };
  if (!(Number.isFinite(o.perSecond) && o.perSecond > 0)) throw new RateLimitConfigError(`rate limit perSecond must be a positive number, got ${o.perSecond}`);
  if (!(Number.isFinite(o.burst) && o.burst >= 1)) throw new RateLimitConfigError(`rate limit burst must be a number >= 1, got ${o.burst}`);
  if (!(Number.isSafeInteger(o.maxClients) && o.maxClients >= 1)) throw new RateLimitConfigError(`rate limit maxClients must be an integer >= 1, got ${o.maxClients}`);
  return Object.freeze(o);
}

/**
 * Whose address a request is from: `false` (the default) takes the TCP peer and ignores
 * `X-Forwarded-For`, which any client can send; `true` trusts one reverse proxy in front (the
 * last entry of `X-Forwarded-For` is the address it saw), a number N trusts a chain of N proxies
 * (the Nth entry from the end).
 */
export type TrustProxy = boolean | number;

interface Bucket {
  tokens: number;
  at: number;
}

/** Per-client token buckets. */
export class RateLimiter {
  readonly options: Readonly<RateLimitOptions>;
  // A Map iterates in insertion order: re-inserting on each request keeps it least recently seen first.
  private readonly buckets = new Map<string, Bucket>();

  /**
   * @param now the clock in ms (tests pass their own)
   * @throws RateLimitConfigError for a non-positive rate, a burst below 1 or a client cap below 1
   */
  constructor(
    options: Partial<RateLimitOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = rateLimitOptions(options);
  }

  /** Clients tracked now (at most `maxClients`). */
  get clients(): number {
    return this.buckets.size;
  }

  /**
   * Takes one request from `client`'s bucket.
   * @returns 0 when the request may proceed, else the milliseconds until the client may retry
   */
  take(client: string): number {
    const { perSecond, burst, maxClients } = this.options;
    const now = this.now();
    const old = this.buckets.get(client);
    let tokens = burst;
    if (old) {
      tokens = Math.min(burst, old.tokens + (Math.max(0, now - old.at) / 1000) * perSecond);
      this.buckets.delete(client);
    }
    const allowed = tokens >= 1;
    this.buckets.set(client, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.buckets.size > maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    // (less a float rounding step, so that 0.998 tokens at 2/s say 1 ms, not 2)
    return allowed ? 0 : Math.max(1, Math.ceil(((1 - tokens) * 1000) / perSecond - 1e-6));
  }
}

/**
 * The client a request counts against: its address (from `X-Forwarded-For` only as far as
 * `trustProxy` says), an IPv4-mapped IPv6 address as IPv4, and an IPv6 address as its /64 (what
 * one subscriber usually gets).
 */
export function clientKey(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: TrustProxy = false): string {
  let address = remoteAddress ?? "unknown";
  const hops = trustProxy === true ? 1 : trustProxy === false ? 0 : Math.max(0, Math.floor(trustProxy));
  if (hops > 0 && forwardedFor !== undefined) {
    const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const entry = entries[Math.max(0, entries.length - hops)];
    if (entry !== undefined && isIP(entry) !== 0) address = entry;
  }
  return addressKey(address);
}

function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  const bare = address.split("%")[0]; // no zone index
  if (isIP(bare) !== 6) return address;
  const groups = (part: string) => (part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])));
  const [head, tail] = bare.split("::");
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
