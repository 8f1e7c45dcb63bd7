import { LinkUnreachableError, MalformedRecordError } from "./errors";

/** The part of a `fetch` response dm3kit reads. The global `fetch` satisfies {@link Fetcher}. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-like function (injectable for tests, proxies or caching). */
export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<FetchResponse>;

/** How linked records are fetched. */
export interface FetchOptions {
  /** Default: the global `fetch`. */
  fetch?: Fetcher;
  /** Whole request including the body, default 10 000 ms. */
  timeoutMs?: number;
  /** Largest accepted body, default 1 MiB (a profile is a few hundred bytes). */
  maxBytes?: number;
}

/** Default timeout of one linked-record fetch. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** Default size limit of a linked record. */
export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

/**
 * GETs `url` and returns the body bytes.
 * @param shown how to name the URL in errors (no credentials, no secrets)
 * @throws LinkUnreachableError on network error, timeout or non-2xx status; MalformedRecordError when too large
 */
export async function fetchBytes(url: string, shown: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const fetcher: Fetcher = options.fetch ?? ((u, init) => fetch(u, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  let body: Uint8Array;
  try {
    const res = await fetcher(url, { signal });
    if (!res.ok) throw new LinkUnreachableError(shown, `HTTP ${res.status}`);
    body = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof LinkUnreachableError) throw e;
    throw new LinkUnreachableError(shown, describeFetchError(e, timeoutMs, signal), { cause: e });
  }
  if (body.length > maxBytes) throw new MalformedRecordError(`${shown} returned ${body.length} bytes, more than the ${maxBytes}-byte limit`);
  return body;
}

function describeFetchError(e: unknown, timeoutMs: number, signal: AbortSignal): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string } };
  if (signal.aborted || err?.name === "TimeoutError" || err?.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code;
  return code ? `${err?.message ?? "fetch failed"} (${code})` : (err?.message ?? String(e));
}
