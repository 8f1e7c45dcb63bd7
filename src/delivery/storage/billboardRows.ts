import type { BatchUpdate, StoredBatch, StoredBillboardMessage } from "./types";

// Rows of the billboard tables (migration 2) and the SQL both back-ends share.

export interface BillboardMessageRow {
  seq: number | bigint | string;
  billboard: string;
  id: string;
  sender: string;
  sender_address: string;
  timestamp: number | string;
  body: string;
  received_at: number | string;
  batch: number | null;
  hidden: number | boolean;
}

export interface BatchRow {
  billboard: string;
  number: number;
  root: string;
  message_count: number;
  first_timestamp: number | string;
  last_timestamp: number | string;
  created_at: number | string;
  state: StoredBatch["state"];
  tx_hash: string | null;
  sequence: number | null;
  block_number: number | string | null;
  anchored_at: number | string | null;
  gas_used: string | null;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toBillboardMessage(r: BillboardMessageRow): StoredBillboardMessage {
  return {
    seq: String(r.seq),
    billboard: r.billboard,
    id: r.id,
    sender: r.sender,
    senderAddress: r.sender_address,
    timestamp: Number(r.timestamp),
    body: r.body,
    receivedAt: Number(r.received_at),
    batch: r.batch === null ? null : Number(r.batch),
    hidden: r.hidden === true || Number(r.hidden) === 1,
  };
}

export function toBatch(r: BatchRow): StoredBatch {
  return {
    billboard: r.billboard,
    number: Number(r.number),
    root: r.root,
    messageCount: Number(r.message_count),
    firstTimestamp: Number(r.first_timestamp),
    lastTimestamp: Number(r.last_timestamp),
    createdAt: Number(r.created_at),
    state: r.state,
    txHash: r.tx_hash,
    sequence: num(r.sequence),
    blockNumber: num(r.block_number),
    anchoredAt: num(r.anchored_at),
    gasUsed: r.gas_used,
  };
}

/** SQL (both back-ends): whether the message row `m` is hidden by a deletion or a suspension. */
export const HIDDEN_SQL = `EXISTS (SELECT 1 FROM billboard_moderation d WHERE d.billboard = m.billboard AND (
  (d.kind = 'message' AND d.target = m.id) OR (d.kind = 'sender' AND (d.target = m.sender OR d.target = m.sender_address))))`;

/** Column names of a batch update, in a fixed order. */
export const BATCH_UPDATE_COLUMNS: ReadonlyArray<[keyof BatchUpdate, string]> = [
  ["state", "state"],
  ["txHash", "tx_hash"],
  ["sequence", "sequence"],
  ["blockNumber", "block_number"],
  ["anchoredAt", "anchored_at"],
  ["gasUsed", "gas_used"],
];
