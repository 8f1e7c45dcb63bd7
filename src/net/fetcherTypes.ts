// The contract between the linked-record fetch (src/profile/fetcher.ts: policy, redirects, size
// and time limits) and the fetcher that performs one request (./linkFetcher.ts in Node, its
// browser twin, or one the caller injects).
import type { PrivateNetworkAllowance } from "./addresses";

/** An address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (default: the system resolver, `dns.lookup`). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What one request of a linked-record fetch asks of a {@link Fetcher}. */
export interface LinkRequestInit {
  method: "GET";
  /** Aborts the request and its body (the whole fetch's time limit). */
  signal: AbortSignal;
  /** Redirects are returned, never followed: the caller checks every hop. */
  redirect: "manual";
  headers: Record<string, string>;
  /** Non-public addresses the request may connect to (`allowPrivateNetwork` of the record readers). */
  allowPrivateNetwork: PrivateNetworkAllowance;
  resolveHost?: HostResolver;
}

/** The part of a response dm3kit reads. The global `fetch`'s `Response` satisfies it. */
export interface LinkResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** The (decoded) body as a stream: read chunk by chunk so the size limit holds while reading. */
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
}

/**
 * Performs one request without following redirects. The default resolves the host itself and
 * connects only to addresses allowed by `init.allowPrivateNetwork`; a replacement (proxy, cache,
 * test double, or the global `fetch`) is trusted to do its own address checks.
 */
export type Fetcher = (url: string, init: LinkRequestInit) => Promise<LinkResponse>;
