import { getBytes, toUtf8String } from "ethers";

/**
 * Dotted form of a DNS-encoded name (as contracts return it): `0x0464617665036e6f00` → `dave.gno`.
 * Labels are decoded as UTF-8; the root (`0x00`) is the empty string.
 * @throws RangeError when the encoding is malformed (bad length byte, no terminator, trailing bytes)
 */
export function decodeDnsName(dnsName: string | Uint8Array): string {
  const bytes = typeof dnsName === "string" ? getBytes(dnsName) : dnsName;
  const labels: string[] = [];
  let offset = 0;
  for (;;) {
    if (offset >= bytes.length) throw new RangeError("DNS-encoded name has no terminating zero byte");
    const length = bytes[offset];
    if (length === 0) break;
    const end = offset + 1 + length;
    if (end >= bytes.length) throw new RangeError("DNS-encoded name has a label running past its end");
    labels.push(toUtf8String(bytes.subarray(offset + 1, end)));
    offset = end;
  }
  if (offset !== bytes.length - 1) throw new RangeError("DNS-encoded name has bytes after its terminator");
  return labels.join(".");
}
