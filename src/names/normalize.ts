import { ensNormalize } from "ethers";
import { EmptyNameError, InvalidNameError, NameNotNormalizedError } from "./errors";

/**
 * The ENSIP-15 normalized form of `name` (ethers' `ensNormalize`). For input people typed
 * (command-line arguments); SDK functions that take a name refuse unnormalized input instead.
 * @throws EmptyNameError, InvalidNameError
 */
export function normalizeName(name: string): string {
  if (name === "") throw new EmptyNameError();
  try {
    return ensNormalize(name);
  } catch (e) {
    const detail = (e as { shortMessage?: string; message?: string }).shortMessage ?? String(e);
    throw new InvalidNameError(name, detail.replace(/^invalid ENS name \((.*)\)$/s, "$1"), { cause: e });
  }
}

/** True when `name` is a non-empty ENSIP-15 normalized name. Never throws. */
export function isNormalized(name: string): boolean {
  if (knownNormalized.has(name)) return true;
  let normalized: boolean;
  try {
    normalized = normalizeName(name) === name;
  } catch {
    return false;
  }
  if (normalized) {
    if (knownNormalized.size >= KNOWN_NORMALIZED_MAX) knownNormalized.clear();
    knownNormalized.add(name);
  }
  return normalized;
}

// Normalization is a pure function of the name and costs microseconds (more than the rest of a
// message's checks but its signature); every message checks the names of a few correspondents,
// so the names found normalized are remembered, up to a bound.
const KNOWN_NORMALIZED_MAX = 4096;
const knownNormalized = new Set<string>();

/**
 * Returns `name` unchanged when it is ENSIP-15 normalized, and throws otherwise; the error
 * message shows the normalized form when one exists.
 * @throws EmptyNameError, InvalidNameError, NameNotNormalizedError
 */
export function assertNormalized(name: string): string {
  const normalized = normalizeName(name);
  if (normalized !== name) throw new NameNotNormalizedError(name, normalized);
  return name;
}
