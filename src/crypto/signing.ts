import { cryptoBackend } from "./backend";
import { fromBase64, toBase64, utf8 } from "./encoding";
import { CryptoInputError } from "./errors";
import { decodeKey } from "./keys";

/**
 * Ed25519 detached signature over the UTF-8 bytes of `text`, base64 (the reference's `sign`).
 * @param privateKeyB64 libsodium's 64-byte secret key (seed ‖ public key), base64
 * @throws InvalidKeyError
 */
export function signEd25519(privateKeyB64: string, text: string): string {
  return toBase64(cryptoBackend().ed25519Sign(decodeKey(privateKeyB64, "signing private key", 64), utf8(text)));
}

/**
 * Checks an Ed25519 detached signature (the reference's `checkSignature`). A malformed signature
 * is `false`, not an error.
 * @throws InvalidKeyError for a malformed public key
 */
export function verifyEd25519(publicKeyB64: string, text: string, signatureB64: string): boolean {
  const publicKey = decodeKey(publicKeyB64, "signing public key", 32);
  let signature: Uint8Array;
  try {
    signature = fromBase64(signatureB64, "signature", 64);
  } catch (e) {
    if (e instanceof CryptoInputError) return false;
    throw e;
  }
  return cryptoBackend().ed25519Verify(publicKey, utf8(text), signature);
}
