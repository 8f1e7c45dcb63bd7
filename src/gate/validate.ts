import { ZeroAddress, getAddress, isAddress } from "ethers";
import { InvalidRuleSetError } from "./errors";
import { GATE_LIMITS, Logic, NO_MAX, RuleKind, type Rule, type RuleSetDefinition } from "./types";

/** An amount or id as the SDK accepts it: a bigint, a safe non-negative integer, or a decimal or 0x-hex string. */
export type AmountInput = bigint | number | string;

const MAX_UINT256 = (1n << 256n) - 1n;
const KINDS = new Set<number>(Object.values(RuleKind));
const LOGICS = new Set<number>(Object.values(Logic));

/** Parses `value` as an unsigned integer of at most `limit`; `path` names the field in errors. */
export function parseAmount(value: AmountInput, path: string, limit: bigint = NO_MAX): bigint {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new InvalidRuleSetError(path, `${value} is not a safe integer (use a string for large amounts)`);
    n = BigInt(value);
  } else if (typeof value === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.trim())) {
    n = BigInt(value.trim());
  } else {
    throw new InvalidRuleSetError(path, `${JSON.stringify(value)} is not an unsigned integer (decimal or 0x-hex)`);
  }
  if (n < 0n) throw new InvalidRuleSetError(path, `${n} is negative`);
  if (n > limit) throw new InvalidRuleSetError(path, `${n} exceeds ${limit === NO_MAX ? "2^128 - 1" : "2^256 - 1"}`);
  return n;
}

/** Parses a token id or rule-set id (any uint256). */
export function parseId(value: AmountInput, path: string): bigint {
  return parseAmount(value, path, MAX_UINT256);
}

function tokenless(kind: RuleKind): boolean {
  return kind === RuleKind.NATIVE_BALANCE || kind === RuleKind.RULE_SET;
}

function idCountRange(kind: RuleKind): [number, number] {
  if (kind === RuleKind.ERC1155_BALANCE) return [1, GATE_LIMITS.maxIds];
  if (kind === RuleKind.ERC721_OWNER || kind === RuleKind.RULE_SET) return [1, 1];
  return [0, 0];
}

/** Checks one rule like the contract does (all but reference existence, cycles and depth) and returns a normalized copy. */
export function validateRule(rule: Rule, path = "rule"): Rule {
  if (typeof rule !== "object" || rule === null) throw new InvalidRuleSetError(path, "not an object");
  if (!KINDS.has(rule.kind)) throw new InvalidRuleSetError(`${path}.kind`, `unknown rule kind ${String(rule.kind)}`);
  if (typeof rule.negate !== "boolean") throw new InvalidRuleSetError(`${path}.negate`, "must be a boolean");
  const min = parseAmount(rule.min, `${path}.min`);
  const max = parseAmount(rule.max, `${path}.max`);
  if (min > max) throw new InvalidRuleSetError(`${path}.max`, `max ${max} is below min ${min}`);
  if (typeof rule.token !== "string" || !isAddress(rule.token)) throw new InvalidRuleSetError(`${path}.token`, `${String(rule.token)} is not an address`);
  const token = getAddress(rule.token);
  if (tokenless(rule.kind) && token !== ZeroAddress) throw new InvalidRuleSetError(`${path}.token`, "must be the zero address for native and rule-set rules");
  if (!tokenless(rule.kind) && token === ZeroAddress) throw new InvalidRuleSetError(`${path}.token`, "a token rule needs a token address");
  if (!Array.isArray(rule.ids)) throw new InvalidRuleSetError(`${path}.ids`, "must be an array");
  const [least, most] = idCountRange(rule.kind);
  if (rule.ids.length < least || rule.ids.length > most) {
    throw new InvalidRuleSetError(`${path}.ids`, `needs ${least === most ? least : `${least} to ${most}`} id(s) for this kind, got ${rule.ids.length}`);
  }
  const ids = rule.ids.map((id, j) => parseId(id, `${path}.ids[${j}]`));
  if (rule.kind === RuleKind.RULE_SET && ids[0] === 0n) throw new InvalidRuleSetError(`${path}.ids[0]`, "rule-set ids start at 1");
  return { kind: rule.kind, negate: rule.negate, token, min, max, ids };
}

/**
 * Checks a definition like `Dm3RuleSets` does before storing it (rule count, threshold, every
 * rule) and returns a normalized copy (checksummed addresses, bigint amounts). Reference existence,
 * cycles and depth need the chain; the contract checks those.
 * @throws InvalidRuleSetError naming the bad field
 */
export function validateRuleSet(definition: RuleSetDefinition): RuleSetDefinition {
  if (typeof definition !== "object" || definition === null) throw new InvalidRuleSetError("", "not an object");
  const { logic, threshold, rules } = definition;
  if (!LOGICS.has(logic)) throw new InvalidRuleSetError("logic", `unknown logic ${String(logic)}`);
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > GATE_LIMITS.maxRules) {
    throw new InvalidRuleSetError("rules", `needs 1 to ${GATE_LIMITS.maxRules} rules, got ${Array.isArray(rules) ? rules.length : "none"}`);
  }
  if (!Number.isInteger(threshold)) throw new InvalidRuleSetError("threshold", "must be an integer");
  if (logic === Logic.ANY_OF ? threshold < 1 || threshold > rules.length : threshold !== 0) {
    throw new InvalidRuleSetError("threshold", logic === Logic.ANY_OF ? `must be 1 to ${rules.length} for anyOf, got ${threshold}` : `must be 0 for and/or, got ${threshold}`);
  }
  return { logic, threshold, rules: rules.map((r, i) => validateRule(r, `rules[${i}]`)) };
}
