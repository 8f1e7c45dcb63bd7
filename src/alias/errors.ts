import { Dm3Error } from "../errors";

/** Codes of the alias errors. */
export type AliasErrorCode = "ALIAS_REGISTRY_UNAVAILABLE" | "ALIAS_INVALID_TOP_LEVEL" | "ALIAS_REJECTED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<AliasErrorCode, true> {}
}

/**
 * The alias registry could not be read (no contract at the address, wrong chain, RPC failure).
 * `cause` carries the underlying error.
 */
export class AliasRegistryUnavailableError extends Dm3Error {
  readonly registry: string;

  constructor(registry: string, options?: { cause?: unknown }) {
    super("ALIAS_REGISTRY_UNAVAILABLE", `cannot read the dm3 alias registry at ${registry}`, options);
    this.registry = registry;
  }
}

/** A top-level alias given to a management call is not a single non-empty ENS label. */
export class InvalidTopLevelAliasError extends Dm3Error {
  readonly input: string;

  constructor(input: string, detail: string) {
    super("ALIAS_INVALID_TOP_LEVEL", `"${input}" cannot be a top-level alias: ${detail}`);
    this.input = input;
  }
}

/**
 * The alias registry refused a change. `reason` is the contract's custom error name (for
 * example `Dm3AliasParentTaken`), `args` its arguments.
 */
export class AliasRejectedError extends Dm3Error {
  readonly reason: string;
  readonly args: readonly unknown[];

  constructor(reason: string, args: readonly unknown[], options?: { cause?: unknown }) {
    super("ALIAS_REJECTED", `the alias registry refused the change: ${reason}(${args.map(String).join(", ")})`, options);
    this.reason = reason;
    this.args = args;
  }
}
