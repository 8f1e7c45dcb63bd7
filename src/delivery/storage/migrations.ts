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
];

/** The newest version in `migrations`. */
export function latestVersion(migrations: Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}
