import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { CorsConfigError } from "./errors";

// One CORS policy for every dm3kit server (L1 JSON-RPC, gateway, delivery service, billboard
// service): browsers on the listed origins may call it, requests from any other browser origin are
// refused before they reach the handler, requests without an `Origin` header (Node, curl, other
// servers) pass as before. The default list is empty: no browser origin at all.
//
// Refusing, rather than only leaving out the CORS headers, matters for the devnet's JSON-RPC
// server: its accounts are unlocked, and a page on any site could otherwise send it a
// "simple" cross-origin POST (text/plain, no preflight) that signs a transaction.

/** Options every server takes. */
export interface CorsOptions {
  /** Browser origins (`http://127.0.0.1:8550`) allowed to call the server. Default: none. */
  allowedOrigins?: readonly string[];
}

/**
 * Response headers a page on an allowed origin may read besides the CORS-safelisted ones:
 * `Retry-After` of a rate-limited answer (HTTP 429), so a browser client can wait as told.
 */
export const EXPOSED_HEADERS = "Retry-After";

/** JSON body of a refusal (HTTP 403). */
export const ORIGIN_REFUSED_BODY = { code: "HTTP_ORIGIN_REFUSED", message: "this origin may not call this server" } as const;

/**
 * Validates and normalizes an allowed-origins list: each entry must be a bare origin
 * (`http(s)://host[:port]`, no path, query or credentials), compared as the browser sends it.
 * @throws CorsConfigError
 */
export function normalizeOrigins(origins: readonly string[] = []): string[] {
  return origins.map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new CorsConfigError(`allowed origin "${origin}" is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new CorsConfigError(`allowed origin "${origin}" is not http(s)`);
    if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
      throw new CorsConfigError(`allowed origin "${origin}" must be scheme://host[:port] only`);
    }
    return url.origin;
  });
}

/** The decision for one request. */
export type OriginVerdict =
  /** No `Origin` header: not a cross-origin browser request. */
  | "no-origin"
  | "allowed"
  | "refused";

/** An allowed-origins policy. */
export class OriginPolicy {
  private readonly origins: ReadonlySet<string>;

  /** @throws CorsConfigError for an entry that is not an origin */
  constructor(allowedOrigins: readonly string[] = []) {
    this.origins = new Set(normalizeOrigins(allowedOrigins));
  }

  /** The allowed origins, normalized. */
  get allowed(): string[] {
    return [...this.origins];
  }

  /** The verdict for a request's `Origin` header value. */
  check(origin: string | string[] | undefined): OriginVerdict {
    if (origin === undefined) return "no-origin";
    return typeof origin === "string" && this.origins.has(origin) ? "allowed" : "refused";
  }

  /**
   * Applies the policy to a raw Node request: sets the CORS headers for an allowed origin
   * (its own name, and {@link EXPOSED_HEADERS} readable by the page),
   * answers a preflight (`OPTIONS`) itself, refuses a foreign origin with 403.
   * @returns true when the request is answered here (preflight or refusal), false when the
   *   caller's handler should serve it
   */
  handle(req: IncomingMessage, res: ServerResponse, methods = "GET, POST, OPTIONS"): boolean {
    const origin = req.headers.origin;
    const verdict = this.check(origin);
    res.setHeader("Vary", "Origin");
    if (verdict === "refused") {
      res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify(ORIGIN_REFUSED_BODY));
      return true;
    }
    if (verdict === "allowed") {
      res.setHeader("Access-Control-Allow-Origin", origin as string);
      res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": methods,
          "Access-Control-Allow-Headers": "Content-Type, Authorization",
          "Access-Control-Max-Age": "600",
        });
        res.end();
        return true;
      }
    }
    return false;
  }

  /** The same as express middleware (before the routes and the body parser). */
  middleware(methods?: string): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!this.handle(req, res, methods)) next();
    };
  }
}
