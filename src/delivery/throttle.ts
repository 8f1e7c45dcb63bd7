import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { RateLimiter, clientKey, rateLimitOptions, type RateLimitOptions, type TrustProxy } from "../http/rateLimit";
import { RateLimitConfigError } from "../http/errors";
import { RateLimitedError } from "./errors";

export { DEFAULT_RATE_LIMIT, type RateLimitOptions, type TrustProxy } from "../http/rateLimit";
export { RateLimitConfigError } from "../http/errors";

/**
 * A service's `rateLimit` option: the settings (missing ones take {@link DEFAULT_RATE_LIMIT}'s;
 * `now` is the clock in ms, for tests), or `false` for no limit.
 */
export type RateLimitSetting = (Partial<RateLimitOptions> & { now?: () => number }) | false;

/**
 * A rate limit given as text (a command-line flag): `perSecond:burst` (`20:200`), or `off`.
 * @throws RateLimitConfigError
 */
export function parseRateLimit(text: string): RateLimitSetting {
  if (text.trim().toLowerCase() === "off") return false;
  const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RateLimitConfigError(`rate limit "${text.slice(0, 40)}" is not perSecond:burst (e.g. 20:200) or off`);
  const setting = { perSecond: Number(m[1]), burst: Number(m[2]) };
  rateLimitOptions(setting); // checks the range
  return setting;
}

/** The per-client rate limit of a service's public routes and socket events. */
export class ClientThrottle {
  private readonly limiter?: RateLimiter;

  /** @throws RateLimitConfigError */
  constructor(
    setting: RateLimitSetting | undefined,
    private readonly trustProxy: TrustProxy = false,
  ) {
    if (setting === false) return;
    const { now, ...options } = setting ?? {};
    this.limiter = new RateLimiter(options, now);
  }

  /** The client an HTTP request (or a socket's handshake request) counts against. */
  clientOf(req: IncomingMessage): string {
    return clientKey(req.socket.remoteAddress, req.headers["x-forwarded-for"], this.trustProxy);
  }

  /** Counts one request of `client`. @throws RateLimitedError when it is over its limit */
  check(client: string): void {
    const wait = this.limiter?.take(client) ?? 0;
    if (wait > 0) throw new RateLimitedError(wait);
  }

  /** express middleware for a limited route: counts the request, or fails it with {@link RateLimitedError}. */
  readonly middleware = (req: Request, _res: Response, next: NextFunction): void => {
    this.check(this.clientOf(req));
    next();
  };
}
