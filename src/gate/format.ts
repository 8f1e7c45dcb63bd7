import { ruleSetToJson, type RuleJson, type RuleSetJson } from "./json";
import { GATE_LIMITS, Logic, NO_MAX, RuleKind, type GateExplanation, type Rule, type SetExplanation } from "./types";

function bounds(rule: Rule): string {
  if (rule.max === NO_MAX) return `>= ${rule.min}`;
  if (rule.min === rule.max) return `== ${rule.min}`;
  return `in [${rule.min}, ${rule.max}]`;
}

/** One line describing what a rule asks, e.g. `ERC-20 0xA0b8… balance >= 100`. */
export function describeRule(rule: Rule): string {
  const not = rule.negate ? "NOT " : "";
  switch (rule.kind) {
    case RuleKind.NATIVE_BALANCE:
      return `${not}native balance ${bounds(rule)} wei`;
    case RuleKind.ERC20_BALANCE:
      return `${not}ERC-20 ${rule.token} balance ${bounds(rule)}`;
    case RuleKind.ERC721_BALANCE:
      return `${not}ERC-721 ${rule.token} tokens held ${bounds(rule)}`;
    case RuleKind.ERC721_OWNER:
      return `${not}owns ERC-721 ${rule.token} #${rule.ids[0]}${rule.min === 1n && rule.max === NO_MAX ? "" : ` (value ${bounds(rule)})`}`;
    case RuleKind.ERC1155_BALANCE:
      return `${not}ERC-1155 ${rule.token} ${rule.ids.length === 1 ? `id ${rule.ids[0]}` : `largest balance of ids ${rule.ids.join(", ")}`} ${bounds(rule)}`;
    default:
      return `${not}passes rule set #${rule.ids[0]}${rule.min === 1n && rule.max === NO_MAX ? "" : ` (value ${bounds(rule)})`}`;
  }
}

function logicText(set: SetExplanation): string {
  const name = set.logic === Logic.AND ? "all of" : set.logic === Logic.OR ? "any of" : `at least ${set.threshold} of`;
  return `${name} ${set.rules.length} rule${set.rules.length === 1 ? "" : "s"}, ${set.passedCount} passed`;
}

function setLines(set: SetExplanation, indent: string): string[] {
  const title = set.ruleSetId === null ? "rule set (not stored)" : `rule set #${set.ruleSetId}`;
  const lines = [`${indent}${title}: ${set.allowed ? "allowed" : "not allowed"} (${logicText(set)})`];
  for (const r of set.rules) {
    const why = r.tooDeep
      ? `nested deeper than ${GATE_LIMITS.maxDepth} levels: counts as failed`
      : r.rule.kind === RuleKind.RULE_SET
        ? ""
        : `value ${r.value}${r.readFailed ? " (a token read failed: counted as 0)" : ""}`;
    lines.push(`${indent}  [${r.passed ? "pass" : "FAIL"}] ${r.index}: ${describeRule(r.rule)}${why ? `: ${why}` : ""}`);
    if (r.nested) lines.push(...setLines(r.nested, `${indent}      `));
  }
  return lines;
}

/** A readable explanation, one line per set and rule (nested sets indented). */
export function formatExplanation(explanation: GateExplanation): string[] {
  return [`${explanation.account} is ${explanation.allowed ? "ALLOWED" : "NOT ALLOWED"}`, ...setLines(explanation.root, "  ")];
}

/** One rule's outcome in {@link ExplanationJson}. */
export interface RuleOutcomeJson {
  index: number;
  rule: RuleJson;
  passed: boolean;
  /** The rule's value (balance, 1/0 for ownership and nested sets) as a decimal string. */
  value: string;
  readFailed: boolean;
  tooDeep?: boolean;
  nested?: SetOutcomeJson;
}

/** One set's outcome in {@link ExplanationJson}. */
export interface SetOutcomeJson {
  ruleSetId: string | null;
  logic: RuleSetJson["logic"];
  threshold?: number;
  needed: number;
  passedCount: number;
  allowed: boolean;
  rules: RuleOutcomeJson[];
}

/** The JSON form of an explanation (`dm3:gate:check --json`): amounts as decimal strings, rules in their JSON form. */
export interface ExplanationJson {
  account: string;
  allowed: boolean;
  ruleSet: SetOutcomeJson;
}

function setJson(set: SetExplanation): SetOutcomeJson {
  const asJson = ruleSetToJson({ logic: set.logic, threshold: set.threshold, rules: set.rules.map((r) => r.rule) });
  return {
    ruleSetId: set.ruleSetId === null ? null : set.ruleSetId.toString(),
    logic: asJson.logic,
    ...(asJson.threshold !== undefined ? { threshold: asJson.threshold } : {}),
    needed: set.needed,
    passedCount: set.passedCount,
    allowed: set.allowed,
    rules: set.rules.map((r, i) => ({
      index: r.index,
      rule: asJson.rules[i],
      passed: r.passed,
      value: r.value.toString(),
      readFailed: r.readFailed,
      ...(r.tooDeep ? { tooDeep: true } : {}),
      ...(r.nested ? { nested: setJson(r.nested) } : {}),
    })),
  };
}

/** The explanation as plain JSON (see {@link ExplanationJson}). */
export function explanationToJson(explanation: GateExplanation): ExplanationJson {
  return { account: explanation.account, allowed: explanation.allowed, ruleSet: setJson(explanation.root) };
}
