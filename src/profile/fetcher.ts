import { Dm3Error } from "../errors";
import { ipLiteral, isLoopbackName, mayConnect, type PrivateNetworkAllowance } from "../net/addresses";
import type { Fetcher, HostResolver, LinkRequestInit, LinkResponse } from "../net/fetcherTypes";
// Node builds get the fetcher that resolves each host itself and connects only to checked
// addresses (node:dns/http/https/zlib). Browser bundles get src/net/linkFetcher.browser.ts
// instead, through the "browser" field of package.json (esbuild, webpack and Vite honour it),
// so the core never pulls a Node built-in into a browser bundle.
import { defaultLinkFetcher } from "../net/linkFetcher";
import { LinkUnreachableError, MalformedRecordError } from "./errors";

export type { PrivateNetworkAllowance } from "../net/addresses";
export type { Fetcher, HostResolver, LinkRequestInit, LinkResponse, ResolvedAddress } from "../net/fetcherTypes";

/** How linked records are fetched. */
export interface FetchOptions {
  /** Replaces the default fetcher (see {@link Fetcher}). */
  fetch?: Fetcher;
  /** Whole fetch, all redirects and the body included, default 10 000 ms. */
  timeoutMs?: number;
  /** Largest accepted (decoded) body, default 1 MiB (a profile is a few hundred bytes). */
  maxBytes?: number;
  /** Accept plain `http:` links and redirects (default: `https:` only). */
  allowInsecure?: boolean;
  /**
   * Connect to loopback, private, link-local and other non-public addresses: `true` for all
   * (devnet, tests), a predicate for one exception. Default `false`: a delivery service that
   * reads every sender's profile must not be a way into its own network.
   */
  allowPrivateNetwork?: PrivateNetworkAllowance;
  /** Redirects followed, each re-checked, default 5. */
  maxRedirects?: number;
  /** Replaces the system resolver of the default fetcher (tests, custom DNS). */
  resolveHost?: HostResolver;
}

/** Default timeout of one linked-record fetch. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** Default size limit of a linked record. */
export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;
/** Default number of redirects a linked-record fetch follows. */
export const DEFAULT_MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NETWORK_FAILURE = "unreachable (connection failed, or the host's address is not public)";

/**
 * GETs `url` and returns the body bytes. Every hop (the URL and each redirect) must be `https:`
 * (or `http:` with `allowInsecure`) and, with the default fetcher, resolve only to public
 * addresses (unless `allowPrivateNetwork`); the body is refused on `Content-Length` before
 * reading and while streaming as soon as it passes `maxBytes`; one time limit covers it all.
 * Errors never carry response text, and every network failure (refused port, reset, DNS,
 * TLS, non-public address) reads the same.
 * @param shown how to name the URL in errors (no credentials, no secrets)
 * @throws LinkUnreachableError (`reason`: forbidden, timeout, network, status, redirect);
 *   MalformedRecordError when the body is over `maxBytes`
 */
export async function fetchBytes(url: string, shown: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const fetcher = options.fetch ?? defaultLinkFetcher;
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const signal = AbortSignal.timeout(timeoutMs);
  const init: LinkRequestInit = {
    method: "GET",
    signal,
    redirect: "manual",
    headers: { accept: "application/json, */*;q=0.1", "accept-encoding": "identity" },
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
  };
  const failed = (e: unknown): Dm3Error => {
    if (e instanceof Dm3Error) return e;
    if (signal.aborted) return new LinkUnreachableError(shown, "timeout", `no answer within ${timeoutMs} ms`);
    return new LinkUnreachableError(shown, "network", NETWORK_FAILURE);
  };

  let current = url;
  for (let redirects = 0; ; redirects++) {
    checkHop(current, shown, options, redirects > 0);
    let res: LinkResponse;
    try {
      res = await abortable(fetcher(current, init), signal);
    } catch (e) {
      throw failed(e);
    }
    if (REDIRECT_STATUSES.has(res.status)) {
      discard(res.body);
      if (redirects >= maxRedirects) throw new LinkUnreachableError(shown, "redirect", `more than ${maxRedirects} redirects`);
      current = nextHop(current, res.headers.get("location"), shown);
      continue;
    }
    if (res.status < 200 || res.status > 299) {
      discard(res.body);
      throw new LinkUnreachableError(shown, "status", `HTTP ${res.status}`);
    }
    const declared = res.headers.get("content-length");
    if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
      discard(res.body);
      throw tooLarge(shown, `declares ${declared.trim()} bytes, more`, maxBytes);
    }
    try {
      return await readCapped(res.body, maxBytes, shown, signal);
    } catch (e) {
      throw failed(e);
    }
  }
}

