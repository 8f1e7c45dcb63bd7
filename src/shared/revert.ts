import type { Interface } from "ethers";

/** A contract's custom error, decoded: its name and arguments. */
export interface DecodedRevert {
  name: string;
  args: unknown[];
}

/**
 * The custom error of `iface` that a failed call or transaction `e` carries, if any: from ethers'
 * decoded `revert`, or, for signers that pass the node's error on (Hardhat), from the revert
 * `data` on the error or its inner error.
 */
export function decodeCustomError(iface: Interface, e: unknown): DecodedRevert | undefined {
  const err = e as { revert?: { name: string; args: readonly unknown[] }; data?: unknown; error?: { data?: unknown } } | undefined;
  if (err?.revert) return { name: err.revert.name, args: [...err.revert.args] };
  for (const data of [err?.data, err?.error?.data]) {
    if (typeof data !== "string" || data.length < 10) continue;
    const parsed = iface.parseError(data);
    if (parsed) return { name: parsed.name, args: [...parsed.args] };
  }
  return undefined;
}

/**
 * Runs `call` (typically a `staticCall` preflight or a transaction) and, when it fails with a
 * custom error of `iface`, throws `toError(decoded, e)` instead; other failures pass unchanged.
 */
export async function withCustomErrors<T>(iface: Interface, call: () => Promise<T>, toError: (revert: DecodedRevert, cause: unknown) => Error): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const decoded = decodeCustomError(iface, e);
    throw decoded ? toError(decoded, e) : e;
  }
}
