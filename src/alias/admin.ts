import type { Interface, Signer } from "ethers";
import { Dm3AliasRegistry__factory } from "../../typechain-types";
import { normalizeName } from "../names/normalize";
import { withCustomErrors } from "../shared/revert";
import { AliasCache, defaultAliasCache } from "./cache";
import { AliasRegistryUnavailableError, AliasRejectedError, InvalidTopLevelAliasError } from "./errors";

/** What an alias change did. */
export interface AliasChange {
  /** `set` (new alias), `updated` (moved to another parent), `removed`, or `unchanged` (no transaction sent). */
  action: "set" | "updated" | "removed" | "unchanged";
  topLevel: string;
  /** The parent after the change ("" after a removal). */
  parent: string;
  /** The parent before the change ("" for a new alias). */
  previousParent: string;
  txHash?: string;
  gasUsed?: bigint;
}

/** Normalizes a user-typed top-level alias and checks it is one label. */
export function normalizeTopLevel(input: string): string {
  const normalized = normalizeName(input);
  if (normalized.includes(".")) throw new InvalidTopLevelAliasError(input, "it must be a single label (no dots)");
  return normalized;
}

/**
 * Maps `topLevel` to `parent` on the registry (both normalized first, as user input), or moves
 * the alias; does nothing when the mapping already exists. `signer` needs the alias manager role.
 * Clears the given cache (default: the shared one) afterwards.
 * @throws EmptyNameError, InvalidNameError, InvalidTopLevelAliasError for unusable input;
 *   AliasRejectedError when the registry refuses (its custom error in `reason`)
 */
export async function setAlias(signer: Signer, aliasRegistry: string, topLevel: string, parent: string, cache: AliasCache = defaultAliasCache): Promise<AliasChange> {
  const label = normalizeTopLevel(topLevel);
  const parentName = normalizeName(parent);
  const registry = Dm3AliasRegistry__factory.connect(aliasRegistry, signer);
  const previousParent = await registry.aliases(label);
  if (previousParent === parentName) return { action: "unchanged", topLevel: label, parent: parentName, previousParent };
  await preflight(aliasRegistry, registry.interface, () => registry.setAlias.staticCall(label, parentName));
  const receipt = await (await registry.setAlias(label, parentName)).wait();
  cache.clear();
  return {
    action: previousParent === "" ? "set" : "updated",
    topLevel: label,
    parent: parentName,
    previousParent,
    txHash: receipt?.hash,
    gasUsed: receipt?.gasUsed,
  };
}

/**
 * Removes the alias `topLevel` (normalized first). `signer` needs the alias manager role.
 * @throws InvalidTopLevelAliasError, AliasRejectedError (`Dm3AliasNotFound`, `Dm3AliasUnauthorized`)
 */
export async function removeAlias(signer: Signer, aliasRegistry: string, topLevel: string, cache: AliasCache = defaultAliasCache): Promise<AliasChange> {
  const label = normalizeTopLevel(topLevel);
  const registry = Dm3AliasRegistry__factory.connect(aliasRegistry, signer);
  const previousParent = await registry.aliases(label);
  await preflight(aliasRegistry, registry.interface, () => registry.removeAlias.staticCall(label));
  const receipt = await (await registry.removeAlias(label)).wait();
  cache.clear();
  return { action: "removed", topLevel: label, parent: "", previousParent, txHash: receipt?.hash, gasUsed: receipt?.gasUsed };
}

/**
 * Runs a static call and turns the registry's custom error into {@link AliasRejectedError}; any
 * other failure is an {@link AliasRegistryUnavailableError}.
 */
async function preflight(aliasRegistry: string, iface: Interface, call: () => Promise<unknown>): Promise<void> {
  try {
    await withCustomErrors(iface, call, ({ name, args }, cause) => new AliasRejectedError(name, args, { cause }));
  } catch (e) {
    if (e instanceof AliasRejectedError) throw e;
    throw new AliasRegistryUnavailableError(aliasRegistry, { cause: e });
  }
}
