import type { Provider } from "ethers";
import { GateUnavailableError, InvalidRuleSetError, RuleKind, RuleSetNotFoundError, spamFilterRulesToRuleSet, type GateChecker, type MappedSpamFilter } from "../gate";
import { shortError } from "../shared/errors";
import { TtlCache } from "../shared/ttlCache";
import { InvalidInputError, ResourceUnavailableError, SpamFilteredError } from "./errors";
import type { SpamFilterRules, TokenGate } from "./types";

/**
 * The chain read spam rules need besides the token gate: the sender's transaction count
 * (`minNonce`, an off-chain check on the delivery service's `RPC` chain, as the reference).
 * Balances (`minBalance`, `minTokenBalance`) are rules evaluated by the {@link TokenGate}.
 */
export interface ChainReader {
  transactionCount(address: string): Promise<number>;
}

/**
 * A {@link ChainReader} over an ethers provider whose answers are reused for `ttlMs` (default
 * 30 s): a burst of messages from one sender costs one read. A failing RPC is "unavailable".
 */
export class CachedChainReader implements ChainReader {
  private readonly cache: TtlCache<number>;

  constructor(
    private readonly provider: Pick<Provider, "getTransactionCount">,
    ttlMs = 30_000,
  ) {
    this.cache = new TtlCache<number>(ttlMs, Date.now, 50_000);
  }

  transactionCount(address: string): Promise<number> {
    return this.cache.getOrLoad(`n:${address.toLowerCase()}`, async () => {
      try {
        return await this.provider.getTransactionCount(address);
      } catch (e) {
        throw new ResourceUnavailableError(`cannot read the chain now: ${shortError(e).slice(0, 160)}`, { cause: e });
      }
    });
  }
}

/**
 * dm3's filters in the form the delivery service evaluates them: `minBalance` and
 * `minTokenBalance` as an AND of gate rules (src/gate `spamFilterRulesToRuleSet`, present when
 * truthy as in the reference), `minNonce` as an off-chain check (present when truthy).
 * @throws InvalidInputError for a setting the rules cannot express (an amount of 2^128 or more)
 */
export function mapSpamRules(rules: SpamFilterRules): MappedSpamFilter {
  try {
    return spamFilterRulesToRuleSet(rules);
  } catch (e) {
    if (e instanceof InvalidRuleSetError) throw new InvalidInputError(`spam filter rule ${e.path} cannot be evaluated: ${e.message}`, { cause: e });
    throw e;
  }
}

/** How a failing mapped rule is named in the spam answer (the dm3 setting it came from). */
function settingOf(kind: RuleKind, rules: SpamFilterRules): string {
  if (kind === RuleKind.NATIVE_BALANCE) return `minBalance ${rules.minBalance}`;
  return `minTokenBalance ${rules.minTokenBalance!.amount} of ${rules.minTokenBalance!.address}`;
}

/** A token-gate failure as a delivery-service answer: the gate could not be read now. */
function gateUnavailable(e: unknown): never {
  if (e instanceof GateUnavailableError) throw new ResourceUnavailableError(`cannot evaluate the receiver's rules now: ${e.message}`, { cause: e });
  if (e instanceof RuleSetNotFoundError || e instanceof InvalidRuleSetError) {
    throw new ResourceUnavailableError(`the receiver's token-gate rule set cannot be evaluated by this delivery service: ${e.message}`, { cause: e });
  }
  throw e;
}

/**
 * Checks `senderAddress` against a receiver's rules; all present rules must pass (the reference's
 * semantics, dm3-protocol.md §9). `minNonce` is read through `chain`; `minBalance` and
 * `minTokenBalance` are mapped onto rules and evaluated by the token gate's off-chain evaluator
 * (a token whose `balanceOf` fails counts as 0); a `tokenGate` rule set by the token gate. The
 * reads run concurrently; the gate and `chain` cache their answers.
 * @throws SpamFilteredError naming the first failing rule (in the order minNonce, minBalance,
 *   minTokenBalance, tokenGate), ResourceUnavailableError when the chain or the gate cannot be read
 */
export async function checkSpamRules(rules: SpamFilterRules | undefined, senderAddress: string, chain: ChainReader | undefined, tokenGate?: TokenGate): Promise<void> {
  if (!rules) return;
  let mapped: MappedSpamFilter;
  try {
    mapped = mapSpamRules(rules);
  } catch (e) {
    // Stored before settings were checked: a bound no holding can reach (2^128 or more) fails.
    if (e instanceof InvalidInputError) throw new SpamFilteredError(e.message);
    throw e;
  }
  const { definition, minNonce } = mapped;
  if (minNonce !== undefined && !chain) throw new ResourceUnavailableError("the delivery service has no chain access to evaluate spam rules");
  if ((definition || rules.tokenGate) && !tokenGate) throw new ResourceUnavailableError("the delivery service has no token gate to evaluate the receiver's rules");
  const checks: Array<Promise<string | undefined>> = [];
  if (minNonce !== undefined) checks.push(chain!.transactionCount(senderAddress).then((n) => (n >= minNonce ? undefined : `minNonce ${minNonce}`)));
  if (definition) {
    checks.push(
      tokenGate!.checkRules(definition, senderAddress).then((passed) => {
        const failed = passed.findIndex((p) => !p);
        return failed < 0 ? undefined : settingOf(definition.rules[failed].kind, rules);
      }, gateUnavailable),
    );
  }
  if (rules.tokenGate !== undefined) {
    const id = rules.tokenGate.ruleSetId;
    checks.push(tokenGate!.check(id, senderAddress).then((ok) => (ok ? undefined : `tokenGate ${id}`), gateUnavailable));
  }
  const failed = (await Promise.all(checks)).find((f) => f !== undefined);
  if (failed) throw new SpamFilteredError(failed);
}

/**
 * Validates rules a receiver sets: balance settings must map onto rules, and they and a
 * token-gate rule set need a configured gate (that knows the set).
 * @throws InvalidInputError
 */
export async function checkRulesSettable(rules: SpamFilterRules, tokenGate: TokenGate | undefined): Promise<void> {
  const { definition } = mapSpamRules(rules);
  if (definition && !tokenGate) throw new InvalidInputError("this delivery service has no token gate: minBalance and minTokenBalance rules cannot be set");
  if (rules.tokenGate) {
    if (!tokenGate) throw new InvalidInputError("this delivery service has no token gate: tokenGate rules cannot be set");
    const known = await tokenGate.hasRuleSet(rules.tokenGate.ruleSetId).catch(gateUnavailable);
    if (!known) throw new InvalidInputError(`unknown token-gate rule set ${JSON.stringify(rules.tokenGate.ruleSetId)}`);
  }
}

/**
 * The SDK's token-gate checker (`createGateChecker`, rule sets stored in Dm3RuleSets) as a
 * {@link TokenGate}: stored sets and mapped spam settings go through its one cached evaluator.
 */
export function tokenGateFromChecker(checker: Pick<GateChecker, "hasRuleSet" | "isAllowed" | "explainBy">): TokenGate {
  return {
    hasRuleSet: (id) => checker.hasRuleSet(id),
    check: (id, sender) => checker.isAllowed(id, sender),
    checkRules: async (definition, sender) => (await checker.explainBy(definition, sender)).root.rules.map((r) => r.passed),
  };
}
