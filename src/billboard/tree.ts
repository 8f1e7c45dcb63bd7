import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { isHexString } from "ethers";
import { namehash } from "../names/encode";
import { normalizeName } from "../names/normalize";
import { BillboardBatchFileError, BillboardBatchInvalidError, BillboardMessageNotInBatchError, BillboardProofInvalidError, BillboardWrongRecipientError } from "./errors";
import {
  BILLBOARD_LEAF_ENCODING,
  type BillboardLeaf,
  type BillboardLeafValue,
  type BillboardMessage,
  billboardLeaf,
  billboardMessageId,
  leafValue,
  parseBillboardMessage,
} from "./leaf";

/** Most messages one batch can hold (the contract's `uint32 messageCount`). */
export const MAX_BATCH_MESSAGES = 2 ** 32 - 1;

/** The part of a batch that is anchored. */
export interface BatchSummary {
  /** Namehash of the billboard name (how the anchor contract knows it). */
  node: string;
  root: string;
  messageCount: number;
  firstTimestamp: number;
  lastTimestamp: number;
}

/** A batch of billboard messages and its Merkle tree, ready to anchor and to prove from. */
export interface BillboardBatch extends BatchSummary {
  /** The billboard's normalized ENS name. */
  billboard: string;
  /** The messages ordered by (timestamp, id); message `i` is tree value `i` and has `leaves[i]`. */
  messages: readonly BillboardMessage[];
  leaves: readonly BillboardLeaf[];
  /** Message id (dm3 message hash) to position. */
  positions: ReadonlyMap<string, number>;
  tree: StandardMerkleTree<BillboardLeafValue>;
}

/** A proof that one message is in a batch. JSON-safe: what a billboard service hands out. */
export interface BillboardProof {
  billboard: string;
  node: string;
  root: string;
  leaf: BillboardLeaf;
  /** Sibling hashes (`StandardMerkleTree.getProof`). */
  proof: string[];
}

/** A proof that several messages are in a batch (`StandardMerkleTree.getMultiProof`). JSON-safe. */
export interface BillboardMultiProof {
  billboard: string;
  node: string;
  root: string;
  /** The leaves in the order the proof consumes them (not the order they were asked for). */
  leaves: BillboardLeaf[];
  proof: string[];
  proofFlags: boolean[];
}

/**
 * Builds the batch tree of `messages` posted to `billboard`: each message becomes a
 * {@link BillboardLeaf}, messages are ordered by (timestamp, id), and the tree is an OpenZeppelin
 * `StandardMerkleTree` (sorted leaves, sorted-pair hashing), so its root and proofs check with
 * OpenZeppelin's `MerkleProof` and the anchor contract.
 * @param billboard the billboard's normalized ENS name
 * @throws NameNotNormalizedError (and the other name errors) for the billboard;
 *   BillboardMessageInvalidError, BillboardWrongRecipientError for a message;
 *   BillboardBatchInvalidError for no messages, a message given twice, or too many
 */
export function buildBatch(billboard: string, messages: readonly unknown[]): BillboardBatch {
  const node = namehash(billboard);
  if (messages.length === 0) throw new BillboardBatchInvalidError("no messages");
  if (messages.length > MAX_BATCH_MESSAGES) throw new BillboardBatchInvalidError(`${messages.length} messages, at most ${MAX_BATCH_MESSAGES}`);

  const senderNodes = new Map<string, string>();
  const recipients = new Map<string, string>();
  const items = messages.map((value, index) => {
    const message = parseBillboardMessage(value, index);
    const leaf = billboardLeaf(message, index, senderNodes);
    const to = message.metadata.to;
    if (!recipients.has(to)) recipients.set(to, normalizedOrRaw(to));
    if (recipients.get(to) !== billboard) {
      throw new BillboardWrongRecipientError(billboard, message.metadata.to, leaf.messageHash);
    }
    return { message, leaf };
  });
  items.sort((a, b) => a.leaf.timestamp - b.leaf.timestamp || compareHex(a.leaf.messageHash, b.leaf.messageHash));

  const positions = new Map<string, number>();
  items.forEach(({ leaf }, i) => {
    if (positions.has(leaf.messageHash)) throw new BillboardBatchInvalidError(`message ${leaf.messageHash} is given twice`);
    positions.set(leaf.messageHash, i);
  });
  const leaves = items.map((x) => x.leaf);
  const tree = StandardMerkleTree.of(leaves.map(leafValue), [...BILLBOARD_LEAF_ENCODING]);
  return {
    billboard,
    node,
    root: tree.root,
    messageCount: leaves.length,
    firstTimestamp: leaves[0].timestamp,
    lastTimestamp: leaves[leaves.length - 1].timestamp,
    messages: items.map((x) => x.message),
    leaves,
    positions,
    tree,
  };
}

