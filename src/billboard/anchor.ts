import { getAddress, type ContractRunner, type ContractTransactionResponse, type Signer, type TransactionReceipt } from "ethers";
import { Dm3BillboardAnchor__factory, type Dm3BillboardAnchor } from "../../typechain-types";
import { namehash } from "../names/encode";
import { withCustomErrors } from "../shared/revert";
import { BillboardAnchorRejectedError } from "./errors";
import type { BillboardMessage } from "./leaf";
import { type BatchSummary, type BillboardMultiProof, type BillboardProof, verifyMessageProof, verifyMessagesMultiProof } from "./tree";

/** A batch as the anchor contract stores it. */
export interface AnchoredBatch extends BatchSummary {
  sequence: number;
  /** Block time of the anchoring transaction (seconds). */
  anchoredAt: number;
}

/** A batch with what its `BatchAnchored` event adds. */
export interface AnchoredBatchEvent extends AnchoredBatch {
  anchorer: string;
  uri: string;
  txHash: string;
  blockNumber: number;
}

/** What {@link anchorBatch} did. */
export interface AnchorResult extends AnchoredBatchEvent {
  gasUsed: bigint;
}

/** The verdict on a message's inclusion. */
export interface InclusionVerdict {
  /** The proof leads from the leaf to the root (and, with a message, the leaf is that message's). */
  proofValid: boolean;
  /** The root is an anchored batch of the proof's billboard. */
  anchored: boolean;
  /** The anchor contract's own check (`verifyMessage`) says yes. */
  onChain: boolean;
  /** All of the above. */
  included: boolean;
  /** The anchored batch with the proof's root, whatever billboard it belongs to; null when none. */
  batch: AnchoredBatch | null;
}

/** Options of the reads that scan `BatchAnchored` events. */
export interface EventScanOptions {
  /** First block to scan (default 0; real networks want the contract's deployment block). */
  fromBlock?: number;
}

function contract(runner: ContractRunner, anchor: string): Dm3BillboardAnchor {
  return Dm3BillboardAnchor__factory.connect(anchor, runner);
}

function rejected(reason: { name: string; args: unknown[] }, cause: unknown): Error {
  return new BillboardAnchorRejectedError(reason.name, reason.args, { cause });
}

/** A contract method: callable as a transaction and as a static call. */
interface Method<A extends unknown[]> {
  (...args: A): Promise<ContractTransactionResponse>;
  staticCall(...args: A): Promise<unknown>;
}

/**
 * Preflights `method(args)` with a static call (a refusal costs no gas), then sends it, tells
 * `onSent` the transaction hash and waits for the receipt.
 */
async function send<A extends unknown[]>(c: Dm3BillboardAnchor, method: Method<A>, args: A, onSent?: (txHash: string) => unknown): Promise<TransactionReceipt> {
  await withCustomErrors(c.interface, () => method.staticCall(...args), rejected);
  const receipt = await withCustomErrors(
    c.interface,
    async () => {
      const tx = await method(...args);
      await onSent?.(tx.hash);
      return tx.wait();
    },
    rejected,
  );
  if (!receipt || receipt.status !== 1) throw new BillboardAnchorRejectedError("TransactionFailed", [receipt?.hash]);
  return receipt;
}

/**
 * Anchors `batch` on the anchor contract at `anchor`: one transaction storing its root, message
 * count and timestamps under the billboard's next sequence number. `signer` must be the ENS owner
 * of the billboard name or one of its mediators. A static call runs first, so a refusal costs no
 * gas and comes back as {@link BillboardAnchorRejectedError} with the contract's custom error
 * (`Dm3BillboardRootAlreadyAnchored`, `Dm3BillboardUnauthorized`, ...).
 * @param opts.uri where the batch's messages can be fetched (only emitted)
 * @param opts.onSent called with the transaction hash once the transaction is sent, before its
 *   receipt is awaited (a service records it, to find the transaction again after a crash)
 */
