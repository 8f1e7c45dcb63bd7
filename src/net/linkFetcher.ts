// Node's linked-record fetcher (browser bundles get ./linkFetcher.browser.ts, see package.json
// "browser"). It resolves the host itself, refuses it unless every address is allowed, and hands
// the checked addresses to the socket through `lookup`, so the connection goes to exactly what
// was checked and a second DNS answer (rebinding) never comes into play.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { ipLiteral, mayConnect } from "./addresses";
import type { Fetcher, HostResolver, LinkRequestInit, LinkResponse } from "./fetcherTypes";

/** Options of {@link createLinkFetcher}. */
export interface LinkFetcherOptions {
  /** Certificate authorities trusted for https instead of Node's bundled list (private PKI, tests). */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** The system resolver: every address of `hostname`, as getaddrinfo returns them. */
export const systemResolver: HostResolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A {@link Fetcher} over node:http/https: one request, no redirects followed, address-checked. */
export function createLinkFetcher(options: LinkFetcherOptions = {}): Fetcher {
  return (url, init) => request(new URL(url), init, options);
}

/** The default fetcher of Node builds. */
export const defaultLinkFetcher: Fetcher = createLinkFetcher();

/**
 * Refusal of a host, an address or a response this fetcher cannot decode. Never seen by callers:
 * fetchBytes reports it like every other connection failure (LinkUnreachableError "network").
 */
class RequestRefused extends Error {}

function request(url: URL, init: LinkRequestInit, options: LinkFetcherOptions): Promise<LinkResponse> {
  const secure = url.protocol === "https:";
  if (!secure && url.protocol !== "http:") return Promise.reject(new RequestRefused());
  const port = Number(url.port || (secure ? 443 : 80));
  const literal = ipLiteral(url.hostname);
  // Node skips `lookup` for IP literals, so they are checked here.
  if (literal !== null && !mayConnect(literal, port, init.allowPrivateNetwork)) return Promise.reject(new RequestRefused());
  const resolve = init.resolveHost ?? systemResolver;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = found.filter((a) => !lookupOptions.family || a.family === lookupOptions.family);
        if (found.length === 0 || wanted.length === 0 || found.some((a) => !mayConnect(a.address, port, init.allowPrivateNetwork))) {
          callback(new RequestRefused(), "", 0);
        } else if (lookupOptions.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      () => callback(new RequestRefused(), "", 0),
    );
  };
  return new Promise<LinkResponse>((resolveResponse, reject) => {
    const req = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: literal ?? url.hostname,
      port,
      path: url.pathname + url.search,
      method: init.method,
      headers: init.headers,
      signal: init.signal,
      lookup,
      agent: false, // a fresh socket per request: never one a pool opened without these checks
      ...(secure && options.ca !== undefined ? { ca: options.ca } : {}),
    });
    req.on("error", reject);
    req.on("response", (res) => {
      res.on("error", () => undefined); // surfaces through the body's reader instead
      let body: Readable = res;
      const encoding = (res.headers["content-encoding"] ?? "identity").trim().toLowerCase();
      if (encoding !== "identity") {
        const decoder = decoderFor(encoding);
        if (!decoder) {
          res.destroy();
          reject(new RequestRefused());
          return;
        }
        // Decoded lazily as the caller reads; the caller stops reading (and destroys the
        // pipeline) as soon as the decoded size passes its limit.
        body = pipeline(res, decoder, () => undefined);
      }
      resolveResponse({ status: res.statusCode ?? 0, headers: { get: (name) => header(res, name) }, body });
    });
    req.end();
  });
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  if (encoding === "gzip" || encoding === "x-gzip") return zlib.createGunzip();
  if (encoding === "deflate") return zlib.createInflate();
  if (encoding === "br") return zlib.createBrotliDecompress();
  return null;
}

function header(res: http.IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
