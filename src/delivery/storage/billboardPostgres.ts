import type pg from "pg";
import { StorageError } from "../errors";
import { BATCH_UPDATE_COLUMNS, HIDDEN_SQL, toBatch, toBillboardMessage, type BatchRow, type BillboardMessageRow } from "./billboardRows";
import type { BatchUpdate, BillboardMessageInput, BillboardStore, ModerationEntry, NewBatch, StoredBatch, StoredBillboardMessage } from "./types";

const SELECT = `SELECT m.*, ${HIDDEN_SQL} AS hidden FROM billboard_messages m`;

/** The billboard tables in the PostgreSQL database of a {@link PostgresStore} (each write one autocommitted statement or transaction). */
export class PostgresBillboardStore implements BillboardStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly q: <R extends pg.QueryResultRow>(text: string, values: unknown[]) => Promise<pg.QueryResult<R>>,
  ) {}

  async append(input: BillboardMessageInput): Promise<{ created: boolean }> {
    const r = await this.q(
      "INSERT INTO billboard_messages (billboard, id, sender, sender_address, timestamp, body, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
      [input.billboard, input.id, input.sender, input.senderAddress, input.timestamp, input.body, input.receivedAt],
    );
    return { created: r.rowCount === 1 };
  }

  async list(billboard: string, options: { before?: number; limit: number }): Promise<StoredBillboardMessage[]> {
    const r = await this.q<BillboardMessageRow>(
      `${SELECT} WHERE m.billboard = $1 AND m.timestamp <= $2 AND NOT ${HIDDEN_SQL} ORDER BY m.timestamp DESC, m.seq DESC LIMIT $3`,
      [billboard, options.before ?? Number.MAX_SAFE_INTEGER, options.limit],
    );
    return r.rows.map(toBillboardMessage).reverse();
  }

  async get(billboard: string, id: string): Promise<StoredBillboardMessage | undefined> {
    const r = await this.q<BillboardMessageRow>(`${SELECT} WHERE m.billboard = $1 AND m.id = $2`, [billboard, id]);
    return r.rows[0] ? toBillboardMessage(r.rows[0]) : undefined;
  }

  async unbatched(billboard: string, limit: number): Promise<StoredBillboardMessage[]> {
    const r = await this.q<BillboardMessageRow>(`${SELECT} WHERE m.billboard = $1 AND m.batch IS NULL ORDER BY m.seq LIMIT $2`, [billboard, limit]);
    return r.rows.map(toBillboardMessage);
  }

  async countUnbatched(billboard: string): Promise<number> {
    const r = await this.q<{ n: string }>("SELECT COUNT(*) AS n FROM billboard_messages WHERE billboard = $1 AND batch IS NULL", [billboard]);
    return Number(r.rows[0].n);
  }

  async createBatch(batch: NewBatch, messageIds: readonly string[]): Promise<StoredBatch> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new StorageError(`PostgreSQL connection failed: ${(e as Error).message}`, { cause: e });
    }
    try {
      await client.query("BEGIN");
      // One batch builder per billboard at a time (instances may share the database).
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`dm3kit billboard batches ${batch.billboard}`]);
      const next = await client.query<{ n: string }>("SELECT COALESCE(MAX(number), -1) + 1 AS n FROM billboard_batches WHERE billboard = $1", [batch.billboard]);
      const number = Number(next.rows[0].n);
      const inserted = await client.query<BatchRow>(
        "INSERT INTO billboard_batches (billboard, number, root, message_count, first_timestamp, last_timestamp, created_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'built') RETURNING *",
        [batch.billboard, number, batch.root, batch.messageCount, batch.firstTimestamp, batch.lastTimestamp, batch.createdAt],
      );
      const assigned = await client.query("UPDATE billboard_messages SET batch = $1 WHERE billboard = $2 AND id = ANY($3::text[]) AND batch IS NULL", [number, batch.billboard, messageIds]);
      if (assigned.rowCount !== messageIds.length) throw new StorageError(`${messageIds.length - (assigned.rowCount ?? 0)} message(s) of the batch are missing or already in a batch`);
      await client.query("COMMIT");
      return toBatch(inserted.rows[0]);
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      if (e instanceof StorageError) throw e;
      throw new StorageError(`storing a batch failed: ${(e as Error).message}`, { cause: e });
    } finally {
      client.release();
    }
  }

  async batchMessages(billboard: string, number: number): Promise<StoredBillboardMessage[]> {
    const r = await this.q<BillboardMessageRow>(`${SELECT} WHERE m.billboard = $1 AND m.batch = $2 ORDER BY m.seq`, [billboard, number]);
    return r.rows.map(toBillboardMessage);
  }

  async batch(billboard: string, number: number): Promise<StoredBatch | undefined> {
    const r = await this.q<BatchRow>("SELECT * FROM billboard_batches WHERE billboard = $1 AND number = $2", [billboard, number]);
    return r.rows[0] ? toBatch(r.rows[0]) : undefined;
  }

  async batches(billboard: string, options: { unanchored?: boolean } = {}): Promise<StoredBatch[]> {
    const r = await this.q<BatchRow>(`SELECT * FROM billboard_batches WHERE billboard = $1${options.unanchored ? " AND state <> 'anchored'" : ""} ORDER BY number`, [billboard]);
    return r.rows.map(toBatch);
  }

  async updateBatch(billboard: string, number: number, update: BatchUpdate): Promise<void> {
    const set = BATCH_UPDATE_COLUMNS.filter(([key]) => update[key] !== undefined);
    if (set.length === 0) return;
    const r = await this.q(
      `UPDATE billboard_batches SET ${set.map(([, column], i) => `${column} = $${i + 1}`).join(", ")} WHERE billboard = $${set.length + 1} AND number = $${set.length + 2}`,
      [...set.map(([key]) => update[key]), billboard, number],
    );
    if (r.rowCount !== 1) throw new StorageError(`batch #${number} of ${billboard} does not exist`);
  }

  async moderate(entry: ModerationEntry): Promise<{ created: boolean }> {
    const r = await this.q(
      "INSERT INTO billboard_moderation (billboard, kind, target, mediator, signature, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
      [entry.billboard, entry.kind, entry.target, entry.mediator, entry.signature, entry.at],
    );
    return { created: r.rowCount === 1 };
  }

  async isSuspended(billboard: string, sender: string, senderAddress: string): Promise<boolean> {
    const r = await this.q("SELECT 1 FROM billboard_moderation WHERE billboard = $1 AND kind = 'sender' AND target IN ($2, $3)", [billboard, sender, senderAddress]);
    return r.rows.length > 0;
  }
}
