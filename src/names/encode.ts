import { dnsEncode as ethersDnsEncode, getBytes, namehash as ethersNamehash, toUtf8Bytes, toUtf8String } from "ethers";
import { MalformedDnsNameError, NameTooLongError } from "./errors";
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

/**
 * Labels of a DNS-encoded name as they are on chain (raw bytes decoded as UTF-8, no
 * normalization): `0x0464617665036e6f00` → `["dave", "gno"]`; the root `0x00` → `[]`.
 * @throws MalformedDnsNameError (no terminator, a label past the end, trailing bytes)
 */
export function decodeDnsLabels(dnsName: string | Uint8Array): string[] {
  const bytes = typeof dnsName === "string" ? getBytes(dnsName) : dnsName;
  const labels: string[] = [];
  let offset = 0;
  for (;;) {
    if (offset >= bytes.length) throw new MalformedDnsNameError("it has no terminating zero byte");
    const length = bytes[offset];
    if (length === 0) break;
    const end = offset + 1 + length;
    if (end >= bytes.length) throw new MalformedDnsNameError("a label runs past its end");
    labels.push(toUtf8String(bytes.subarray(offset + 1, end)));
    offset = end;
  }
  if (offset !== bytes.length - 1) throw new MalformedDnsNameError("it has bytes after its terminator");
  return labels;
}

/** Dotted form of a DNS-encoded name (see {@link decodeDnsLabels}); the root is the empty string. */
export function decodeDnsName(dnsName: string | Uint8Array): string {
  return decodeDnsLabels(dnsName).join(".");
}
