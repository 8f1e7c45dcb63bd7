import { erc20Balance, nativeBalance } from "./builders";
import { InvalidRuleSetError } from "./errors";
import { Logic, type Rule, type RuleSetDefinition } from "./types";
import { parseAmount } from "./validate";

/**
 * dm3's per-receiver spam filter settings (`SpamFilterRules` of `@dm3-org/dm3-lib-delivery` 1.7.1):
 * all present filters must pass.
 */
export interface Dm3SpamFilterRules {
  /** The sender's transaction count must be at least this (an off-chain check; not a rule). */
  minNonce?: number;
  /** The sender's native balance in wei must be at least this (decimal or 0x-hex string). */
  minBalance?: string;
  /** The sender's ERC-20 `balanceOf` at `address` must be at least `amount`. */
  minTokenBalance?: { address: string; amount: string };
}

/** The rule-set form of dm3 spam filter settings. */
export interface MappedSpamFilter {
  /** AND of the balance filters, evaluated off-chain with the gate SDK; null when there are none. */
  definition: RuleSetDefinition | null;
  /** The nonce filter, which stays a separate off-chain check (`getTransactionCount(sender) >= minNonce`). */
  minNonce?: number;
}

/**
 * Maps dm3's `minBalance` and `minTokenBalance` filters onto rules: a native-balance rule and an
 * ERC-20 rule with `min` = the setting, combined with AND (the reference applies every present
 * filter). As in the reference, a filter is present when its value is truthy, and a token whose
 * `balanceOf` fails counts as balance 0. `minNonce` is returned as is: it is not a holding.
 * Evaluate the definition with `createGateChecker(...).isAllowedBy(definition, sender)`.
 * @throws InvalidRuleSetError for an amount that is not an unsigned integer below 2^128 or a bad token address
 */
export function spamFilterRulesToRuleSet(settings: Dm3SpamFilterRules): MappedSpamFilter {
  const rules: Rule[] = [];
  if (settings.minBalance) rules.push(nativeBalance({ min: parseAmount(settings.minBalance, "minBalance") }));
  const token = settings.minTokenBalance;
  if (token) {
    if (typeof token !== "object") throw new InvalidRuleSetError("minTokenBalance", "must be { address, amount }");
    try {
      rules.push(erc20Balance(token.address, { min: parseAmount(token.amount, "minTokenBalance.amount") }));
    } catch (e) {
      if (e instanceof InvalidRuleSetError && !e.path.startsWith("minTokenBalance")) throw new InvalidRuleSetError(`minTokenBalance.address`, `${String(token.address)} is not a token address`);
      throw e;
    }
  }
  const minNonce = settings.minNonce ? { minNonce: settings.minNonce } : {};
  return { definition: rules.length ? { logic: Logic.AND, threshold: 0, rules } : null, ...minNonce };
}
