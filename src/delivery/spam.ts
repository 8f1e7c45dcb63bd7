import { Contract, type Provider } from "ethers";
import type { GateChecker } from "../gate";
import { TtlCache } from "../shared/ttlCache";
import { InvalidInputError, ResourceUnavailableError, SpamFilteredError } from "./errors";
import type { SpamFilterRules, TokenGate } from "./types";

/** The chain reads spam rules need (the delivery service's `RPC` chain, as the reference). */
export interface ChainReader {
  transactionCount(address: string): Promise<number>;
  balance(address: string): Promise<bigint>;
  tokenBalance(token: string, address: string): Promise<bigint>;
}

const ERC20 = ["function balanceOf(address) view returns (uint256)"];

/**
 * A {@link ChainReader} over an ethers provider whose answers are reused for `ttlMs` (default
 * 30 s): a burst of messages from one sender costs one read per rule. A failing token call
 * counts as balance 0 (as the reference); a failing RPC is "unavailable".
 */
export class CachedChainReader implements ChainReader {
  private readonly cache: TtlCache<bigint>;

  constructor(
    private readonly provider: Pick<Provider, "getTransactionCount" | "getBalance" | "call">,
    ttlMs = 30_000,
  ) {
    this.cache = new TtlCache<bigint>(ttlMs, Date.now, 50_000);
  }

  private read(key: string, load: () => Promise<bigint>): Promise<bigint> {
    return this.cache.getOrLoad(key, async () => {
      try {
        return await load();
      } catch (e) {
        throw new ResourceUnavailableError(`cannot read the chain now: ${(e as { shortMessage?: string })?.shortMessage ?? (e as Error)?.message}`, { cause: e });
      }
    });
  }

  async transactionCount(address: string): Promise<number> {
    return Number(await this.read(`n:${address}`, async () => BigInt(await this.provider.getTransactionCount(address))));
  }

  balance(address: string): Promise<bigint> {
    return this.read(`b:${address}`, () => this.provider.getBalance(address));
  }

  tokenBalance(token: string, address: string): Promise<bigint> {
    return this.read(`t:${token}:${address}`, async () => {
      const erc20 = new Contract(token, ERC20, this.provider as Provider);
      try {
        return (await erc20.balanceOf(address)) as bigint;
      } catch {
        return 0n; // not a token, or reverted: no balance (reference semantics)
      }
    });
  }
}

/** Reads the rules' amounts (decimal or 0x-hex strings) as bigints. */
function amount(value: string): bigint {
  return BigInt(value);
}

/**
 * Checks `senderAddress` against a receiver's rules (all present rules must pass).
 * @throws SpamFilteredError naming the first failing rule, ResourceUnavailableError when the chain cannot be read
 */
export async function checkSpamRules(rules: SpamFilterRules | undefined, senderAddress: string, chain: ChainReader | undefined, tokenGate?: TokenGate): Promise<void> {
  if (!rules) return;
  const needsChain = rules.minNonce !== undefined || rules.minBalance !== undefined || rules.minTokenBalance !== undefined;
  if (needsChain && !chain) throw new ResourceUnavailableError("the delivery service has no chain access to evaluate spam rules");
  const checks: Array<Promise<string | undefined>> = [];
  if (rules.minNonce !== undefined) {
    const min = rules.minNonce;
    checks.push(chain!.transactionCount(senderAddress).then((n) => (n >= min ? undefined : `minNonce ${min}`)));
  }
  if (rules.minBalance !== undefined) {
    const min = amount(rules.minBalance);
    checks.push(chain!.balance(senderAddress).then((b) => (b >= min ? undefined : `minBalance ${rules.minBalance}`)));
  }
  if (rules.minTokenBalance !== undefined) {
    const { address, amount: a } = rules.minTokenBalance;
    checks.push(chain!.tokenBalance(address, senderAddress).then((b) => (b >= amount(a) ? undefined : `minTokenBalance ${a} of ${address}`)));
  }
  if (rules.tokenGate !== undefined) {
    const id = rules.tokenGate.ruleSetId;
    if (!tokenGate) throw new ResourceUnavailableError("the delivery service has no token gate to evaluate the receiver's rule set");
    checks.push(tokenGate.check(id, senderAddress).then((ok) => (ok ? undefined : `tokenGate ${id}`)));
  }
  const failed = (await Promise.all(checks)).find((f) => f !== undefined);
  if (failed) throw new SpamFilteredError(failed);
}

/**
 * Validates rules a receiver sets: a token-gate rule set needs a configured gate that knows it.
 * @throws InvalidInputError
 */
export async function checkRulesSettable(rules: SpamFilterRules, tokenGate: TokenGate | undefined): Promise<void> {
  if (rules.tokenGate) {
    if (!tokenGate) throw new InvalidInputError("this delivery service has no token gate: tokenGate rules cannot be set");
    if (!(await tokenGate.hasRuleSet(rules.tokenGate.ruleSetId))) throw new InvalidInputError(`unknown token-gate rule set ${JSON.stringify(rules.tokenGate.ruleSetId)}`);
  }
}

/** The SDK's token-gate checker (`createGateChecker`, rule sets stored in Dm3RuleSets) as a {@link TokenGate}. */
export function tokenGateFromChecker(checker: Pick<GateChecker, "hasRuleSet" | "isAllowed">): TokenGate {
  return { hasRuleSet: (id) => checker.hasRuleSet(id), check: (id, sender) => checker.isAllowed(id, sender) };
}
