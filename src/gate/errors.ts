import { Dm3Error } from "../errors";

/** Codes of the token-gated access errors. */
export type GateErrorCode =
  | "GATE_INVALID_RULE_SET"
  | "GATE_UNKNOWN_RULE_SET"
  | "GATE_REJECTED"
  | "GATE_UNAVAILABLE"
  | "GATE_INVALID_ACCOUNT"
  | "GATE_UNRESOLVED_ACCOUNT";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<GateErrorCode, true> {}
}

/** A rule-set definition (builder input, JSON file, spam-filter settings) breaks the rules; `path` names the bad field. */
export class InvalidRuleSetError extends Dm3Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super("GATE_INVALID_RULE_SET", `invalid rule set: ${path ? `${path}: ` : ""}${reason}`);
    this.path = path;
  }
}

/** No rule set has this id on the rule-set contract. */
export class RuleSetNotFoundError extends Dm3Error {
  readonly ruleSetId: bigint;

  constructor(ruleSetId: bigint, options?: { cause?: unknown }) {
    super("GATE_UNKNOWN_RULE_SET", `rule set #${ruleSetId} does not exist`, options);
    this.ruleSetId = ruleSetId;
  }
}

/**
 * The rule-set contract refused a change. `reason` is its custom error name (for example
 * `Dm3RuleSetsUnauthorized`, `Dm3RuleSetsCycle`), `args` its arguments.
 */
export class RuleSetRejectedError extends Dm3Error {
  readonly reason: string;
  readonly args: readonly unknown[];

  constructor(reason: string, args: readonly unknown[], options?: { cause?: unknown }) {
    super("GATE_REJECTED", `the rule-set contract refused: ${reason}(${args.map(String).join(", ")})`, options);
    this.reason = reason;
    this.args = args;
  }
}

/** The rule-set contract could not be read (no contract at the address, wrong chain, RPC failure, too little gas). */
export class GateUnavailableError extends Dm3Error {
  readonly ruleSets: string;

  constructor(ruleSets: string, detail: string, options?: { cause?: unknown }) {
    super("GATE_UNAVAILABLE", `cannot read the rule-set contract at ${ruleSets}: ${detail}`, options);
    this.ruleSets = ruleSets;
  }
}

/** The account to check is not an address (resolve names first). */
export class InvalidGateAccountError extends Dm3Error {
  constructor(input: string) {
    super("GATE_INVALID_ACCOUNT", `${JSON.stringify(input)} is not an account address`);
  }
}

/** A name given as the account to check has no address record. */
export class GateUnresolvedAccountError extends Dm3Error {
  constructor(name: string) {
    super("GATE_UNRESOLVED_ACCOUNT", `${name} has no address to check`);
  }
}
