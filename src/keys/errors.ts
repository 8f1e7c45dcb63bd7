import { Dm3Error } from "../errors";

/** Codes of the key errors. */
export type KeysErrorCode = "KEY_MATERIAL_INVALID" | "KEY_SIGNING_FAILED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<KeysErrorCode, true> {}
}

/** A key seed or key is not valid base64 of the expected length. */
export class InvalidKeyMaterialError extends Dm3Error {
  constructor(what: string, detail: string) {
    super("KEY_MATERIAL_INVALID", `${what} is invalid: ${detail}`);
  }
}

/** The wallet refused or failed to sign the key-derivation message. */
export class KeySigningFailedError extends Dm3Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("KEY_SIGNING_FAILED", `the wallet did not sign the key-derivation message: ${detail}`, options);
  }
}
