import { Dm3Error } from "../errors";

/** Stable codes of the errors `src/crypto` throws. */
export type CryptoErrorCode = "CRYPTO_KEY_INVALID" | "CRYPTO_INPUT_INVALID" | "DECRYPTION_FAILED" | "PADDING_INVALID";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<CryptoErrorCode, true> {}
}

/** A key is not standard padded base64, has the wrong length, or is a low-order X25519 point. */
export class InvalidKeyError extends Dm3Error {
  declare readonly code: "CRYPTO_KEY_INVALID";

  constructor(what: string, detail: string) {
    super("CRYPTO_KEY_INVALID", `${what} is not a valid key: ${detail}`);
  }
}

/** An encrypted payload, nonce or signature is malformed (bad encoding, wrong length, field missing). */
export class CryptoInputError extends Dm3Error {
  declare readonly code: "CRYPTO_INPUT_INVALID";

  constructor(what: string, detail: string) {
    super("CRYPTO_INPUT_INVALID", `${what} is malformed: ${detail}`);
  }
}

/**
 * Authenticated decryption failed: wrong key, tampered ciphertext/nonce/ephemeral key, or the
 * plaintext is not UTF-8. Nothing of the plaintext is returned.
 */
export class DecryptionFailedError extends Dm3Error {
  declare readonly code: "DECRYPTION_FAILED";

  constructor(detail: string) {
    super("DECRYPTION_FAILED", `decryption failed: ${detail}`);
  }
}

/** The decrypted bytes do not end in ISO/IEC 7816-4 padding (0x80 then zeros) within the last block. */
export class InvalidPaddingError extends Dm3Error {
  declare readonly code: "PADDING_INVALID";

  constructor(detail: string) {
    super("PADDING_INVALID", `invalid padding: ${detail}`);
  }
}