/**
 * Reads a batch file (JSON text) and builds its batch. The file is either an array of dm3
 * messages or `{ "billboard": "<name>", "messages": [...] }`. The billboard is `billboard` when
 * given, else the file's, else the one name all messages are addressed to.
 * @throws BillboardBatchFileError for text that is not such a file, and what {@link buildBatch} throws
 */
export function batchFromFile(text: string, billboard?: string): BillboardBatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new BillboardBatchFileError("it is not JSON", { cause: e });
  }
  let messages: unknown;
  let fileBillboard: unknown;
  if (Array.isArray(parsed)) {
    messages = parsed;
  } else if (typeof parsed === "object" && parsed !== null) {
    ({ messages, billboard: fileBillboard } = parsed as { messages?: unknown; billboard?: unknown });
  }
  if (!Array.isArray(messages)) throw new BillboardBatchFileError('expected an array of messages or an object with a "messages" array');
  if (fileBillboard !== undefined && typeof fileBillboard !== "string") throw new BillboardBatchFileError('"billboard" is not a string');
  const name = billboard ?? (fileBillboard as string | undefined) ?? commonRecipient(messages);
  return buildBatch(name, messages);
}

/**
 * The proof that the message with id `messageId` (its dm3 message hash) is in `batch`.
 * @throws BillboardMessageNotInBatchError
 */
export function getMessageProof(batch: BillboardBatch, messageId: string): BillboardProof {
  const i = positionOf(batch, messageId);
  return { billboard: batch.billboard, node: batch.node, root: batch.root, leaf: batch.leaves[i], proof: batch.tree.getProof(i) };
}

/**
 * One proof that all the messages with ids `messageIds` are in `batch` (smaller than separate
 * proofs when they share branches).
 * @throws BillboardBatchInvalidError for no ids or an id given twice; BillboardMessageNotInBatchError
 */
export function getMessagesMultiProof(batch: BillboardBatch, messageIds: readonly string[]): BillboardMultiProof {
  if (messageIds.length === 0) throw new BillboardBatchInvalidError("a multi-proof needs at least one message");
  if (new Set(messageIds.map((id) => id.toLowerCase())).size !== messageIds.length) throw new BillboardBatchInvalidError("a message id is given twice");
  const { leaves, proof, proofFlags } = batch.tree.getMultiProof(messageIds.map((id) => positionOf(batch, id)));
  return {
    billboard: batch.billboard,
    node: batch.node,
    root: batch.root,
    leaves: leaves.map(([messageHash, sender, timestamp]) => ({ messageHash, sender, timestamp })),
    proof,
    proofFlags,
  };
}

/**
 * Checks a proof off-chain: the leaf hashes up to the root. With `message`, also that the leaf is
 * that message's leaf and that the message is addressed to the proof's billboard. Says nothing
 * about whether the root is anchored (see `checkMessageInclusion`).
 * @throws BillboardProofInvalidError for a malformed proof object
 */
export function verifyMessageProof(proof: BillboardProof, message?: BillboardMessage): boolean {
  assertProofShape(proof, [proof.leaf], proof.proof);
  if (message && !sameLeafAndBillboard(message, proof.leaf, proof.billboard)) return false;
  return StandardMerkleTree.verify(proof.root, [...BILLBOARD_LEAF_ENCODING], leafValue(proof.leaf), proof.proof);
}

