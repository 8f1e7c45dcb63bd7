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
 * Storage of a message service (delivery service now, billboard service later): accounts with
 * their settings, and envelopes appended per receiver and conversation, listed, acknowledged
 * and expired. Every method resolves only after its write is durable (committed and synced).
 */
export interface MessageStore {
  /** "sqlite" or "postgres". */
  readonly kind: string;
  /** Creates or updates an account's name and profile; its extension is kept on update (set on create). */
  putAccount(id: string, name: string, signedUserProfile: SignedUserProfile, defaultExtension: ProfileExtension, now: number): Promise<{ account: StoredAccount; created: boolean }>;
  getAccount(id: string): Promise<StoredAccount | undefined>;
  /** Replaces an account's profile extension (spam rules live there). False when there is no such account. */
  setProfileExtension(id: string, extension: ProfileExtension, now: number): Promise<boolean>;
  /**
   * Stores an envelope unless one with the same (receiver, key) was ever stored (also after it
   * was acknowledged, until its receipt is purged): `created` says which.
   */
  append(input: AppendInput): Promise<{ created: boolean; envelope?: StoredEnvelope }>;
  /** A receiver's live envelopes, oldest first, at most `limit`, after `afterId` when given. */
  list(receiver: string, options: { now: number; limit: number; afterId?: string }): Promise<StoredEnvelope[]>;
  /** One envelope by id (cross-instance push). */
  get(id: string): Promise<StoredEnvelope | undefined>;
  /** Deletes the acknowledged envelopes; returns how many were deleted. */
  ack(receiver: string, acks: AckInput[]): Promise<number>;
  /** Deletes expired envelopes and receipts older than `receiptsBefore`; returns the envelopes deleted. */
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
