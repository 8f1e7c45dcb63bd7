import { Dm3Error } from "../errors";

/** Codes of the name errors. */
export type NamesErrorCode = "NAME_EMPTY" | "NAME_INVALID" | "NAME_NOT_NORMALIZED" | "NAME_TOO_LONG" | "NAME_DNS_MALFORMED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<NamesErrorCode, true> {}
}

/** The name is the empty string (the ENS root is never a dm3 name). */
export class EmptyNameError extends Dm3Error {
  constructor() {
    super("NAME_EMPTY", "the name is empty");
  }
}

/** ENSIP-15 rejects the name (empty label, disallowed character, mixed scripts, ...). */
export class InvalidNameError extends Dm3Error {
  readonly input: string;

  constructor(input: string, detail: string, options?: { cause?: unknown }) {
    super("NAME_INVALID", `"${input}" is not a valid ENS name: ${detail}`, options);
    this.input = input;
  }
}

/** The name is valid but not in its ENSIP-15 normalized form; `normalized` is that form. */
export class NameNotNormalizedError extends Dm3Error {
  readonly input: string;
  readonly normalized: string;

  constructor(input: string, normalized: string) {
    super("NAME_NOT_NORMALIZED", `"${input}" is not normalized (ENSIP-15); its normalized form is "${normalized}"`);
    this.input = input;
    this.normalized = normalized;
  }
}

/** The DNS wire encoding of the name would exceed 255 bytes. */
export class NameTooLongError extends Dm3Error {
  readonly byteLength: number;

  constructor(name: string, byteLength: number) {
    super("NAME_TOO_LONG", `"${name.length > 40 ? name.slice(0, 40) + "…" : name}" is ${byteLength} bytes DNS-encoded; the limit is 255`);
    this.byteLength = byteLength;
  }
}

/** Bytes that are not a DNS wire-format name (no terminator, a label past the end, bytes after the end). */
export class MalformedDnsNameError extends Dm3Error {
  constructor(detail: string) {
    super("NAME_DNS_MALFORMED", `not a DNS-encoded name: ${detail}`);
  }
}
