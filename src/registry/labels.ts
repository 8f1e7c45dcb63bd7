import { InvalidL2LabelError } from "./errors";

/** The rules of `Dm3FirstComeRegistrar`: the same checks, off-chain, for a clear error before a transaction. */
export function assertRegistrableLabel(label: string, minLength = 3, maxLength = 63): string {
  if (label.length < minLength || label.length > maxLength) {
    throw new InvalidL2LabelError(label, `length must be ${minLength}..${maxLength}`);
  }
  const bad = label.search(/[^a-z0-9-]/);
  if (bad >= 0) throw new InvalidL2LabelError(label, `character ${JSON.stringify(label[bad])} at ${bad} is not a-z, 0-9 or "-"`);
  if (label.slice(2, 4) === "--") throw new InvalidL2LabelError(label, `"--" at positions 3-4 is not allowed (ENSIP-15)`);
  return label;
}
