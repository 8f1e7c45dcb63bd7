import { randomUUID } from "node:crypto";
import pg from "pg";
import type { SignedUserProfile } from "../../profile/types";
import { StorageError } from "../errors";
import type { ProfileExtension } from "../types";
import { POSTGRES_MIGRATIONS, latestVersion, type Migration } from "./migrations";
import { PostgresBillboardStore } from "./billboardPostgres";
import { InvalidatedCache } from "./invalidatedCache";
import { GroupCommit } from "./groupCommit";
import type { AckInput, AppendInput, AppendResult, BillboardStore, MessageStore, StoredAccount, StoredEnvelope } from "./types";

/** The LISTEN/NOTIFY channel that tells every instance about appended envelopes. */
export const NOTIFY_CHANNEL = "dm3_delivery_appended";
/** The channel that tells every instance which account changed (payload: its id), so cached copies are dropped. */
export const ACCOUNTS_CHANNEL = "dm3_delivery_accounts";

/** Most envelopes one group commit stores. */
const MAX_GROUP = 512;
/** Group commits running at once: while they wait for PostgreSQL, the next group gathers. */
const MAX_GROUPS_IN_FLIGHT = 2;

// BIGINT columns come back as strings; the few that hold milliseconds fit a double.
interface EnvelopeRow {
  id: string;
  receiver: string;
  conversation: string;
  key: string;
  ref: string;
  body: string;
  received_at: string;
  expires_at: string | null;
}

interface AccountRow {
  id: string;
  name: string;
  signed_user_profile: SignedUserProfile;
  profile_extension: ProfileExtension;
  created_at: string;
  updated_at: string;
}

function toEnvelope(r: EnvelopeRow): StoredEnvelope {
  return { id: String(r.id), receiver: r.receiver, conversation: r.conversation, key: r.key, ref: r.ref, body: r.body, receivedAt: Number(r.received_at), expiresAt: r.expires_at === null ? null : Number(r.expires_at) };
}