export async function anchorBatch(signer: Signer, anchor: string, batch: BatchSummary, opts: { uri?: string; onSent?: (txHash: string) => unknown } = {}): Promise<AnchorResult> {
  const c = contract(signer, anchor);
  const receipt = await send(c, c.anchor, [batch.node, batch.root, batch.messageCount, batch.firstTimestamp, batch.lastTimestamp, opts.uri ?? ""], opts.onSent);
  const log = receipt.logs.map((l) => c.interface.parseLog(l)).find((l) => l?.name === "BatchAnchored");
  if (!log) throw new BillboardAnchorRejectedError("NoBatchAnchoredEvent", [receipt.hash]);
  const stored = await readBatchByRoot(signer, anchor, batch.root);
  return {
    ...stored!,
    anchorer: getAddress(log.args.anchorer),
    uri: log.args.uri,
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
}

/** The anchored batch with root `root`, or null when no batch has it. */
export async function readBatchByRoot(runner: ContractRunner, anchor: string, root: string): Promise<AnchoredBatch | null> {
  const c = contract(runner, anchor);
  try {
    const b = await withCustomErrors(c.interface, () => c.batchByRoot(root), rejected);
    return {
      node: b.billboard,
      sequence: Number(b.sequence),
      root: b.root,
      messageCount: Number(b.messageCount),
      firstTimestamp: Number(b.firstTimestamp),
      lastTimestamp: Number(b.lastTimestamp),
      anchoredAt: Number(b.anchoredAt),
    };
  } catch (e) {
    if (e instanceof BillboardAnchorRejectedError && e.reason === "Dm3BillboardUnknownRoot") return null;
    throw e;
  }
}

/** Number of batches anchored for the billboard `name` (normalized), i.e. the next sequence number. */
export async function readBatchCount(runner: ContractRunner, anchor: string, name: string): Promise<number> {
  return Number(await contract(runner, anchor).batchCount(namehash(name)));
}

/**
 * Batch `sequence` of the billboard `name` (normalized), or null when there is none yet. The
 * contract keeps one slot per batch, keyed by root, so the root is found through the batch's
 * `BatchAnchored` event (indexed by billboard and sequence) and then read from storage.
 */
export async function readBatch(runner: ContractRunner, anchor: string, name: string, sequence: number, opts: EventScanOptions = {}): Promise<AnchoredBatchEvent | null> {
  const c = contract(runner, anchor);
  const logs = await c.queryFilter(c.filters.BatchAnchored(namehash(name), sequence), opts.fromBlock ?? 0);
  if (logs.length === 0) return null;
  const log = logs[0];
  const stored = await readBatchByRoot(runner, anchor, log.args.root);
  if (!stored) return null;
  return { ...stored, anchorer: getAddress(log.args.anchorer), uri: log.args.uri, txHash: log.transactionHash, blockNumber: log.blockNumber };
}

/** Asks the anchor contract whether the proof's leaf is in an anchored batch of the proof's billboard. */
export async function verifyMessageOnChain(runner: ContractRunner, anchor: string, proof: BillboardProof): Promise<boolean> {
  return contract(runner, anchor).verifyMessage(proof.node, proof.root, proof.leaf, proof.proof);
}

/** Asks the anchor contract whether all the multi-proof's leaves are in an anchored batch of its billboard. */
export async function verifyMessagesOnChain(runner: ContractRunner, anchor: string, multiProof: BillboardMultiProof): Promise<boolean> {
  const c = contract(runner, anchor);
  const { node, root, leaves, proof, proofFlags } = multiProof;
  return withCustomErrors(c.interface, () => c.verifyMessages(node, root, leaves, proof, proofFlags), rejected);
}

/**
 * The full verdict on one message: the proof checked off-chain (and against `message` when given),
 * the batch read from the chain, and the contract's own check.
 * @throws BillboardProofInvalidError for a malformed proof object
 */
export async function checkMessageInclusion(runner: ContractRunner, anchor: string, proof: BillboardProof, message?: BillboardMessage): Promise<InclusionVerdict> {
  const proofValid = verifyMessageProof(proof, message);
  const batch = await readBatchByRoot(runner, anchor, proof.root);
  const anchored = batch !== null && batch.node === proof.node;
  const onChain = await verifyMessageOnChain(runner, anchor, proof);
  return { proofValid, anchored, onChain, included: proofValid && anchored && onChain, batch };
}

/** Like {@link checkMessageInclusion} for several messages at once (one multi-proof). */
export async function checkMessagesInclusion(
  runner: ContractRunner,
  anchor: string,
  multiProof: BillboardMultiProof,
  messages?: readonly BillboardMessage[],
): Promise<InclusionVerdict> {
  const proofValid = verifyMessagesMultiProof(multiProof, messages);
  const batch = await readBatchByRoot(runner, anchor, multiProof.root);
  const anchored = batch !== null && batch.node === multiProof.node;
  const onChain = await verifyMessagesOnChain(runner, anchor, multiProof);
  return { proofValid, anchored, onChain, included: proofValid && anchored && onChain, batch };
}

/**
 * Approves `mediator` to anchor batches of the billboard `name` (normalized). `signer` must be
 * the name's ENS owner. Returns the transaction hash.
 * @throws BillboardAnchorRejectedError (`Dm3BillboardUnauthorized`, `Dm3BillboardMediatorExists`, ...)
 */
export async function addMediator(signer: Signer, anchor: string, name: string, mediator: string): Promise<string> {
  const c = contract(signer, anchor);
  return (await send(c, c.addMediator, [namehash(name), mediator])).hash;
}

/**
 * Withdraws `mediator`'s approval for the billboard `name` (normalized). `signer` must be the
 * name's ENS owner. Returns the transaction hash.
 * @throws BillboardAnchorRejectedError (`Dm3BillboardUnauthorized`, `Dm3BillboardMediatorMissing`)
 */
export async function removeMediator(signer: Signer, anchor: string, name: string, mediator: string): Promise<string> {
  const c = contract(signer, anchor);
  return (await send(c, c.removeMediator, [namehash(name), mediator])).hash;
}

/** The mediators of the billboard `name` (normalized) that its current ENS owner approved. */
export async function readMediators(runner: ContractRunner, anchor: string, name: string): Promise<string[]> {
  return [...(await contract(runner, anchor).mediators(namehash(name)))].map((a) => getAddress(a));
}
