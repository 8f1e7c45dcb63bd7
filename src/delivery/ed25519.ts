import { ed25519 } from "@noble/curves/ed25519";
import { decodeBase64, encodeBase64, getBytes, toUtf8Bytes } from "ethers";

// The one place the delivery service signs and verifies dm3 Ed25519 signatures
// (base64 signature over the UTF-8 text, libsodium's crypto_sign_detached). It will use the
// SDK's crypto module once that exists; callers do not change.

function bytes(b64: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  return getBytes(decodeBase64(b64));
}

/** True when `signatureB64` is `publicKeyB64`'s Ed25519 signature of `text`. Never throws. */
export function verifyEd25519(publicKeyB64: string, text: string, signatureB64: string): boolean {
  const key = bytes(publicKeyB64);
  const sig = bytes(signatureB64);
  if (!key || key.length !== 32 || !sig || sig.length !== 64) return false;
  try {
    return ed25519.verify(sig, toUtf8Bytes(text), key);
  } catch {
    return false;
  }
}

/** Ed25519 signature (base64) of `text` with a libsodium-format private key (base64, 64 bytes seed ‖ public, or the 32-byte seed). */
export function signEd25519(privateKeyB64: string, text: string): string {
  const key = bytes(privateKeyB64);
  if (!key || (key.length !== 64 && key.length !== 32)) throw new TypeError("the signing key must be 32 or 64 bytes of base64");
  return encodeBase64(ed25519.sign(toUtf8Bytes(text), key.slice(0, 32)));
}
