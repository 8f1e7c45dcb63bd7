// TypeScript mirrors of the structs, enums and limits of contracts/interfaces/IDm3RuleSets.sol.

/** `IDm3RuleSets.RuleKind`: what a rule reads. */
export const RuleKind = {
  NATIVE_BALANCE: 0,
  ERC20_BALANCE: 1,
  ERC721_BALANCE: 2,
  ERC721_OWNER: 3,
  ERC1155_BALANCE: 4,
  RULE_SET: 5,
} as const;
export type RuleKind = (typeof RuleKind)[keyof typeof RuleKind];

/** `IDm3RuleSets.Logic`: how a set combines its rules. */
export const Logic = { AND: 0, OR: 1, ANY_OF: 2 } as const;
export type Logic = (typeof Logic)[keyof typeof Logic];

/** `max` meaning "no upper bound" (`type(uint128).max`). */
export const NO_MAX = (1n << 128n) - 1n;

/** The contract's limits (`Dm3RuleSets.limits()`). */
export const GATE_LIMITS = {
  /** Most rules in one set. */
  maxRules: 16,
  /** Most ids in one ERC-1155 rule. */
  maxIds: 8,
  /** Most levels of nested sets below the set evaluated; deeper references count as failed reads. */
  maxDepth: 4,
  /** Gas each token read may use. */
  callGas: 30_000,
} as const;

/** `IDm3RuleSets.Rule`. `token` is the zero address for native and rule-set rules. */
export interface Rule {
  kind: RuleKind;
  negate: boolean;
  token: string;
  min: bigint;
  /** {@link NO_MAX} for no upper bound. */
  max: bigint;
  /** None for balances; the token id for ERC721_OWNER; 1..maxIds ids for ERC-1155; the set id for RULE_SET. */
  ids: bigint[];
}

/** What `createRuleSet` takes: `threshold` is ANY_OF's (1..rules), 0 for AND and OR. */
export interface RuleSetDefinition {
  logic: Logic;
  threshold: number;
  rules: Rule[];
}

/** `IDm3RuleSets.RuleSet`: a stored set with its id. */
export interface StoredRuleSet extends RuleSetDefinition {
  id: bigint;
  owner: string;
  frozen: boolean;
}

/** `IDm3RuleSets.RuleOutcome`: a rule's value for an account and whether it passed. */
export interface RuleOutcome {
  passed: boolean;
  /** A token read failed and counted as 0, or a reference lay deeper than `maxDepth`. */
  readFailed: boolean;
  value: bigint;
}

/** `IDm3RuleSets.SetOutcome`: one set's outcome, as `explain` lists them (depth first). */
export interface SetOutcome {
  /** 0 for a definition that is not stored on chain. */
  ruleSetId: bigint;
  depth: number;
  allowed: boolean;
  rules: RuleOutcome[];
}

/** `IDm3RuleSets.HoldingQuery`. */
export interface HoldingQuery {
  kind: RuleKind;
  token: string;
  account: string;
  id: bigint;
}

/** `IDm3RuleSets.Holding`: `ok` false when the token read failed (then `value` is 0). */
export interface Holding {
  ok: boolean;
  value: bigint;
}

/** Why a rule passed or failed. */
export interface RuleExplanation extends RuleOutcome {
  index: number;
  rule: Rule;
  /** The referenced set's explanation (RULE_SET rules within the depth limit). */
  nested?: SetExplanation;
  /** True for a RULE_SET rule whose set lies deeper than `maxDepth` (not followed, value 0). */
  tooDeep?: boolean;
}

/** Why a set allows an account or not. */
export interface SetExplanation {
  /** null for a definition that is not stored on chain. */
  ruleSetId: bigint | null;
  depth: number;
  logic: Logic;
  threshold: number;
  /** How many rules must pass. */
  needed: number;
  /** How many passed. */
  passedCount: number;
  allowed: boolean;
  rules: RuleExplanation[];
}

/** The answer for one account. */
export interface GateExplanation {
  account: string;
  allowed: boolean;
  root: SetExplanation;
}
