import type { SignedUserProfile } from "../../profile/types";
import type { ProfileExtension } from "../types";

/** One stored envelope. */
export interface StoredEnvelope {
  /** Monotonic id (decimal string: a PostgreSQL BIGINT does not fit a JS number in general). */
  id: string;
  /** The receiving account's id. */
  receiver: string;
  /** Conversation id within the receiver's inbox (the delivery service: `<receiver>,<sender name>`). */
  conversation: string;
  /** Idempotency key, unique per receiver: a second append with it stores nothing. */
  key: string;
  /** What acknowledgements name the envelope by (the delivery service: the message hash). */
  ref: string;
  /** The stored envelope, JSON text. */
  body: string;
  receivedAt: number;
  /** Milliseconds since the epoch after which the envelope is dropped, or null to keep it. */
  expiresAt: number | null;
}

/** What {@link MessageStore.append} stores. */
export type AppendInput = Omit<StoredEnvelope, "id">;

/** What {@link MessageStore.append} did: stored the envelope (`created`, with the stored row) or found it stored already. */
export interface AppendResult {
  created: boolean;
  envelope?: StoredEnvelope;
}

/** An account (a receiver) at a message service. */
export interface StoredAccount {
  id: string;
  name: string;
  signedUserProfile: SignedUserProfile;
  profileExtension: ProfileExtension;
  createdAt: number;
  updatedAt: number;
}

/** One acknowledgement: drop the envelope `ref` of `conversation`. */
export interface AckInput {
  conversation: string;
  ref: string;
}

/**
 * Storage of a message service (the delivery service and the billboard service): accounts with
 * their settings, envelopes appended per receiver and conversation, listed, acknowledged and
 * expired, and (in {@link billboards}) public billboard messages with their anchoring batches.
 * Every method resolves only after its write is durable (committed and synced).
 */
export interface MessageStore {
  /** "sqlite" or "postgres". */
  readonly kind: string;
  /** The billboard service's tables, in the same database and migrations. */
  readonly billboards: BillboardStore;
  /** Creates or updates an account's name and profile; its extension is kept on update (set on create). */
  putAccount(id: string, name: string, signedUserProfile: SignedUserProfile, defaultExtension: ProfileExtension, now: number): Promise<{ account: StoredAccount; created: boolean }>;
  getAccount(id: string): Promise<StoredAccount | undefined>;
  /** Replaces an account's profile extension (spam rules live there). False when there is no such account. */
  setProfileExtension(id: string, extension: ProfileExtension, now: number): Promise<boolean>;
  /**
   * Stores an envelope unless one with the same (receiver, key) was ever stored (also after it
   * was acknowledged, until its receipt is purged): `created` says which.
   */
  append(input: AppendInput): Promise<AppendResult>;
  /** A receiver's live envelopes, oldest first, at most `limit`, after `afterId` when given. */
  list(receiver: string, options: { now: number; limit: number; afterId?: string }): Promise<StoredEnvelope[]>;
  /** One envelope by id (cross-instance push). */
  get(id: string): Promise<StoredEnvelope | undefined>;
  /** Deletes the acknowledged envelopes; returns how many were deleted. */
  ack(receiver: string, acks: AckInput[]): Promise<number>;
  /**
   * Marks an auth challenge (its uuid) as used until `expiresAt` (ms): true for the first call with
   * `id`, false when it was used already. A unique key decides, so of concurrent calls (in this
   * process or, with PostgreSQL, any instance) exactly one gets true.
   */
  consumeChallenge(id: string, expiresAt: number): Promise<boolean>;
  /**
   * Deletes expired envelopes, used challenges past their expiry (`expiresAt <= now`) and receipts
   * older than `receiptsBefore`; returns the envelopes deleted.
   */
  purge(now: number, receiptsBefore: number): Promise<number>;
  /** Number of stored envelopes (of one receiver). */
  count(receiver?: string): Promise<number>;
  /**
   * Calls `listener` for every envelope appended from now on, by this process or (PostgreSQL)
   * by any other process on the same database. Returns an unsubscribe function.
   */
  onAppend(listener: (envelope: StoredEnvelope) => void): () => void;
  /** The applied schema version. */
  schemaVersion(): Promise<number>;
  /** Finishes pending writes and closes the connection(s). */
  close(): Promise<void>;
}

