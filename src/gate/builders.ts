import { ZeroAddress } from "ethers";
import { Logic, NO_MAX, RuleKind, type Rule, type RuleSetDefinition } from "./types";
import { type AmountInput, parseAmount, parseId, validateRule, validateRuleSet } from "./validate";

/** Bounds of a balance rule: `min` (default 1), optional `max` (inclusive), optional negation. */
export interface BoundsInput {
  min?: AmountInput;
  max?: AmountInput;
  negate?: boolean;
}

function rule(kind: RuleKind, token: string, ids: AmountInput[], bounds: BoundsInput): Rule {
  return validateRule({
    kind,
    negate: bounds.negate ?? false,
    token,
    min: parseAmount(bounds.min ?? 1n, "min"),
    max: bounds.max === undefined ? NO_MAX : parseAmount(bounds.max, "max"),
    ids: ids.map((id, j) => parseId(id, `ids[${j}]`)),
  });
}

/** Native-coin balance (wei) of the account within the bounds. */
export function nativeBalance(bounds: BoundsInput = {}): Rule {
  return rule(RuleKind.NATIVE_BALANCE, ZeroAddress, [], bounds);
}

/** ERC-20 `balanceOf(account)` within the bounds (base units). */
export function erc20Balance(token: string, bounds: BoundsInput = {}): Rule {
  return rule(RuleKind.ERC20_BALANCE, token, [], bounds);
}

/** ERC-721 `balanceOf(account)` (number of tokens held) within the bounds. */
export function erc721Balance(token: string, bounds: BoundsInput = {}): Rule {
  return rule(RuleKind.ERC721_BALANCE, token, [], bounds);
}

/** The account owns ERC-721 token `id` (`ownerOf(id) == account`). */
export function erc721Owner(token: string, id: AmountInput, options: { negate?: boolean } = {}): Rule {
  return rule(RuleKind.ERC721_OWNER, token, [id], { negate: options.negate });
}

/** The largest ERC-1155 `balanceOf(account, id)` over `ids` (one id, or any of up to 8) within the bounds. */
export function erc1155Balance(token: string, ids: AmountInput | AmountInput[], bounds: BoundsInput = {}): Rule {
  return rule(RuleKind.ERC1155_BALANCE, token, Array.isArray(ids) ? ids : [ids], bounds);
}

/** The account passes the stored rule set `ruleSetId`. */
export function ruleSetRef(ruleSetId: AmountInput, options: { negate?: boolean } = {}): Rule {
  return rule(RuleKind.RULE_SET, ZeroAddress, [ruleSetId], { negate: options.negate });
}

/** The rule, inverted. */
export function not(r: Rule): Rule {
  return { ...r, ids: [...r.ids], negate: !r.negate };
}

/** A set that passes when every rule passes. */
export function allOf(...rules: Rule[]): RuleSetDefinition {
  return validateRuleSet({ logic: Logic.AND, threshold: 0, rules });
}

/** A set that passes when at least one rule passes. */
export function anyOf(...rules: Rule[]): RuleSetDefinition {
  return validateRuleSet({ logic: Logic.OR, threshold: 0, rules });
}

/** A set that passes when at least `n` of the rules pass (ANY_OF(n)). */
export function atLeast(n: number, ...rules: Rule[]): RuleSetDefinition {
  return validateRuleSet({ logic: Logic.ANY_OF, threshold: n, rules });
}
