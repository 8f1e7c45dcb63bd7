/**
 * Versioned schema migrations, one list per back-end, applied in order inside a transaction
 * and recorded in `schema_migrations`. Append new versions; never edit an applied one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "accounts, envelopes, receipts",
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        signed_user_profile TEXT NOT NULL,
        profile_extension TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE envelopes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        receiver TEXT NOT NULL,
        conversation TEXT NOT NULL,
        key TEXT NOT NULL,
        ref TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        expires_at INTEGER
      );
      CREATE INDEX envelopes_by_receiver ON envelopes (receiver, id);
      CREATE INDEX envelopes_by_ref ON envelopes (receiver, conversation, ref);
      CREATE INDEX envelopes_by_expiry ON envelopes (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE receipts (
        receiver TEXT NOT NULL,
        key TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (receiver, key)
      ) WITHOUT ROWID;
      CREATE INDEX receipts_by_time ON receipts (received_at);
    `,
  },
  {
    version: 2,
    name: "billboard messages, batches, moderation",
    sql: `
      CREATE TABLE billboard_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        billboard TEXT NOT NULL,
        id TEXT NOT NULL,
        sender TEXT NOT NULL,
        sender_address TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        batch INTEGER,
        UNIQUE (billboard, id)
      );
      CREATE INDEX billboard_messages_by_time ON billboard_messages (billboard, timestamp);
      CREATE INDEX billboard_messages_unbatched ON billboard_messages (billboard, seq) WHERE batch IS NULL;
      CREATE INDEX billboard_messages_by_batch ON billboard_messages (billboard, batch);
      CREATE TABLE billboard_batches (
        billboard TEXT NOT NULL,
        number INTEGER NOT NULL,
        root TEXT NOT NULL UNIQUE,
        message_count INTEGER NOT NULL,
        first_timestamp INTEGER NOT NULL,
        last_timestamp INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        tx_hash TEXT,
        sequence INTEGER,
        block_number INTEGER,
        anchored_at INTEGER,
        gas_used TEXT,
        PRIMARY KEY (billboard, number)
      );
      CREATE TABLE billboard_moderation (
        billboard TEXT NOT NULL,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        mediator TEXT NOT NULL,
        signature TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (billboard, kind, target)
      );
    `,
  },
  {
    version: 3,
    name: "consumed auth challenges",
    sql: `
      CREATE TABLE consumed_challenges (
        id TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX consumed_challenges_by_expiry ON consumed_challenges (expires_at);
    `,
  },
];

export const POSTGRES_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "accounts, envelopes, receipts",
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        signed_user_profile JSONB NOT NULL,
        profile_extension JSONB NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE envelopes (
        id BIGSERIAL PRIMARY KEY,
        receiver TEXT NOT NULL,
        conversation TEXT NOT NULL,
        key TEXT NOT NULL,
        ref TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        expires_at BIGINT
      );
      CREATE INDEX envelopes_by_receiver ON envelopes (receiver, id);
      CREATE INDEX envelopes_by_ref ON envelopes (receiver, conversation, ref);
      CREATE INDEX envelopes_by_expiry ON envelopes (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE receipts (
        receiver TEXT NOT NULL,
        key TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (receiver, key)
      );
      CREATE INDEX receipts_by_time ON receipts (received_at);
    `,
  },
  {
    version: 2,
    name: "billboard messages, batches, moderation",
    sql: `
      CREATE TABLE billboard_messages (
        seq BIGSERIAL PRIMARY KEY,
        billboard TEXT NOT NULL,
        id TEXT NOT NULL,
        sender TEXT NOT NULL,
        sender_address TEXT NOT NULL,
        timestamp BIGINT NOT NULL,
        body TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        batch INTEGER,
        UNIQUE (billboard, id)
      );
      CREATE INDEX billboard_messages_by_time ON billboard_messages (billboard, timestamp);
      CREATE INDEX billboard_messages_unbatched ON billboard_messages (billboard, seq) WHERE batch IS NULL;
      CREATE INDEX billboard_messages_by_batch ON billboard_messages (billboard, batch);
      CREATE TABLE billboard_batches (
        billboard TEXT NOT NULL,
        number INTEGER NOT NULL,
        root TEXT NOT NULL UNIQUE,
        message_count INTEGER NOT NULL,
        first_timestamp BIGINT NOT NULL,
        last_timestamp BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        tx_hash TEXT,
        sequence INTEGER,
        block_number BIGINT,
        anchored_at BIGINT,
        gas_used TEXT,
        PRIMARY KEY (billboard, number)
      );
      CREATE TABLE billboard_moderation (
        billboard TEXT NOT NULL,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        mediator TEXT NOT NULL,
        signature TEXT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (billboard, kind, target)
      );
    `,
  },
  {
    version: 3,
    name: "consumed auth challenges",
    sql: `
      CREATE TABLE consumed_challenges (
        id TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX consumed_challenges_by_expiry ON consumed_challenges (expires_at);
    `,
  },
];

/** The newest version in `migrations`. */
export function latestVersion(migrations: Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}
