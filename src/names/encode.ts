import { dnsEncode as ethersDnsEncode, namehash as ethersNamehash, toUtf8Bytes } from "ethers";
import { NameTooLongError } from "./errors";
import { assertNormalized } from "./normalize";

/** Longest DNS wire-format name (RFC 1035 §3.1), including the length bytes and the final 0. */
export const MAX_DNS_NAME_BYTES = 255;

/**
 * EIP-137 namehash of a normalized name.
 * @throws NameNotNormalizedError (and the other name errors) for input that is not normalized
 */
export function namehash(name: string): string {
  return ethersNamehash(assertNormalized(name));
}

/**
 * DNS wire encoding of a normalized name (ENSIP-10 `resolve(name, …)` input). Labels may be up
 * to 255 bytes as in ENS; the whole encoding may not exceed 255 bytes.
 * @returns 0x-hex bytes, e.g. `0x05616c6963650365746800` for `alice.eth`
 * @throws NameTooLongError, NameNotNormalizedError (and the other name errors)
 */
export function dnsEncode(name: string): string {
  assertNormalized(name);
  // Every "." becomes a length byte, plus the first label's length byte and the final 0.
  const length = toUtf8Bytes(name).length + 2;
  if (length > MAX_DNS_NAME_BYTES) throw new NameTooLongError(name, length);
  return ethersDnsEncode(name, 255);
}
