import ipaddr from "ipaddr.js";

/**
 * Which non-public addresses a fetch may connect to: `false` (default) none, `true` all
 * (the devnet and tests), or a predicate for a narrow exception such as a local IPFS gateway
 * (`(address, port) => address === "127.0.0.1" && port === 8080`).
 */
export type PrivateNetworkAllowance = boolean | ((address: string, port: number) => boolean);

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/**
 * True when `address` (an IPv4 or IPv6 literal) is a public unicast address. Refused: loopback,
 * RFC 1918 private, link-local (incl. 169.254.169.254 cloud metadata), carrier-grade NAT
 * (100.64/10), multicast, broadcast, unspecified, documentation/benchmark/reserved ranges, IPv6
 * unique-local (fc00::/7, incl. fd00:ec2::254), site-local, NAT64/6to4/Teredo (they embed IPv4
 * targets) and everything outside 2000::/3. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged as
 * its IPv4 address. Anything that does not parse is not public.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") return ip.range() === "unicast";
  return ip.range() === "unicast" && ip.match(GLOBAL_UNICAST_V6);
}

/** True when a fetch may connect to `address`:`port` under `allowance`. */
export function mayConnect(address: string, port: number, allowance: PrivateNetworkAllowance | undefined): boolean {
  if (isPublicAddress(address)) return true;
  if (typeof allowance === "function") return ipaddr.isValid(address) && allowance(ipaddr.process(address).toString(), port);
  return allowance === true;
}

/** The IP literal of a URL's `hostname` (IPv6 without brackets), or null for a DNS name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : null;
}

/** `localhost` and `*.localhost` always mean loopback (RFC 6761), whatever DNS says. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}
