import type { ContractRunner } from "ethers";
import { TtlCache } from "../shared/ttlCache";
import { RuleSetNotFoundError } from "./errors";
import { explainAccess, getRuleSet, type GateOptions } from "./evaluate";
import type { GateExplanation, RuleSetDefinition, StoredRuleSet } from "./types";
import { type AmountInput, parseId, validateRuleSet } from "./validate";

/** Default time a decision (and a mutable stored set) is reused: one minute. */
export const DEFAULT_GATE_TTL_MS = 60_000;

/** Options of {@link createGateChecker}. */
export interface GateCheckerOptions {
  /** Reads the chain the rule sets live on (an ethers Provider; a batching JsonRpcProvider sends each round as one request). */
  provider: ContractRunner;
  /** Address of the `Dm3RuleSets` contract on that chain. */
  ruleSets: string;
  /** How long a decision and a stored set that is not frozen are reused (default one minute; 0 disables caching). Frozen sets are kept until evicted. */
  ttlMs?: number;
  /** Most decisions (and, separately, stored sets) kept (default 10,000). */
  maxEntries?: number;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

/** A cached gate for a server (the delivery service's spam filter): answers per rule set and account. */
export interface GateChecker {
  /** Whether `account` passes stored rule set `ruleSetId`. */
  isAllowed(ruleSetId: AmountInput, account: string): Promise<boolean>;
  /** Why `account` passes stored rule set `ruleSetId` or not. */
  explain(ruleSetId: AmountInput, account: string): Promise<GateExplanation>;
  /** Whether `account` passes a definition that is not stored (e.g. mapped spam-filter settings). */
  isAllowedBy(definition: RuleSetDefinition, account: string): Promise<boolean>;
  /** Why `account` passes a definition that is not stored or not (shares the decision cache of {@link isAllowedBy}). */
  explainBy(definition: RuleSetDefinition, account: string): Promise<GateExplanation>;
  /** Whether stored rule set `ruleSetId` exists (false for an id that is not a number); the set is cached like the others. */
  hasRuleSet(ruleSetId: AmountInput): Promise<boolean>;
  /** Forgets every cached decision and set (e.g. after the receiver changed its settings). */
  clear(): void;
}

/** A stable cache key for a definition. */
function definitionKey(definition: RuleSetDefinition): string {
  return JSON.stringify(definition, (_k, v) => (typeof v === "bigint" ? v.toString() : typeof v === "string" ? v.toLowerCase() : v));
}

/**
 * A gate checker with a TTL cache: one evaluation per (rule set, account) per `ttlMs`, concurrent
 * questions share one evaluation, failures are not cached (they throw, so the caller decides, e.g.
 * to refuse). Stored sets are cached too: frozen ones until evicted, others for `ttlMs`.
 *
 * Wiring into a delivery service, for a receiver with `ruleSetId` and the sender's address:
 * ```ts
 * const gate = createGateChecker({ provider, ruleSets });
 * if (!(await gate.isAllowed(ruleSetId, senderAddress))) refuse();
 * // or as the delivery service's token gate: { hasRuleSet: gate.hasRuleSet, check: gate.isAllowed }
 * ```
 */
export function createGateChecker(options: GateCheckerOptions): GateChecker {
  const ttlMs = options.ttlMs ?? DEFAULT_GATE_TTL_MS;
  const now = options.now ?? Date.now;
  const decisions = new TtlCache<GateExplanation>(ttlMs, now, options.maxEntries);
  const sets = new TtlCache<StoredRuleSet>(ttlMs, now, options.maxEntries);
  const gateOptions: GateOptions = {
    ruleSets: options.ruleSets,
    // A frozen set never changes: keep it until evicted.
    loadRuleSet: (id) => sets.getOrLoad(id.toString(), () => getRuleSet(options.provider, id, { ruleSets: options.ruleSets }), (s) => (s.frozen && ttlMs > 0 ? Infinity : ttlMs)),
  };
  const explain = (key: string, target: bigint | RuleSetDefinition, account: string) =>
    decisions.getOrLoad(`${key}|${account.toLowerCase()}`, () => explainAccess(options.provider, target, account, gateOptions));
  const explainBy = async (definition: RuleSetDefinition, account: string): Promise<GateExplanation> => {
    const def = validateRuleSet(definition);
    return explain(`def:${definitionKey(def)}`, def, account);
  };
  return {
    explain: (ruleSetId, account) => {
      const id = parseId(ruleSetId, "ruleSetId");
      return explain(`id:${id}`, id, account);
    },
    isAllowed: async (ruleSetId, account) => {
      const id = parseId(ruleSetId, "ruleSetId");
      return (await explain(`id:${id}`, id, account)).allowed;
    },
    explainBy,
    isAllowedBy: async (definition, account) => (await explainBy(definition, account)).allowed,
    hasRuleSet: async (ruleSetId) => {
      let id: bigint;
      try {
        id = parseId(ruleSetId, "ruleSetId");
      } catch {
        return false;
      }
      return gateOptions.loadRuleSet!(id).then(
        () => true,
        (e) => {
          if (e instanceof RuleSetNotFoundError) return false;
          throw e;
        },
      );
    },
    clear: () => {
      decisions.clear();
      sets.clear();
    },
  };
}
