import { getAddress, isAddress, type BlockTag, type ContractRunner } from "ethers";
import { Dm3RuleSets__factory } from "../../typechain-types";
import { decodeCustomError } from "../shared/revert";
import { GateUnavailableError, InvalidGateAccountError, RuleSetNotFoundError } from "./errors";
import {
  GATE_LIMITS,
  Logic,
  NO_MAX,
  RuleKind,
  type GateExplanation,
  type Holding,
  type HoldingQuery,
  type Rule,
  type RuleExplanation,
  type RuleSetDefinition,
  type SetExplanation,
  type SetOutcome,
  type StoredRuleSet,
} from "./types";
import { type AmountInput, parseId, validateRuleSet } from "./validate";

/** Answers a holding query from already fetched values. */
export type HoldingLookup = (query: HoldingQuery) => Holding;

/** Loads a stored rule set by id (the default reads the contract; a checker adds a cache). */
export type RuleSetLoader = (ruleSetId: bigint) => Promise<StoredRuleSet>;

/** Options of {@link explainAccess} and {@link isAccessAllowed}. */
export interface GateOptions {
  /** Address of the `Dm3RuleSets` contract on the runner's chain. */
  ruleSets: string;
  /** Block to read at (default "latest"). */
  blockTag?: BlockTag;
  /** Where stored sets come from (default: `getRuleSet` on the contract at `blockTag`). */
  loadRuleSet?: RuleSetLoader;
}

/** Most holding reads sent in one `readHoldings` call (~34k gas each at worst: 128 reads stay below 5M gas). */
export const HOLDINGS_PER_CALL = 128;

/** The key of a holding query (the same read gives the same answer within one evaluation). */
export function holdingKey(q: HoldingQuery): string {
  return `${q.kind}:${q.token.toLowerCase()}:${q.account.toLowerCase()}:${q.id}`;
}

/** How many rules of `definition` must pass. */
export function neededRules(definition: RuleSetDefinition): number {
  if (definition.logic === Logic.AND) return definition.rules.length;
  if (definition.logic === Logic.OR) return 1;
  return definition.threshold;
}

/** Whether `value` lies within the rule's bounds (before negation). */
function inBounds(rule: Rule, value: bigint): boolean {
  return value >= rule.min && (rule.max === NO_MAX || value <= rule.max);
}

/** The holding reads a (non-RULE_SET) rule makes for `account`, in the contract's order. */
function queriesOf(rule: Rule, account: string): HoldingQuery[] {
  if (rule.kind === RuleKind.ERC1155_BALANCE) return rule.ids.map((id) => ({ kind: rule.kind, token: rule.token, account, id }));
  const id = rule.kind === RuleKind.ERC721_OWNER ? rule.ids[0] : 0n;
  return [{ kind: rule.kind, token: rule.token, account, id }];
}

/**
 * The explanation of `definition` (stored as `ruleSetId`, or null) for `account` at `depth`, from
 * holdings answered by `read` and referenced sets in `sets`: the same semantics as the contract's
 * `explain` (every rule evaluated; references deeper than `maxDepth` count as failed reads).
 * Pure: no I/O.
 */
export function explainDefinition(
  definition: RuleSetDefinition,
  ruleSetId: bigint | null,
  account: string,
  sets: ReadonlyMap<bigint, RuleSetDefinition>,
  read: HoldingLookup,
  depth = 0,
): SetExplanation {
  const rules: RuleExplanation[] = definition.rules.map((rule, index) => {
    let value = 0n;
    let readFailed = false;
    let nested: SetExplanation | undefined;
    let tooDeep = false;
    if (rule.kind === RuleKind.RULE_SET) {
      if (depth < GATE_LIMITS.maxDepth) {
        const ref = rule.ids[0];
        const child = sets.get(ref);
        if (!child) throw new RuleSetNotFoundError(ref);
        nested = explainDefinition(child, ref, account, sets, read, depth + 1);
        value = nested.allowed ? 1n : 0n;
      } else {
        tooDeep = true;
        readFailed = true;
      }
    } else {
      for (const q of queriesOf(rule, account)) {
        const h = read(q);
        if (!h.ok) readFailed = true;
        if (h.value > value) value = h.value;
      }
    }
    const passed = inBounds(rule, value) !== rule.negate;
    return { index, rule, value, readFailed, passed, ...(nested ? { nested } : {}), ...(tooDeep ? { tooDeep } : {}) };
  });
  const passedCount = rules.filter((r) => r.passed).length;
  const needed = neededRules(definition);
  return { ruleSetId, depth, logic: definition.logic, threshold: definition.threshold, needed, passedCount, allowed: passedCount >= needed, rules };
}

/** The explanation tree in the contract's `explain` order (depth first), as `SetOutcome`s. */
export function flattenExplanation(root: SetExplanation): SetOutcome[] {
  const out: SetOutcome[] = [];
  const visit = (set: SetExplanation) => {
    out.push({ ruleSetId: set.ruleSetId ?? 0n, depth: set.depth, allowed: set.allowed, rules: set.rules.map(({ passed, readFailed, value }) => ({ passed, readFailed, value })) });
    for (const r of set.rules) if (r.nested) visit(r.nested);
  };
  visit(root);
  return out;
}

function checkedAccount(account: string): string {
  if (typeof account !== "string" || !isAddress(account)) throw new InvalidGateAccountError(String(account));
  return getAddress(account);
}

function contractOf(runner: ContractRunner, options: GateOptions) {
  return Dm3RuleSets__factory.connect(options.ruleSets, runner);
}

