import { CryptoInputError } from "./errors";

// Byte/text encodings dm3 uses on the wire: base64 (standard alphabet, `=` padding, as ethers 5's
// `base64`), 0x-hex (lowercase, as `hexlify`) and UTF-8. Node's Buffer is used when present
// (much faster); browsers get the plain versions.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
// Strict standard padded base64 is a multiple of 4 characters of the alphabet followed by at most
// two `=`; strict 0x-hex an even number of hex digits. The length test plus a flat character
// class accepts exactly what the grouped patterns `^(?:[A-Za-z0-9+/]{4})*(?:..==|...=)?$` and
// `^0x(?:[0-9a-fA-F]{2})*$` accept, several times faster on kilobyte ciphertexts.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_CHARS = /^0x[0-9a-fA-F]*$/;

/** True for strict standard padded base64 (the empty string included). */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}

/** True for `0x` followed by an even number of hex digits (either case). */
function isHex(text: string): boolean {
  return text.length % 2 === 0 && HEX_CHARS.test(text);
}
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Decodes strict standard padded base64 (what dm3 writes).
 * @param what names the value in the error message
 * @param length required byte length, if any
 * @throws CryptoInputError
 */
export function fromBase64(text: string, what: string, length?: number): Uint8Array {
  if (typeof text !== "string") throw new CryptoInputError(what, "not standard padded base64");
  let bytes: Uint8Array;
  if (NodeBuffer) {
    // Node's decoder skips what is not base64, so the text is checked too: when it is its own
    // canonical re-encoding (what every encoder writes) it is strict base64; only other text pays
    // for the pattern (which also admits nonzero unused bits in the last character, as before).
    const b = NodeBuffer.from(text, "base64");
    if (b.toString("base64") !== text && !isBase64(text)) throw new CryptoInputError(what, "not standard padded base64");
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } else {
    if (!isBase64(text)) throw new CryptoInputError(what, "not standard padded base64");
    const bin = atob(text);
    bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  }
  if (length !== undefined && bytes.length !== length) throw new CryptoInputError(what, `${bytes.length} bytes, expected ${length}`);
  return bytes;
}

/** `0x` + lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  if (NodeBuffer) return "0x" + NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  let s = "0x";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * Decodes `0x`-prefixed hex (either case).
 * @throws CryptoInputError
 */
export function fromHex(text: string, what: string, length?: number): Uint8Array {
  if (typeof text !== "string" || !isHex(text)) throw new CryptoInputError(what, "not 0x-prefixed hex");
  const n = (text.length - 2) / 2;
  if (length !== undefined && n !== length) throw new CryptoInputError(what, `${n} bytes, expected ${length}`);
  if (NodeBuffer) {
    const b = NodeBuffer.from(text.slice(2), "hex");
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = parseInt(text.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8; `undefined` when the bytes are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
