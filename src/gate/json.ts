import { ZeroAddress } from "ethers";
import { InvalidRuleSetError } from "./errors";
import { Logic, NO_MAX, RuleKind, type Rule, type RuleSetDefinition } from "./types";
import { type AmountInput, validateRuleSet } from "./validate";

/**
 * The JSON form of a rule set (the `dm3:gate:create --rules` file):
 *
 * ```json
 * { "logic": "and" | "or" | "anyOf", "threshold": 2,
 *   "rules": [
 *     { "type": "native",      "min": "1000000000000000000" },
 *     { "type": "erc20",       "token": "0x…", "min": "100", "max": "5000", "negate": false },
 *     { "type": "erc721",      "token": "0x…", "min": 1 },
 *     { "type": "erc721Owner", "token": "0x…", "id": "7" },
 *     { "type": "erc1155",     "token": "0x…", "ids": ["1", "2"], "min": 1 },
 *     { "type": "ruleSet",     "id": 3, "negate": true } ] }
 * ```
 * Amounts and ids are decimal or 0x-hex strings or safe integers; `min` defaults to 1, no `max` means
 * no upper bound (owner and rule-set rules have the value 1 or 0, so their defaults are what one
 * wants); `threshold` is required for `anyOf` only; unknown fields are errors.
 */
export interface RuleSetJson {
  logic: "and" | "or" | "anyOf";
  threshold?: number;
  rules: RuleJson[];
}

/** One rule in {@link RuleSetJson}. */
export interface RuleJson {
  type: RuleType;
  token?: string;
  min?: AmountInput;
  max?: AmountInput;
  negate?: boolean;
  id?: AmountInput;
  ids?: AmountInput[];
}

/** Rule `type` names of the JSON form. */
export type RuleType = "native" | "erc20" | "erc721" | "erc721Owner" | "erc1155" | "ruleSet";

const TYPES: Record<RuleType, { kind: RuleKind; fields: string[] }> = {
  native: { kind: RuleKind.NATIVE_BALANCE, fields: ["min", "max", "negate"] },
  erc20: { kind: RuleKind.ERC20_BALANCE, fields: ["token", "min", "max", "negate"] },
  erc721: { kind: RuleKind.ERC721_BALANCE, fields: ["token", "min", "max", "negate"] },
  erc721Owner: { kind: RuleKind.ERC721_OWNER, fields: ["token", "id", "min", "max", "negate"] },
  erc1155: { kind: RuleKind.ERC1155_BALANCE, fields: ["token", "id", "ids", "min", "max", "negate"] },
  ruleSet: { kind: RuleKind.RULE_SET, fields: ["id", "min", "max", "negate"] },
};
const LOGIC_NAMES: Record<string, Logic> = { and: Logic.AND, or: Logic.OR, anyOf: Logic.ANY_OF };

/** Longest JSON text accepted (a full set of 16 rules with 8 ids each is ~10 KB). */
export const MAX_RULE_SET_JSON_BYTES = 64 * 1024;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function onlyFields(o: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) throw new InvalidRuleSetError(`${path}.${key}`, "unknown field");
}

function parseRule(raw: unknown, path: string): Rule {
  if (!isObject(raw)) throw new InvalidRuleSetError(path, "a rule must be an object");
  const spec = TYPES[raw.type as RuleType];
  if (typeof raw.type !== "string" || !spec) throw new InvalidRuleSetError(`${path}.type`, `must be one of ${Object.keys(TYPES).join(", ")}`);
  onlyFields(raw, ["type", ...spec.fields], path);
  if (raw.negate !== undefined && typeof raw.negate !== "boolean") throw new InvalidRuleSetError(`${path}.negate`, "must be true or false");
  if (raw.ids !== undefined && raw.id !== undefined) throw new InvalidRuleSetError(`${path}.ids`, "give either id or ids");
  if (raw.ids !== undefined && !Array.isArray(raw.ids)) throw new InvalidRuleSetError(`${path}.ids`, "must be an array");
  const ids = (raw.ids ?? (raw.id === undefined ? [] : [raw.id])) as AmountInput[];
  // Amounts and ids are checked (with their paths) by validateRuleSet; here they pass through as given.
  return {
    kind: spec.kind,
    negate: (raw.negate as boolean | undefined) ?? false,
    token: spec.fields.includes("token") ? ((raw.token as string | undefined) ?? "") : ZeroAddress,
    min: (raw.min ?? 1) as unknown as bigint,
    max: (raw.max ?? NO_MAX) as unknown as bigint,
    ids: ids as unknown as bigint[],
  };
}

/**
 * Parses and validates the JSON form of a rule set (text or an already parsed value).
 * @throws InvalidRuleSetError naming the bad field (e.g. `rules[2].token`)
 */
export function parseRuleSetJson(input: string | unknown): RuleSetDefinition {
  let raw: unknown = input;
  if (typeof input === "string") {
    if (input.length > MAX_RULE_SET_JSON_BYTES) throw new InvalidRuleSetError("", `the JSON is longer than ${MAX_RULE_SET_JSON_BYTES} bytes`);
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new InvalidRuleSetError("", `not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(raw)) throw new InvalidRuleSetError("", "a rule set must be a JSON object");
  onlyFields(raw, ["logic", "threshold", "rules"], "");
  const logic = LOGIC_NAMES[raw.logic as string];
  if (typeof raw.logic !== "string" || logic === undefined) throw new InvalidRuleSetError("logic", `must be "and", "or" or "anyOf"`);
  if (logic !== Logic.ANY_OF && raw.threshold !== undefined && raw.threshold !== 0) throw new InvalidRuleSetError("threshold", `only "anyOf" takes a threshold`);
  if (logic === Logic.ANY_OF && raw.threshold === undefined) throw new InvalidRuleSetError("threshold", `"anyOf" needs a threshold`);
  if (!Array.isArray(raw.rules)) throw new InvalidRuleSetError("rules", "must be an array");
  const rules = raw.rules.map((r, i) => parseRule(r, `rules[${i}]`));
  return validateRuleSet({ logic, threshold: logic === Logic.ANY_OF ? (raw.threshold as number) : 0, rules });
}

/** The JSON form of a definition (amounts and ids as decimal strings; defaults left out). */
export function ruleSetToJson(definition: RuleSetDefinition): RuleSetJson {
  const logic = (Object.keys(LOGIC_NAMES) as Array<RuleSetJson["logic"]>).find((k) => LOGIC_NAMES[k] === definition.logic)!;
  const rules = definition.rules.map((r): RuleJson => {
    const type = (Object.keys(TYPES) as RuleType[]).find((t) => TYPES[t].kind === r.kind)!;
    const out: RuleJson = { type };
    if (TYPES[type].fields.includes("token")) out.token = r.token;
    if (r.min !== 1n) out.min = r.min.toString();
    if (r.max !== NO_MAX) out.max = r.max.toString();
    if (type === "erc1155") out.ids = r.ids.map(String);
    else if (r.ids.length === 1) out.id = r.ids[0].toString();
    if (r.negate) out.negate = true;
    return out;
  });
  return { logic, ...(definition.logic === Logic.ANY_OF ? { threshold: definition.threshold } : {}), rules };
}
