import { Dm3Error } from "../errors";

/** Codes of the profile and record errors. */
export type ProfileErrorCode = 
  | "NO_RECORD"
  | "NO_ADDRESS"
  | "MALFORMED_RECORD"
  | "SCHEMA_VIOLATION"
  | "HASH_MISMATCH"
  | "CID_MISMATCH"
  | "UNSUPPORTED_CID"
  | "LINK_UNREACHABLE"
  | "NOT_AUTHORIZED"
  | "NO_ENS"
  | "PROFILE_SIGNING_FAILED"
  | "INVALID_ADDRESS"
  | "WRONG_SIGNER"
  | "SIGNATURE_MALFORMED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<ProfileErrorCode, true> {}
}

// Thrown by the ENS read that comes before the profile; defined there, re-exported for profile callers.
export { NoResolverError } from "../resolution/errors";

/** The name's resolver has no (or an empty) text record under `key`. */
export class NoRecordError extends Dm3Error {
  readonly ensName: string;
  readonly key: string;

  constructor(ensName: string, key: string) {
    super("NO_RECORD", `${ensName} has no "${key}" text record`);
    this.ensName = ensName;
    this.key = key;
  }
}

/** The name has no `addr` record (coin type 60), so its profile's signer cannot be checked. */
export class NoAddressError extends Dm3Error {
  readonly ensName: string;

  constructor(ensName: string) {
    super("NO_ADDRESS", `${ensName} has no addr record: the profile signer cannot be checked`);
    this.ensName = ensName;
  }
}

/** The record is in none of the accepted formats, or its payload is not JSON. */
export class MalformedRecordError extends Dm3Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("MALFORMED_RECORD", `malformed dm3 record: ${detail}`, options);
  }
}

/** The JSON does not match the dm3 schema (missing or extra field, wrong type). */
export class SchemaViolationError extends Dm3Error {
  readonly schema: string;
  readonly violations: string[];

  constructor(schema: string, violations: string[]) {
    super("SCHEMA_VIOLATION", `not a valid ${schema}: ${violations.join("; ")}`);
    this.schema = schema;
    this.violations = violations;
  }
}

/** A linked profile's content does not hash to the link's `dm3Hash`. */
export class HashMismatchError extends Dm3Error {
  readonly expected: string;
  readonly actual: string;

  constructor(expected: string, actual: string) {
    super("HASH_MISMATCH", `linked profile hashes to ${actual}, but the link's dm3Hash is ${expected}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** Content fetched from IPFS does not match its CID. */
export class CidMismatchError extends Dm3Error {
  readonly cid: string;

  constructor(cid: string, detail: string) {
    super("CID_MISMATCH", `content fetched for ipfs://${cid} does not match the CID: ${detail}`);
    this.cid = cid;
  }
}

/** The CID uses a codec or hash dm3kit cannot verify content against. */
export class UnsupportedCidError extends Dm3Error {
  readonly cid: string;

  constructor(cid: string, detail: string) {
    super("UNSUPPORTED_CID", `cannot verify ipfs://${cid}: ${detail}`);
    this.cid = cid;
  }
}

/**
 * Why a linked record could not be fetched. `forbidden`: the URL (or a redirect) is refused by
 * policy before any connection (plain http, a non-public IP literal). `network`: every
 * connection-level failure alike (DNS, refused port, reset, TLS, a host resolving to a
 * non-public address), so the fetcher cannot be used to probe a network.
 */
export type LinkFailureReason = "forbidden" | "timeout" | "network" | "status" | "redirect";

/** A linked (https/http/ipfs) record could not be fetched. The message never carries response text. */
export class LinkUnreachableError extends Dm3Error {
  /** The URL without path, query or credentials. */
  readonly shownUrl: string;
  readonly reason: LinkFailureReason;

  constructor(shownUrl: string, reason: LinkFailureReason, detail: string) {
    super("LINK_UNREACHABLE", `cannot fetch ${shownUrl}: ${detail}`);
    this.shownUrl = shownUrl;
    this.reason = reason;
  }
}

/** The signer may not write the name's records (not the owner, not authorised). */
export class NotAuthorizedError extends Dm3Error {
  constructor(ensName: string, account: string, detail: string) {
    super("NOT_AUTHORIZED", `${account} may not set records of ${ensName}: ${detail}`);
  }
}

/** The provider knows no ENS registry (no ENS plugin on its network). */
export class NoEnsError extends Dm3Error {
  constructor(detail: string) {
    super("NO_ENS", `no ENS registry: ${detail}`);
  }
}

/** A profile could not be signed (the wallet refused or failed). */
export class ProfileSigningFailedError extends Dm3Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("PROFILE_SIGNING_FAILED", `the wallet did not sign the profile: ${detail}`, options);
  }
}

/** A string that should be an Ethereum address is not one. */
export class InvalidAddressError extends Dm3Error {
  constructor(input: string) {
    super("INVALID_ADDRESS", `"${input}" is not an Ethereum address`);
  }
}

/** The signed profile is not signed by the account the name points to. */
export class WrongSignerError extends Dm3Error {
  readonly address: string;

  constructor(address: string, reason: string) {
    super("WRONG_SIGNER", `the profile is not validly signed by ${address}: ${reason}`);
    this.address = address;
  }
}

/** A signature is not in a form it can be checked in (an ERC-6492 wrapper that is none, a bad `v`). */
export class MalformedSignatureError extends Dm3Error {
  constructor(detail: string) {
    super("SIGNATURE_MALFORMED", `malformed signature: ${detail}`);
  }
}