/**
 * Refuses a hop from its URL alone: scheme, an IP literal or `localhost` that is not allowed.
 * A redirect's target came from the response, so its message names none of it.
 */
function checkHop(url: string, shown: string, options: FetchOptions, redirected: boolean): void {
  const refuse = (own: string, viaRedirect: string) => new LinkUnreachableError(shown, "forbidden", redirected ? viaRedirect : own);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse("not a URL", "a redirect to an unparseable Location");
  }
  if (parsed.protocol === "http:" && !options.allowInsecure) {
    throw refuse("plain http is refused (allowInsecure accepts it)", "a redirect leads to plain http (allowInsecure accepts it)");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw refuse(`a ${parsed.protocol} URL cannot be fetched`, "a redirect leads to a URL that is neither https nor http");
  }
  const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  const literal = ipLiteral(parsed.hostname) ?? (isLoopbackName(parsed.hostname) ? "127.0.0.1" : null);
  if (literal !== null && !mayConnect(literal, port, options.allowPrivateNetwork)) {
    throw refuse(`${parsed.hostname} is not a public address (allowPrivateNetwork accepts it)`, "a redirect leads to a non-public address");
  }
}

function nextHop(current: string, location: string | null, shown: string): string {
  if (!location) throw new LinkUnreachableError(shown, "redirect", "a redirect without a Location");
  try {
    return new URL(location, current).toString();
  } catch {
    throw new LinkUnreachableError(shown, "redirect", "a redirect to an unparseable Location");
  }
}

function tooLarge(shown: string, what: string, maxBytes: number): MalformedRecordError {
  return new MalformedRecordError(`${shown} ${what} than the ${maxBytes}-byte limit`);
}

/** Reads `body` chunk by chunk and stops (cancelling the stream) as soon as it passes `maxBytes`. */
async function readCapped(body: LinkResponse["body"], maxBytes: number, shown: string, signal: AbortSignal): Promise<Uint8Array> {
  if (body === null) return new Uint8Array();
  const chunks = chunksOf(body);
  const parts: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await abortable(chunks.next(), signal);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(shown, "sent a longer body", maxBytes);
      parts.push(value);
    }
    finished = true;
  } finally {
    if (!finished) cancel(body, chunks);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** An async iterator over either stream kind; `return()` cancels the underlying stream. */
function chunksOf(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncIterator<Uint8Array> {
  if ("getReader" in body) {
    const reader = body.getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      return: async () => {
        await reader.cancel();
        return { done: true, value: undefined };
      },
    };
  }
  return body[Symbol.asyncIterator]();
}

/** Drops a body that will not be (fully) read, which releases its connection. */
function discard(body: LinkResponse["body"]): void {
  if (body !== null) cancel(body);
}

function cancel(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, started?: AsyncIterator<Uint8Array>): void {
  const destroyable = body as { destroy?: () => void };
  if (typeof destroyable.destroy === "function") destroyable.destroy(); // a Node stream
  else void (started ?? chunksOf(body)).return?.().catch(() => undefined);
}

/** `promise`, or a rejection as soon as `signal` aborts (a fetcher may ignore the signal). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
