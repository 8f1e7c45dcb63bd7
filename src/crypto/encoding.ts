import { CryptoInputError } from "./errors";

// Byte/text encodings dm3 uses on the wire: base64 (standard alphabet, `=` padding, as ethers 5's
// `base64`), 0x-hex (lowercase, as `hexlify`) and UTF-8. Node's Buffer is used when present
// (much faster); browsers get the plain versions.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
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
  if (typeof text !== "string" || !BASE64.test(text)) throw new CryptoInputError(what, "not standard padded base64");
  let bytes: Uint8Array;
  if (NodeBuffer) {
    const b = NodeBuffer.from(text, "base64");
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } else {
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
  if (typeof text !== "string" || !HEX.test(text)) throw new CryptoInputError(what, "not 0x-prefixed hex");
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
