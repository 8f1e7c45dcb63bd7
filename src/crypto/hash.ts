import { cryptoBackend } from "./backend";
import { toHex, utf8 } from "./encoding";

/** dm3's `sha256(text)`: SHA-256 of the UTF-8 bytes, `0x` + 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return toHex(cryptoBackend().sha256(utf8(text)));
}

/** SHA-256 of bytes. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return cryptoBackend().sha256(data);
}

/** `n` cryptographically secure random bytes from the crypto back-end. */
export function randomBytes(n: number): Uint8Array {
  return cryptoBackend().randomBytes(n);
}