function unavailable(options: GateOptions, e: unknown, iface: ReturnType<typeof contractOf>["interface"]): Error {
  const decoded = decodeCustomError(iface, e);
  if (decoded?.name === "Dm3RuleSetsUnknownRuleSet") return new RuleSetNotFoundError(BigInt(decoded.args[0] as bigint), { cause: e });
  const detail = decoded ? decoded.name : ((e as { shortMessage?: string; message?: string })?.shortMessage ?? "call failed");
  return new GateUnavailableError(options.ruleSets, detail, { cause: e });
}

/** Reads stored set `ruleSetId` from the contract. @throws RuleSetNotFoundError, GateUnavailableError */
export async function getRuleSet(runner: ContractRunner, ruleSetId: AmountInput, options: GateOptions): Promise<StoredRuleSet> {
  const id = parseId(ruleSetId, "ruleSetId");
  const contract = contractOf(runner, options);
  try {
    const s = await contract.getRuleSet(id, { blockTag: options.blockTag });
    return {
      id,
      owner: s.owner,
      frozen: s.frozen,
      logic: Number(s.logic) as Logic,
      threshold: Number(s.threshold),
      rules: s.rules.map((r) => ({
        kind: Number(r.kind) as RuleKind,
        negate: r.negate,
        token: r.token,
        min: r.min,
        max: r.max,
        ids: [...r.ids],
      })),
    };
  } catch (e) {
    throw unavailable(options, e, contract.interface);
  }
}

/**
 * Every set reachable from `rules` within the depth limit, loaded one nesting level at a time
 * (the loads of a level run concurrently, so a batching provider sends them as one request).
 */
async function loadReachable(rules: Rule[], load: RuleSetLoader): Promise<Map<bigint, RuleSetDefinition>> {
  const sets = new Map<bigint, RuleSetDefinition>();
  const refsOf = (rs: Rule[]) => rs.filter((r) => r.kind === RuleKind.RULE_SET).map((r) => r.ids[0]);
  let level = refsOf(rules);
  // A set at depth d has its references followed when d < maxDepth; level k holds depth k + 1.
  for (let depth = 1; level.length > 0 && depth <= GATE_LIMITS.maxDepth; depth++) {
    const fresh = [...new Set(level)].filter((id) => !sets.has(id));
    const loaded = await Promise.all(fresh.map((id) => load(id)));
    fresh.forEach((id, i) => sets.set(id, loaded[i]));
    level = depth < GATE_LIMITS.maxDepth ? loaded.flatMap((s) => refsOf(s.rules)) : [];
  }
  return sets;
}

/** Runs `readHoldings` for `queries` (deduplicated, in chunks sent concurrently) and returns a lookup. */
async function fetchHoldings(runner: ContractRunner, queries: HoldingQuery[], options: GateOptions): Promise<HoldingLookup> {
  const unique = [...new Map(queries.map((q) => [holdingKey(q), q])).values()];
  const contract = contractOf(runner, options);
  const chunks: HoldingQuery[][] = [];
  for (let i = 0; i < unique.length; i += HOLDINGS_PER_CALL) chunks.push(unique.slice(i, i + HOLDINGS_PER_CALL));
  let answers: Holding[][];
  try {
    answers = await Promise.all(chunks.map((c) => contract.readHoldings(c, { blockTag: options.blockTag }).then((hs) => hs.map((h) => ({ ok: h.ok, value: h.value })))));
  } catch (e) {
    throw unavailable(options, e, contract.interface);
  }
  const byKey = new Map<string, Holding>();
  chunks.forEach((c, i) => c.forEach((q, j) => byKey.set(holdingKey(q), answers[i][j])));
  return (q) => byKey.get(holdingKey(q)) ?? { ok: false, value: 0n };
}

/**
 * Why `account` is or is not allowed by a rule set, evaluated off-chain with the on-chain semantics:
 * stored sets (the target and every referenced set within the depth limit) are read with
 * `getRuleSet`, one round of concurrent reads per nesting level; then every holding the rules need is
 * read in one `readHoldings` call (the contract's own guarded reads: same gas allowance per token,
 * same decoding, static context), and the logic is evaluated here. The answer equals the contract's
 * `isAllowed` and `explain` at the same block.
 * @param target a stored set id, or a definition that is not stored (its references must exist)
 * @throws InvalidGateAccountError, InvalidRuleSetError, RuleSetNotFoundError, GateUnavailableError
 */
export async function explainAccess(runner: ContractRunner, target: AmountInput | RuleSetDefinition, account: string, options: GateOptions): Promise<GateExplanation> {
  const who = checkedAccount(account);
  const load: RuleSetLoader = options.loadRuleSet ?? ((id) => getRuleSet(runner, id, options));
  let root: RuleSetDefinition;
  let rootId: bigint | null = null;
  if (typeof target === "object") {
    root = validateRuleSet(target);
  } else {
    rootId = parseId(target, "ruleSetId");
    root = await load(rootId);
  }
  const sets = await loadReachable(root.rules, load);
  // Plan: walk once recording every read (the walk evaluates every rule, so it sees every read).
  const queries: HoldingQuery[] = [];
  explainDefinition(root, rootId, who, sets, (q) => {
    queries.push(q);
    return { ok: true, value: 0n };
  });
  const read = await fetchHoldings(runner, queries, options);
  const explained = explainDefinition(root, rootId, who, sets, read);
  return { account: who, allowed: explained.allowed, root: explained };
}

/** Whether `account` passes the rule set (see {@link explainAccess}). */
export async function isAccessAllowed(runner: ContractRunner, target: AmountInput | RuleSetDefinition, account: string, options: GateOptions): Promise<boolean> {
  return (await explainAccess(runner, target, account, options)).allowed;
}
