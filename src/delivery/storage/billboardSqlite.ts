import type Database from "better-sqlite3";
import { StorageError } from "../errors";
import { BATCH_UPDATE_COLUMNS, HIDDEN_SQL, toBatch, toBillboardMessage, type BatchRow, type BillboardMessageRow } from "./billboardRows";
import type { BatchUpdate, BillboardMessageInput, BillboardStore, ModerationEntry, NewBatch, StoredBatch, StoredBillboardMessage } from "./types";

/** The billboard tables in the SQLite database of a {@link SqliteStore} (synchronous, each write one transaction). */
export class SqliteBillboardStore implements BillboardStore {
  private readonly stmts;
  private readonly createBatchTx: Database.Transaction<(batch: NewBatch, ids: readonly string[]) => StoredBatch>;
  private readonly appendGroup: Database.Transaction<(inputs: BillboardMessageInput[]) => boolean[]>;
  private queue: Array<{ input: BillboardMessageInput; resolve: (r: { created: boolean }) => void; reject: (e: unknown) => void }> = [];

  constructor(
    private readonly db: Database.Database,
    private readonly isClosed: () => boolean,
  ) {
    const select = `SELECT m.*, ${HIDDEN_SQL} AS hidden FROM billboard_messages m`;
    this.stmts = {
      append: db.prepare(
        "INSERT INTO billboard_messages (billboard, id, sender, sender_address, timestamp, body, received_at) VALUES (@billboard, @id, @sender, @senderAddress, @timestamp, @body, @receivedAt) ON CONFLICT DO NOTHING",
      ),
      listBefore: db.prepare(`${select} WHERE m.billboard = ? AND m.timestamp <= ? AND NOT ${HIDDEN_SQL} ORDER BY m.timestamp DESC, m.seq DESC LIMIT ?`),
      get: db.prepare(`${select} WHERE m.billboard = ? AND m.id = ?`),
      unbatched: db.prepare(`${select} WHERE m.billboard = ? AND m.batch IS NULL ORDER BY m.seq LIMIT ?`),
      countUnbatched: db.prepare("SELECT COUNT(*) AS n FROM billboard_messages WHERE billboard = ? AND batch IS NULL"),
      nextNumber: db.prepare("SELECT COALESCE(MAX(number), -1) + 1 AS n FROM billboard_batches WHERE billboard = ?"),
      insertBatch: db.prepare(
        "INSERT INTO billboard_batches (billboard, number, root, message_count, first_timestamp, last_timestamp, created_at, state) VALUES (@billboard, @number, @root, @messageCount, @firstTimestamp, @lastTimestamp, @createdAt, 'built') RETURNING *",
      ),
      assign: db.prepare("UPDATE billboard_messages SET batch = ? WHERE billboard = ? AND id = ? AND batch IS NULL"),
      batchMessages: db.prepare(`${select} WHERE m.billboard = ? AND m.batch = ? ORDER BY m.seq`),
      batch: db.prepare("SELECT * FROM billboard_batches WHERE billboard = ? AND number = ?"),
      batches: db.prepare("SELECT * FROM billboard_batches WHERE billboard = ? ORDER BY number"),
      unanchored: db.prepare("SELECT * FROM billboard_batches WHERE billboard = ? AND state <> 'anchored' ORDER BY number"),
      moderate: db.prepare("INSERT INTO billboard_moderation (billboard, kind, target, mediator, signature, at) VALUES (@billboard, @kind, @target, @mediator, @signature, @at) ON CONFLICT DO NOTHING"),
      suspended: db.prepare("SELECT 1 FROM billboard_moderation WHERE billboard = ? AND kind = 'sender' AND target IN (?, ?)"),
    };
    this.appendGroup = db.transaction((inputs: BillboardMessageInput[]) => inputs.map((input) => this.stmts.append.run(input).changes === 1));
    this.createBatchTx = db.transaction((batch: NewBatch, ids: readonly string[]) => {
      const number = (this.stmts.nextNumber.get(batch.billboard) as { n: number }).n;
      const row = this.stmts.insertBatch.get({ ...batch, number }) as BatchRow;
      for (const id of ids) {
        if (this.stmts.assign.run(number, batch.billboard, id).changes !== 1) throw new StorageError(`message ${id} of ${batch.billboard} is missing or already in a batch`);
      }
      return toBatch(row);
    });
  }

