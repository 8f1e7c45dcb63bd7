import { AbiCoder, keccak256 } from "ethers";
import { namehash } from "../names/encode";
import { normalizeName } from "../names/normalize";
import { sha256, stringify } from "../shared/json";
import { BillboardMessageInvalidError } from "./errors";

/**
 * A dm3 message as posted to a billboard (dm3 protocol Part B §6.2): plain, signed by the
 * sender's profile signing key. Only the fields the billboard reads are typed; any others are
 * kept and hashed as they are.
 */
export interface BillboardMessage {
  message?: string;
  metadata: {
    to: string;
    from: string;
    /** Milliseconds since the epoch, as the sender set it. */
    timestamp: number;
    type: string;
    referenceMessageHash?: string;
    replyDeliveryInstruction?: string;
    [key: string]: unknown;
  };
  attachments?: unknown[];
  signature: string;
  [key: string]: unknown;
}

/**
 * What a leaf of a billboard batch tree commits to, the one definition shared by the SDK and the
 * anchor contract (`IDm3BillboardAnchor.BillboardLeaf`):
 * - `messageHash`: dm3's message hash `sha256(stringify(message))` (the git variant's
 *   `metadata.messageHash`, also the message's id), so the leaf binds the whole signed message;
 * - `sender`: namehash of the normalized `metadata.from`, so a contract can tell who posted
 *   without parsing JSON;
 * - `timestamp`: `metadata.timestamp` (ms), so a contract can compare it with the anchor time.
 */
export interface BillboardLeaf {
  messageHash: string;
  sender: string;
  timestamp: number;
}

/** The leaf as a `StandardMerkleTree` value, in {@link BILLBOARD_LEAF_ENCODING} order. */
export type BillboardLeafValue = [messageHash: string, sender: string, timestamp: number];

/** `StandardMerkleTree` leaf encoding of a billboard leaf (the Solidity struct's field types). */
export const BILLBOARD_LEAF_ENCODING: readonly string[] = Object.freeze(["bytes32", "bytes32", "uint64"]);

/** Latest timestamp an anchored batch can record (`uint48` milliseconds, in the year 10889). */
export const MAX_BILLBOARD_TIMESTAMP = 2 ** 48 - 1;

/** dm3's hash of a message, `sha256(stringify(message))`: the message's id on a billboard. */
export function billboardMessageId(message: BillboardMessage): string {
  return sha256(stringify(message));
}

/**
 * Checks that `value` has the shape of a dm3 message (required `metadata.to`, `from`,
 * `timestamp`, `type` and `signature`; optional fields typed as the schema says) and returns it.
 * The signature itself is not verified here (that needs the sender's resolved profile).
 * @param index position in a batch, for the error message
 * @throws BillboardMessageInvalidError
 */
export function parseBillboardMessage(value: unknown, index = -1): BillboardMessage {
  const fail = (detail: string): never => {
    throw new BillboardMessageInvalidError(index, detail);
  };
  if (!isObject(value)) return fail("not a JSON object");
  const { metadata, signature } = value;
  if (!isObject(metadata)) return fail("metadata is missing or not an object");
  for (const key of ["to", "from", "type"] as const) {
    if (typeof metadata[key] !== "string" || metadata[key] === "") fail(`metadata.${key} is missing or not a non-empty string`);
  }
  const { timestamp } = metadata;
  if (typeof timestamp !== "number" || !Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_BILLBOARD_TIMESTAMP) {
    fail(`metadata.timestamp must be an integer number of milliseconds between 0 and ${MAX_BILLBOARD_TIMESTAMP}`);
  }
  for (const key of ["referenceMessageHash", "replyDeliveryInstruction"] as const) {
    if (metadata[key] !== undefined && typeof metadata[key] !== "string") fail(`metadata.${key} is not a string`);
  }
  if (typeof signature !== "string" || signature === "") fail("signature is missing or not a non-empty string");
  if (value.message !== undefined && typeof value.message !== "string") fail("message is not a string");
  if (value.attachments !== undefined && !Array.isArray(value.attachments)) fail("attachments is not an array");
  return value as BillboardMessage;
}

/**
 * The leaf of `message` (see {@link BillboardLeaf}). The sender name is normalized (ENSIP-15)
 * before hashing: dm3 compares senders in normalized form, and messages of address users carry
 * checksummed names (`0xAbC….addr.dm3.eth`).
 * @param senderNodes a cache of sender name to namehash, for many messages from few senders
 * @throws BillboardMessageInvalidError when the message is malformed or `from` is no valid ENS name
 */
export function billboardLeaf(message: BillboardMessage, index = -1, senderNodes?: Map<string, string>): BillboardLeaf {
  parseBillboardMessage(message, index);
  const from = message.metadata.from;
  let sender = senderNodes?.get(from);
  if (sender === undefined) {
    try {
      sender = namehash(normalizeName(from));
    } catch (e) {
      throw new BillboardMessageInvalidError(index, `metadata.from is not a valid ENS name (${(e as Error).message})`, { cause: e });
    }
    senderNodes?.set(from, sender);
  }
  return { messageHash: billboardMessageId(message), sender, timestamp: message.metadata.timestamp };
}

/** The leaf as a `StandardMerkleTree` value. */
export function leafValue(leaf: BillboardLeaf): BillboardLeafValue {
  return [leaf.messageHash, leaf.sender, leaf.timestamp];
}

/** The leaf's Merkle hash: `keccak256(bytes.concat(keccak256(abi.encode(messageHash, sender, timestamp))))`. */
export function billboardLeafHash(leaf: BillboardLeaf): string {
  return keccak256(keccak256(AbiCoder.defaultAbiCoder().encode(BILLBOARD_LEAF_ENCODING, leafValue(leaf))));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
