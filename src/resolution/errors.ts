import { Dm3Error } from "../errors";

/** Codes of the resolution errors. */
export type ResolutionErrorCode = "NO_RESOLVER" | "RESOLVER_NOT_WILDCARD" | "RESOLUTION_FAILED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<ResolutionErrorCode, true> {}
}

/** The name has no resolver in the ENS registry (and no wildcard resolver above it). */
export class NoResolverError extends Dm3Error {
  readonly ensName: string;

  constructor(ensName: string) {
    super("NO_RESOLVER", `${ensName} has no ENS resolver`);
    this.ensName = ensName;
  }
}

/**
 * The closest resolver of the name belongs to an ancestor that does not support ENSIP-10
 * wildcard resolution, so the name has no usable resolver (ethers' `getResolver` answers null).
 */
export class ResolverNotWildcardError extends Dm3Error {
  readonly ensName: string;
  readonly resolver: string;

  constructor(ensName: string, resolver: string) {
    super("RESOLVER_NOT_WILDCARD", `${ensName} has no resolver of its own, and its ancestor's resolver ${resolver} does not support ENSIP-10 wildcards`);
    this.ensName = ensName;
    this.resolver = resolver;
  }
}

/**
 * The one-call resolution failed for another reason: a resolver call reverted, an answer did not
 * decode, the CCIP-Read gateway failed or the provider did not answer (`reason` is the contract
 * error name or ethers' code, e.g. `OFFCHAIN_FAULT`, `CALL_EXCEPTION`, `UNKNOWN`).
 */
export class Dm3ResolutionError extends Dm3Error {
  readonly ensName: string;
  readonly reason: string;

  constructor(ensName: string, reason: string, detail: string, options?: { cause?: unknown }) {
    super("RESOLUTION_FAILED", `resolving ${ensName} failed (${reason}): ${detail}`, options);
    this.ensName = ensName;
    this.reason = reason;
  }
}
