import type { ContractTransactionResponse, Signer } from "ethers";
import { Dm3RuleSets__factory } from "../../typechain-types";
import { decodeCustomError } from "../shared/revert";
import { GateUnavailableError, RuleSetRejectedError } from "./errors";
import type { RuleSetDefinition } from "./types";
import { type AmountInput, parseId, validateRuleSet } from "./validate";

/** What a rule-set transaction did. */
export interface RuleSetChange {
  ruleSetId: bigint;
  txHash: string;
  gasUsed: bigint;
}

function structs(definition: RuleSetDefinition) {
  return definition.rules.map((r) => ({ kind: r.kind, negate: r.negate, token: r.token, min: r.min, max: r.max, ids: r.ids }));
}

/**
 * Simulates `call` (so a refusal surfaces as the contract's custom error before anything is sent),
 * then sends it and waits for the receipt.
 */
async function send(ruleSets: string, iface: ReturnType<typeof Dm3RuleSets__factory.connect>["interface"], simulate: () => Promise<unknown>, tx: () => Promise<ContractTransactionResponse>) {
  try {
    await simulate();
  } catch (e) {
    const decoded = decodeCustomError(iface, e);
    if (decoded) throw new RuleSetRejectedError(decoded.name, decoded.args, { cause: e });
    throw new GateUnavailableError(ruleSets, (e as { shortMessage?: string })?.shortMessage ?? "simulation failed", { cause: e });
  }
  const receipt = await (await tx()).wait();
  if (!receipt || receipt.status !== 1) throw new GateUnavailableError(ruleSets, `transaction ${receipt?.hash ?? ""} failed`);
  return receipt;
}

/**
 * Creates a rule set owned by `signer` (validated locally first) and returns its id.
 * @throws InvalidRuleSetError for a malformed definition; RuleSetRejectedError when the contract
 *   refuses (unknown reference `Dm3RuleSetsUnknownRuleSet`, `Dm3RuleSetsTooDeep`, ...)
 */
export async function createRuleSet(signer: Signer, ruleSets: string, definition: RuleSetDefinition): Promise<RuleSetChange> {
  const def = validateRuleSet(definition);
  const contract = Dm3RuleSets__factory.connect(ruleSets, signer);
  const args = [def.logic, def.threshold, structs(def)] as const;
  const receipt = await send(ruleSets, contract.interface, () => contract.createRuleSet.staticCall(...args), () => contract.createRuleSet(...args));
  const created = receipt.logs.map((l) => contract.interface.parseLog(l)).find((l) => l?.name === "RuleSetCreated");
  if (!created) throw new GateUnavailableError(ruleSets, "no RuleSetCreated event in the receipt");
  return { ruleSetId: created.args.ruleSetId as bigint, txHash: receipt.hash, gasUsed: receipt.gasUsed };
}

/**
 * Replaces the rules of `ruleSetId` (owner only, not frozen).
 * @throws InvalidRuleSetError, RuleSetRejectedError (`Dm3RuleSetsUnauthorized`, `Dm3RuleSetsFrozen`, `Dm3RuleSetsCycle`, ...)
 */
export async function updateRuleSet(signer: Signer, ruleSets: string, ruleSetId: AmountInput, definition: RuleSetDefinition): Promise<RuleSetChange> {
  const id = parseId(ruleSetId, "ruleSetId");
  const def = validateRuleSet(definition);
  const contract = Dm3RuleSets__factory.connect(ruleSets, signer);
  const args = [id, def.logic, def.threshold, structs(def)] as const;
  const receipt = await send(ruleSets, contract.interface, () => contract.updateRuleSet.staticCall(...args), () => contract.updateRuleSet(...args));
  return { ruleSetId: id, txHash: receipt.hash, gasUsed: receipt.gasUsed };
}

/** Freezes `ruleSetId` for good (owner only). @throws RuleSetRejectedError */
export async function freezeRuleSet(signer: Signer, ruleSets: string, ruleSetId: AmountInput): Promise<RuleSetChange> {
  const id = parseId(ruleSetId, "ruleSetId");
  const contract = Dm3RuleSets__factory.connect(ruleSets, signer);
  const receipt = await send(ruleSets, contract.interface, () => contract.freezeRuleSet.staticCall(id), () => contract.freezeRuleSet(id));
  return { ruleSetId: id, txHash: receipt.hash, gasUsed: receipt.gasUsed };
}
