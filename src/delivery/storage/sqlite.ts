import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SignedUserProfile } from "../../profile/types";
import { StorageError } from "../errors";
import type { ProfileExtension } from "../types";
import { SQLITE_MIGRATIONS, latestVersion, type Migration } from "./migrations";
import { SqliteBillboardStore } from "./billboardSqlite";
import { GroupCommit } from "./groupCommit";
import type { AckInput, AppendInput, AppendResult, MessageStore, StoredAccount, StoredEnvelope } from "./types";

/** File name of the database inside the data directory. */
export const SQLITE_FILE = "delivery.sqlite";

interface EnvelopeRow {
  id: number | bigint;
  receiver: string;
  conversation: string;
  key: string;
  ref: string;
  body: string;
  received_at: number;
  expires_at: number | null;
}

interface AccountRow {
  id: string;
  name: string;
  signed_user_profile: string;
  profile_extension: string;
  created_at: number;
  updated_at: number;
}

function toEnvelope(r: EnvelopeRow): StoredEnvelope {
  return { id: String(r.id), receiver: r.receiver, conversation: r.conversation, key: r.key, ref: r.ref, body: r.body, receivedAt: Number(r.received_at), expiresAt: r.expires_at === null ? null : Number(r.expires_at) };
}

function toAccount(r: AccountRow): StoredAccount {
  return {
    id: r.id,
    name: r.name,
    signedUserProfile: JSON.parse(r.signed_user_profile) as SignedUserProfile,
    profileExtension: JSON.parse(r.profile_extension) as ProfileExtension,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Applies the pending migrations of `list` to `db` in one IMMEDIATE transaction. */
export function migrateSqlite(db: Database.Database, list: Migration[] = SQLITE_MIGRATIONS): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const run = db.transaction(() => {
    const current = (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
    for (const m of [...list].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, Date.now());
    }
    return Math.max(current, latestVersion(list));
  });
  return run.immediate();
}

/**
 * How hard SQLite syncs: `full` (default) fsyncs the WAL on every commit, so an acknowledged
 * write survives a power loss; `normal` (WAL) fsyncs only at checkpoints: a commit survives a
 * crash of the process (SIGKILL) but the last ones may be lost if the machine loses power.
 */
export type SqliteDurability = "full" | "normal";

/**
 * The embedded back-end: one SQLite file in WAL mode with `synchronous = FULL` (by default), so a
 * commit is on disk (the WAL fsynced) before a write resolves. Appends that arrive together (the
 * same event-loop turn) are committed as one transaction, one fsync for the whole group.
 */
export class SqliteStore implements MessageStore {
  readonly kind = "sqlite";
  readonly billboards: SqliteBillboardStore;
  private readonly listeners = new Set<(e: StoredEnvelope) => void>();
  private closed = false;
  private closing = false;
  private readonly stmts;
  private readonly appends: GroupCommit<AppendInput, AppendResult>;

  private constructor(private readonly db: Database.Database) {
    this.billboards = new SqliteBillboardStore(db, () => this.closed);
    this.stmts = {
      receipt: db.prepare("INSERT INTO receipts (receiver, key, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
      insert: db.prepare(
        "INSERT INTO envelopes (receiver, conversation, key, ref, body, received_at, expires_at) VALUES (@receiver, @conversation, @key, @ref, @body, @receivedAt, @expiresAt) RETURNING *",
      ),
      list: db.prepare("SELECT * FROM envelopes WHERE receiver = ? AND id > ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY id LIMIT ?"),
      get: db.prepare("SELECT * FROM envelopes WHERE id = ?"),
      ack: db.prepare("DELETE FROM envelopes WHERE receiver = ? AND conversation = ? AND ref = ?"),
      getAccount: db.prepare("SELECT * FROM accounts WHERE id = ?"),
      insertAccount: db.prepare(
        "INSERT INTO accounts (id, name, signed_user_profile, profile_extension, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, signed_user_profile = excluded.signed_user_profile, updated_at = excluded.updated_at RETURNING *, (created_at = updated_at) AS fresh",
      ),
      setExtension: db.prepare("UPDATE accounts SET profile_extension = ?, updated_at = ? WHERE id = ?"),
      purgeEnvelopes: db.prepare("DELETE FROM envelopes WHERE expires_at IS NOT NULL AND expires_at <= ?"),
      purgeReceipts: db.prepare("DELETE FROM receipts WHERE received_at < ?"),
      consumeChallenge: db.prepare("INSERT INTO consumed_challenges (id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      purgeChallenges: db.prepare("DELETE FROM consumed_challenges WHERE expires_at <= ?"),
      countAll: db.prepare("SELECT COUNT(*) AS n FROM envelopes"),
      countOne: db.prepare("SELECT COUNT(*) AS n FROM envelopes WHERE receiver = ?"),
      version: db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"),
    };
    const appendBatch = db.transaction((inputs: AppendInput[]): AppendResult[] =>
      inputs.map((input) => {
        if (this.stmts.receipt.run(input.receiver, input.key, input.receivedAt).changes === 0) return { created: false };
        return { created: true, envelope: toEnvelope(this.stmts.insert.get(input) as EnvelopeRow) };
      }),
    );
    this.appends = new GroupCommit(
      (inputs: AppendInput[]) => {
        try {
          return appendBatch(inputs);
        } catch (e) {
          throw new StorageError(`storing ${inputs.length} envelope(s) failed: ${(e as Error).message}`, { cause: e });
        }
      },
      { committed: (results) => results.forEach((r) => r.envelope && this.emit(r.envelope)) },
    );
  }

  /**
   * Opens (creating) `<dataDir>/delivery.sqlite` and migrates it.
   * @throws StorageError
   */
  static open(dataDir: string, durability: SqliteDurability = "full"): SqliteStore {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      const db = new Database(path.join(dataDir, SQLITE_FILE));
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${durability === "normal" ? "NORMAL" : "FULL"}`);
      db.pragma("busy_timeout = 5000");
      db.pragma("foreign_keys = ON");
      migrateSqlite(db);
      return new SqliteStore(db);
    } catch (e) {
      throw new StorageError(`cannot open the SQLite database in ${dataDir}: ${(e as Error).message}`, { cause: e });
    }
  }

  async putAccount(id: string, name: string, signedUserProfile: SignedUserProfile, defaultExtension: ProfileExtension, now: number) {
    const row = this.stmts.insertAccount.get(id, name, JSON.stringify(signedUserProfile), JSON.stringify(defaultExtension), now, now) as AccountRow & { fresh: number };
    return { account: toAccount(row), created: row.fresh === 1 && row.created_at === now };
  }

  async getAccount(id: string): Promise<StoredAccount | undefined> {
    const row = this.stmts.getAccount.get(id) as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  async setProfileExtension(id: string, extension: ProfileExtension, now: number): Promise<boolean> {
    return this.stmts.setExtension.run(JSON.stringify(extension), now, id).changes === 1;
  }

  append(input: AppendInput): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new StorageError("the store is closed"));
    return this.appends.submit(input);
  }

  private emit(e: StoredEnvelope): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  async list(receiver: string, options: { now: number; limit: number; afterId?: string }): Promise<StoredEnvelope[]> {
    return (this.stmts.list.all(receiver, Number(options.afterId ?? 0), options.now, options.limit) as EnvelopeRow[]).map(toEnvelope);
  }

  async get(id: string): Promise<StoredEnvelope | undefined> {
    const row = this.stmts.get.get(Number(id)) as EnvelopeRow | undefined;
    return row ? toEnvelope(row) : undefined;
  }

  async ack(receiver: string, acks: AckInput[]): Promise<number> {
    return this.db.transaction(() => acks.reduce((n, a) => n + this.stmts.ack.run(receiver, a.conversation, a.ref).changes, 0))();
  }

  async consumeChallenge(id: string, expiresAt: number): Promise<boolean> {
    if (this.closed) throw new StorageError("the store is closed");
    return this.stmts.consumeChallenge.run(id, expiresAt).changes === 1;
  }

  async purge(now: number, receiptsBefore: number): Promise<number> {
    return this.db.transaction(() => {
      this.stmts.purgeReceipts.run(receiptsBefore);
      this.stmts.purgeChallenges.run(now);
      return this.stmts.purgeEnvelopes.run(now).changes;
    })();
  }

  async count(receiver?: string): Promise<number> {
    return (receiver === undefined ? (this.stmts.countAll.get() as { n: number }) : (this.stmts.countOne.get(receiver) as { n: number })).n;
  }

  onAppend(listener: (e: StoredEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async schemaVersion(): Promise<number> {
    return (this.stmts.version.get() as { v: number }).v;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true; // refuses new appends; those accepted already are stored first
    await this.appends.drain();
    this.billboards.flush();
    this.closed = true;
    this.listeners.clear();
    this.db.close();
  }
}