function toAccount(r: AccountRow): StoredAccount {
  return { id: r.id, name: r.name, signedUserProfile: r.signed_user_profile, profileExtension: r.profile_extension, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

/** Applies pending migrations under a transaction-scoped advisory lock (instances may start together). */
export async function migratePostgres(pool: pg.Pool, list: Migration[] = POSTGRES_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('dm3kit delivery migrations'))");
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    const current = Number((await client.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")).rows[0].v);
    for (const m of [...list].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [m.version, m.name, Date.now()]);
    }
    await client.query("COMMIT");
    return Math.max(current, latestVersion(list));
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Options of {@link PostgresStore.open}. */
export interface PostgresStoreOptions {
  /** Pool size (default 20). */
  maxConnections?: number;
  /** Accounts kept in memory (default 10 000; 0: every lookup reads the database). */
  accountCacheSize?: number;
  /** Called with connection problems of the LISTEN connection (it reconnects by itself). */
  onError?: (message: string) => void;
}

/**
 * The PostgreSQL back-end: a connection pool; every write is one autocommitted statement (so
 * it is durable when the answer comes back, with the server's default `synchronous_commit`).
 * Appends that arrive together are stored by one statement (group commit: one transaction,
 * one WAL flush, each caller answered after it), at most {@link MAX_GROUPS_IN_FLIGHT} at once.
 * Appends `NOTIFY` the other instances in the same statement (delivered on commit), and one
 * `LISTEN` connection turns their notifications into {@link onAppend} calls here.
 *
 * Accounts are cached in memory: every account write notifies {@link ACCOUNTS_CHANNEL} in its
 * own statement, and each instance drops its copy when the notification arrives (normally within
 * a millisecond of the commit); while the `LISTEN` connection is down nothing is cached.
 */
export class PostgresStore implements MessageStore {
  readonly kind = "postgres";
  readonly billboards: BillboardStore;
  private readonly listeners = new Set<(e: StoredEnvelope) => void>();
  private readonly instance = randomUUID();
  private listenClient?: pg.Client;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly accounts: InvalidatedCache<StoredAccount | undefined>;
  private readonly appends = new GroupCommit((inputs: AppendInput[]) => this.commitGroup(inputs), {
    maxGroup: MAX_GROUP,
    maxInFlight: MAX_GROUPS_IN_FLIGHT,
    committed: (results) => results.forEach((r) => r.envelope && this.emit(r.envelope)),
  });
  private closing = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly options: PostgresStoreOptions,
  ) {
    this.billboards = new PostgresBillboardStore(pool, (text, values) => this.q(text, values));
    this.accounts = new InvalidatedCache(options.accountCacheSize ?? 10_000);
  }

  /**
   * Connects to `connectionString` (a `postgres://` URL), migrates and starts listening.
   * @throws StorageError (the message never contains the URL's password)
   */
  static async open(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 20 });
    pool.on("error", (e) => options.onError?.(`idle PostgreSQL connection failed: ${e.message}`));
    const store = new PostgresStore(pool, connectionString, options);
    try {
      await migratePostgres(pool);
      await store.listen();
      return store;
    } catch (e) {
      await pool.end().catch(() => {});
      throw new StorageError(`cannot open the PostgreSQL database: ${(e as Error).message}`, { cause: e });
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on("notification", (n) => {
      if (n.channel === ACCOUNTS_CHANNEL) this.accounts.invalidate(n.payload ?? "");
      else void this.onNotification(n.payload);
    });
    const lost = (message: string) => {
      if (this.closed || this.listenClient !== client) return;
      this.options.onError?.(`LISTEN connection failed: ${message}; reconnecting`);
      this.scheduleReconnect();
    };
    client.on("error", (e) => lost(e.message));
    client.on("end", () => lost("connection ended"));
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}; LISTEN ${ACCOUNTS_CHANNEL}`);
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listenClient = client;
    this.accounts.reset(true); // what was read while not listening is not trusted
  }

  private scheduleReconnect(): void {
    this.accounts.reset(false); // account writes may be missed until LISTEN runs again
    if (this.closed || this.reconnectTimer) return;
    const old = this.listenClient;
    this.listenClient = undefined;
    old?.end().catch(() => {});
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen().catch(() => this.scheduleReconnect());
    }, 500);
  }

  private async onNotification(payload: string | undefined): Promise<void> {
    if (!payload || this.listeners.size === 0) return;
    let note: { id?: string; origin?: string };
    try {
      note = JSON.parse(payload) as { id?: string; origin?: string };
    } catch {
      return;
    }
    if (note.origin === this.instance || typeof note.id !== "string") return; // our own appends were emitted already
    const envelope = await this.get(note.id).catch(() => undefined);
    if (envelope) this.emit(envelope);
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

  private async q<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new StorageError("the store is closed");
    try {
      return await this.pool.query<R>(text, values);
    } catch (e) {
      throw new StorageError(`PostgreSQL query failed: ${(e as Error).message}`, { cause: e });
    }
  }

  async putAccount(id: string, name: string, signedUserProfile: SignedUserProfile, defaultExtension: ProfileExtension, now: number) {
    const r = await this.q<AccountRow & { created: boolean }>(
      `INSERT INTO accounts (id, name, signed_user_profile, profile_extension, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, signed_user_profile = excluded.signed_user_profile, updated_at = excluded.updated_at
       RETURNING *, (xmax = 0) AS created, pg_notify('${ACCOUNTS_CHANNEL}', id)`,
      [id, name, JSON.stringify(signedUserProfile), JSON.stringify(defaultExtension), now],
    );
    this.accounts.invalidate(id);
    return { account: toAccount(r.rows[0]), created: r.rows[0].created };
  }

  getAccount(id: string): Promise<StoredAccount | undefined> {
    return this.accounts.get(id, async () => {
      const r = await this.q<AccountRow>("SELECT * FROM accounts WHERE id = $1", [id]);
      return r.rows[0] ? toAccount(r.rows[0]) : undefined;
    });
  }

  async setProfileExtension(id: string, extension: ProfileExtension, now: number): Promise<boolean> {
    const r = await this.q(`UPDATE accounts SET profile_extension = $1, updated_at = $2 WHERE id = $3 RETURNING pg_notify('${ACCOUNTS_CHANNEL}', id)`, [JSON.stringify(extension), now, id]);
    this.accounts.invalidate(id);
    return r.rowCount === 1;
  }

  append(input: AppendInput): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new StorageError("the store is closed"));
    return this.appends.submit(input);
  }

  /**
   * Stores a group in one statement; the results in input order. The same (receiver, key) twice
   * in one group: the first is stored, the others are duplicates (as if they had come one after
   * the other). One row per key goes to the database.
   */
  private async commitGroup(inputs: AppendInput[]): Promise<AppendResult[]> {
    const firsts = new Map<string, AppendInput>();
    for (const input of inputs) if (!firsts.has(appendKey(input))) firsts.set(appendKey(input), input);
    let stored: Map<string, StoredEnvelope>;
    try {
      stored = await this.appendRows([...firsts.values()]);
    } catch (e) {
      throw e instanceof StorageError ? e : new StorageError(`storing ${inputs.length} envelope(s) failed: ${(e as Error).message}`, { cause: e });
    }
    return inputs.map((input) => {
      const k = appendKey(input);
      const envelope = stored.get(k);
      stored.delete(k); // a later duplicate in the group is answered as one
      return envelope ? { created: true, envelope } : { created: false };
    });
  }

  /**
   * One statement (one transaction): the receipts (idempotency, in key order so concurrent groups
   * never wait on each other in a cycle), the envelopes of the new receipts in arrival order, and
   * their notifications, committed together. Returns the stored envelopes by receiver and key.
   */
  private async appendRows(rows: AppendInput[]): Promise<Map<string, StoredEnvelope>> {
    const column = <K extends keyof AppendInput>(k: K) => rows.map((r) => r[k]);
    const r = await this.q<EnvelopeRow>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
           WITH ORDINALITY AS i(receiver, conversation, key, ref, body, received_at, expires_at, n)
       ), receipt AS (
         INSERT INTO receipts (receiver, key, received_at) SELECT receiver, key, received_at FROM input ORDER BY receiver, key
         ON CONFLICT DO NOTHING RETURNING receiver, key
       ), stored AS (
         INSERT INTO envelopes (receiver, conversation, key, ref, body, received_at, expires_at)
         SELECT i.receiver, i.conversation, i.key, i.ref, i.body, i.received_at, i.expires_at
         FROM input i JOIN receipt USING (receiver, key) ORDER BY i.n RETURNING *
       )
       SELECT stored.*, pg_notify('${NOTIFY_CHANNEL}', json_build_object('id', stored.id::text, 'origin', $8::text)::text) FROM stored ORDER BY stored.id`,
      [column("receiver"), column("conversation"), column("key"), column("ref"), column("body"), column("receivedAt"), column("expiresAt"), this.instance],
    );
    return new Map(r.rows.map((row) => [appendKey(row), toEnvelope(row)]));
  }

  async list(receiver: string, options: { now: number; limit: number; afterId?: string }): Promise<StoredEnvelope[]> {
    const r = await this.q<EnvelopeRow>(
      "SELECT * FROM envelopes WHERE receiver = $1 AND id > $2 AND (expires_at IS NULL OR expires_at > $3) ORDER BY id LIMIT $4",
      [receiver, options.afterId ?? "0", options.now, options.limit],
    );
    return r.rows.map(toEnvelope);
  }

  async get(id: string): Promise<StoredEnvelope | undefined> {
    const r = await this.q<EnvelopeRow>("SELECT * FROM envelopes WHERE id = $1", [id]);
    return r.rows[0] ? toEnvelope(r.rows[0]) : undefined;
  }

  async ack(receiver: string, acks: AckInput[]): Promise<number> {
    if (acks.length === 0) return 0;
    const r = await this.q(
      "DELETE FROM envelopes e USING unnest($2::text[], $3::text[]) AS a(conversation, ref) WHERE e.receiver = $1 AND e.conversation = a.conversation AND e.ref = a.ref",
      [receiver, acks.map((a) => a.conversation), acks.map((a) => a.ref)],
    );
    return r.rowCount ?? 0;
  }

  async consumeChallenge(id: string, expiresAt: number): Promise<boolean> {
    const r = await this.q("INSERT INTO consumed_challenges (id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", [id, expiresAt]);
    return r.rowCount === 1;
  }

  async purge(now: number, receiptsBefore: number): Promise<number> {
    await this.q("DELETE FROM receipts WHERE received_at < $1", [receiptsBefore]);
    await this.q("DELETE FROM consumed_challenges WHERE expires_at <= $1", [now]);
    const r = await this.q("DELETE FROM envelopes WHERE expires_at IS NOT NULL AND expires_at <= $1", [now]);
    return r.rowCount ?? 0;
  }

  async count(receiver?: string): Promise<number> {
    const r = receiver === undefined ? await this.q<{ n: string }>("SELECT COUNT(*) AS n FROM envelopes", []) : await this.q<{ n: string }>("SELECT COUNT(*) AS n FROM envelopes WHERE receiver = $1", [receiver]);
    return Number(r.rows[0].n);
  }

  onAppend(listener: (e: StoredEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async schemaVersion(): Promise<number> {
    const r = await this.q<{ v: number }>("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations", []);
    return Number(r.rows[0].v);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Appends already accepted are stored (and answered) before the pool closes.
    await this.appends.drain();
    this.closed = true;
    this.accounts.reset(false);
    this.listeners.clear();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.listenClient?.end().catch(() => {});
    await this.pool.end();
  }
}

/** The idempotency key of an append: its receiver and key. */
function appendKey(e: { receiver: string; key: string }): string {
  return `${e.receiver}\n${e.key}`;
}
