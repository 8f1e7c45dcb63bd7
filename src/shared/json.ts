import { sha256 as ethersSha256, toUtf8Bytes } from "ethers";
import { stringify as safeStringify } from "safe-stable-stringify";
import { ValueNotJsonError } from "./errors";

/**
 * dm3's canonical JSON: `safe-stable-stringify` (keys sorted by UTF-16 code unit, recursively,
 * no whitespace, `undefined` dropped). Every signed or hashed dm3 object goes through this.
 * @throws ValueNotJsonError for a value with no JSON form (`undefined`, a function)
 */
export function stringify(value: unknown): string {
  const out = safeStringify(value);
  if (typeof out !== "string") throw new ValueNotJsonError(typeof value);
  return out;
}

/** dm3's `sha256`: SHA-256 of the UTF-8 bytes of `text`, as `0x` + 64 lowercase hex digits. */
export function sha256(text: string): string {
  return ethersSha256(toUtf8Bytes(text));
}