  private run<T>(what: string, body: () => T): Promise<T> {
    if (this.isClosed()) return Promise.reject(new StorageError("the store is closed"));
    try {
      return Promise.resolve(body());
    } catch (e) {
      if (e instanceof StorageError) return Promise.reject(e);
      return Promise.reject(new StorageError(`${what} failed: ${(e as Error).message}`, { cause: e }));
    }
  }

  /** Messages that arrive together (the same event-loop turn) are committed as one transaction: one fsync for the group. */
  append(input: BillboardMessageInput): Promise<{ created: boolean }> {
    if (this.isClosed()) return Promise.reject(new StorageError("the store is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits the queued appends (also called before the store closes). */
  flush(): void {
    const group = this.queue.splice(0);
    if (group.length === 0) return;
    try {
      const created = this.appendGroup(group.map((p) => p.input));
      group.forEach((p, i) => p.resolve({ created: created[i] }));
    } catch (e) {
      const err = new StorageError(`storing ${group.length} billboard message(s) failed: ${(e as Error).message}`, { cause: e });
      for (const p of group) p.reject(err);
    }
  }

  list(billboard: string, options: { before?: number; limit: number }): Promise<StoredBillboardMessage[]> {
    return this.run("listing billboard messages", () =>
      (this.stmts.listBefore.all(billboard, options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as BillboardMessageRow[]).map(toBillboardMessage).reverse(),
    );
  }

  get(billboard: string, id: string): Promise<StoredBillboardMessage | undefined> {
    return this.run("reading a billboard message", () => {
      const row = this.stmts.get.get(billboard, id) as BillboardMessageRow | undefined;
      return row ? toBillboardMessage(row) : undefined;
    });
  }

  unbatched(billboard: string, limit: number): Promise<StoredBillboardMessage[]> {
    return this.run("listing unbatched messages", () => (this.stmts.unbatched.all(billboard, limit) as BillboardMessageRow[]).map(toBillboardMessage));
  }

  countUnbatched(billboard: string): Promise<number> {
    return this.run("counting unbatched messages", () => (this.stmts.countUnbatched.get(billboard) as { n: number }).n);
  }

  createBatch(batch: NewBatch, messageIds: readonly string[]): Promise<StoredBatch> {
    return this.run("storing a batch", () => this.createBatchTx.immediate(batch, messageIds));
  }

  batchMessages(billboard: string, number: number): Promise<StoredBillboardMessage[]> {
    return this.run("reading a batch's messages", () => (this.stmts.batchMessages.all(billboard, number) as BillboardMessageRow[]).map(toBillboardMessage));
  }

  batch(billboard: string, number: number): Promise<StoredBatch | undefined> {
    return this.run("reading a batch", () => {
      const row = this.stmts.batch.get(billboard, number) as BatchRow | undefined;
      return row ? toBatch(row) : undefined;
    });
  }

  batches(billboard: string, options: { unanchored?: boolean } = {}): Promise<StoredBatch[]> {
    return this.run("listing batches", () => ((options.unanchored ? this.stmts.unanchored : this.stmts.batches).all(billboard) as BatchRow[]).map(toBatch));
  }

  updateBatch(billboard: string, number: number, update: BatchUpdate): Promise<void> {
    return this.run("updating a batch", () => {
      const set = BATCH_UPDATE_COLUMNS.filter(([key]) => update[key] !== undefined);
      if (set.length === 0) return;
      const sql = `UPDATE billboard_batches SET ${set.map(([, column]) => `${column} = ?`).join(", ")} WHERE billboard = ? AND number = ?`;
      const changes = this.db.prepare(sql).run(...set.map(([key]) => update[key]), billboard, number).changes;
      if (changes !== 1) throw new StorageError(`batch #${number} of ${billboard} does not exist`);
    });
  }

  moderate(entry: ModerationEntry): Promise<{ created: boolean }> {
    return this.run("storing a moderation", () => ({ created: this.stmts.moderate.run(entry).changes === 1 }));
  }

  isSuspended(billboard: string, sender: string, senderAddress: string): Promise<boolean> {
    return this.run("reading suspensions", () => this.stmts.suspended.get(billboard, sender, senderAddress) !== undefined);
  }
}
