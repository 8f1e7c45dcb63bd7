import type { Interface } from "ethers";

/** A contract's custom error, decoded. */
export interface DecodedCustomError {
  name: string;
  args: unknown[];
}

/**
 * The custom error of `iface` that `e` (an error thrown by an ethers call or transaction) carries,
 * or undefined. Reads ethers' decoded `revert` or, for signers that pass the node's error on
 * (Hardhat), its raw revert `data`.
 */
export function decodeCustomError(iface: Interface, e: unknown): DecodedCustomError | undefined {
  const err = e as { revert?: { name: string; args: readonly unknown[] }; data?: unknown; error?: { data?: unknown } } | undefined;
  if (err?.revert) return { name: err.revert.name, args: [...err.revert.args] };
  for (const data of [err?.data, err?.error?.data]) {
    if (typeof data !== "string" || data.length < 10) continue;
    try {
      const parsed = iface.parseError(data);
      if (parsed) return { name: parsed.name, args: [...parsed.args] };
    } catch {
      // not one of this interface's errors
    }
  }
  return undefined;
}