/**
 * Checks a multi-proof off-chain. With `messages`, also that each of them has a leaf in the proof.
 * @throws BillboardProofInvalidError for a malformed proof object (no leaves, sizes that do not fit)
 */
export function verifyMessagesMultiProof(multiProof: BillboardMultiProof, messages?: readonly BillboardMessage[]): boolean {
  const { leaves, proof, proofFlags } = multiProof;
  assertProofShape(multiProof, leaves, proof);
  if (leaves.length === 0) throw new BillboardProofInvalidError("no leaves");
  if (!Array.isArray(proofFlags) || proofFlags.some((f) => typeof f !== "boolean")) throw new BillboardProofInvalidError("proofFlags must be booleans");
  if (leaves.length + proof.length !== proofFlags.length + 1 || proofFlags.filter((f) => !f).length !== proof.length) {
    throw new BillboardProofInvalidError(`${leaves.length} leaves, ${proof.length} proof hashes and ${proofFlags.length} flags do not fit together`);
  }
  if (messages) {
    for (const message of messages) {
      const id = billboardMessageId(message);
      const leaf = leaves.find((l) => l.messageHash.toLowerCase() === id);
      if (!leaf || !sameLeafAndBillboard(message, leaf, multiProof.billboard)) return false;
    }
  }
  return StandardMerkleTree.verifyMultiProof(multiProof.root, [...BILLBOARD_LEAF_ENCODING], { leaves: leaves.map(leafValue), proof, proofFlags });
}

function positionOf(batch: BillboardBatch, messageId: string): number {
  const i = batch.positions.get(messageId.toLowerCase());
  if (i === undefined) throw new BillboardMessageNotInBatchError(messageId, batch.root);
  return i;
}

function sameLeafAndBillboard(message: BillboardMessage, leaf: BillboardLeaf, billboard: string): boolean {
  const expected = billboardLeaf(message);
  return (
    expected.messageHash === leaf.messageHash.toLowerCase() &&
    expected.sender === leaf.sender.toLowerCase() &&
    expected.timestamp === leaf.timestamp &&
    normalizedOrRaw(message.metadata.to) === billboard
  );
}

function assertProofShape(p: { root: string; node: string }, leaves: readonly BillboardLeaf[], proof: readonly string[]): void {
  const isWord = (v: unknown) => typeof v === "string" && isHexString(v, 32);
  if (!isWord(p.root)) throw new BillboardProofInvalidError("root is not a 32-byte hex string");
  if (!isWord(p.node)) throw new BillboardProofInvalidError("node is not a 32-byte hex string");
  if (!Array.isArray(proof) || !proof.every(isWord)) throw new BillboardProofInvalidError("proof must be an array of 32-byte hex strings");
  if (!Array.isArray(leaves)) throw new BillboardProofInvalidError("leaves must be an array");
  for (const leaf of leaves) {
    if (typeof leaf !== "object" || leaf === null || !isWord(leaf.messageHash) || !isWord(leaf.sender)) {
      throw new BillboardProofInvalidError("a leaf needs 32-byte hex messageHash and sender");
    }
    if (!Number.isSafeInteger(leaf.timestamp) || leaf.timestamp < 0) throw new BillboardProofInvalidError("a leaf timestamp is not a non-negative integer");
  }
}

/** The one name all messages are addressed to (normalized), for files that do not name their billboard. */
function commonRecipient(messages: readonly unknown[]): string {
  const names = new Set(messages.map((m, i) => normalizedOrRaw(parseBillboardMessage(m, i).metadata.to)));
  if (names.size !== 1) {
    throw new BillboardBatchFileError(names.size === 0 ? "no messages and no billboard name" : `the messages are addressed to ${names.size} different names; name the billboard`);
  }
  return [...names][0];
}

function normalizedOrRaw(name: string): string {
  try {
    return normalizeName(name);
  } catch {
    return name;
  }
}

function compareHex(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