/** One message posted to a billboard, as stored. */
export interface StoredBillboardMessage {
  /** Arrival order (decimal string: a PostgreSQL BIGSERIAL). */
  seq: string;
  /** The billboard's normalized ENS name. */
  billboard: string;
  /** The message id: dm3's message hash `sha256(stringify(message))`, lower-case hex. */
  id: string;
  /** The sender's normalized ENS name (`metadata.from`). */
  sender: string;
  /** The lower-case address the sender's name resolved to when the message was accepted. */
  senderAddress: string;
  /** `metadata.timestamp` (ms), the sender's time. */
  timestamp: number;
  /** The signed message, canonical JSON (`stringify`). */
  body: string;
  /** When the service accepted it (ms). */
  receivedAt: number;
  /** Number of its batch (per billboard, from 0) once assigned; null before. */
  batch: number | null;
  /** Deleted by a mediator, or its sender suspended: kept (its batch needs it) but not served. */
  hidden: boolean;
}

/** What {@link BillboardStore.append} stores. */
export type BillboardMessageInput = Omit<StoredBillboardMessage, "seq" | "batch" | "hidden">;

/** Where a batch is: its messages assigned and root computed (`built`), anchor transaction on its way (`sending`), on chain (`anchored`). */
export type BatchState = "built" | "sending" | "anchored";

/** A batch of billboard messages and its anchoring state. */
export interface StoredBatch {
  billboard: string;
  /** Per billboard, from 0, in the order batches were built. */
  number: number;
  root: string;
  messageCount: number;
  firstTimestamp: number;
  lastTimestamp: number;
  createdAt: number;
  state: BatchState;
  /** The anchor transaction (once sent, as far as it was recorded). */
  txHash: string | null;
  /** The anchor contract's sequence number of the batch (once anchored). */
  sequence: number | null;
  blockNumber: number | null;
  /** Block time of the anchoring transaction (seconds). */
  anchoredAt: number | null;
  /** Gas used by the anchor transaction (decimal string), when this service sent it. */
  gasUsed: string | null;
}

/** What {@link BillboardStore.createBatch} stores (the number is the next one). */
export type NewBatch = Pick<StoredBatch, "billboard" | "root" | "messageCount" | "firstTimestamp" | "lastTimestamp" | "createdAt">;

/** Fields of a batch that change while it is anchored. */
export type BatchUpdate = Partial<Pick<StoredBatch, "state" | "txHash" | "sequence" | "blockNumber" | "anchoredAt" | "gasUsed">>;

/** A mediator's decision: a message deleted, or a sender (ENS name or lower-case address) suspended. */
export interface ModerationEntry {
  billboard: string;
  kind: "message" | "sender";
  /** The message id, or the sender's normalized name or lower-case address. */
  target: string;
  /** The mediator's ENS name. */
  mediator: string;
  /** The mediator's signature, kept for traceability. */
  signature: string;
  at: number;
}

/**
 * The billboard service's storage: messages per billboard (unique by id forever), their
 * assignment to batches (each message in at most one, written before a batch is anchored), the
 * batches' anchoring state, and mediators' deletions and suspensions.
 */
export interface BillboardStore {
  /** Stores a message unless the billboard has one with its id; `created` says which. */
  append(input: BillboardMessageInput): Promise<{ created: boolean }>;
  /**
   * The billboard's served messages (not hidden): the `limit` newest with `timestamp <= before`
   * (all times when `before` is undefined), oldest first.
   */
  list(billboard: string, options: { before?: number; limit: number }): Promise<StoredBillboardMessage[]>;
  /** One message by id, hidden or not. */
  get(billboard: string, id: string): Promise<StoredBillboardMessage | undefined>;
  /** Messages not yet in a batch, in arrival order, at most `limit`. */
  unbatched(billboard: string, limit: number): Promise<StoredBillboardMessage[]>;
  countUnbatched(billboard: string): Promise<number>;
  /**
   * Stores a batch under the billboard's next number and assigns `messageIds` to it, in one
   * transaction. @throws StorageError (and stores nothing) when a message is missing or already in a batch
   */
  createBatch(batch: NewBatch, messageIds: readonly string[]): Promise<StoredBatch>;
  /** A batch's messages (hidden ones included), in arrival order. */
  batchMessages(billboard: string, number: number): Promise<StoredBillboardMessage[]>;
  batch(billboard: string, number: number): Promise<StoredBatch | undefined>;
  /** The billboard's batches in number order; with `unanchored`, only those not anchored yet. */
  batches(billboard: string, options?: { unanchored?: boolean }): Promise<StoredBatch[]>;
  updateBatch(billboard: string, number: number, update: BatchUpdate): Promise<void>;
  /** Records a deletion or suspension (the first one of a target counts); `created` says whether it is new. */
  moderate(entry: ModerationEntry): Promise<{ created: boolean }>;
  /** True when the sender (by name or address) is suspended on the billboard. */
  isSuspended(billboard: string, sender: string, senderAddress: string): Promise<boolean>;
}
