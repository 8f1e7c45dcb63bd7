import { DeliveryConfigError } from "../errors";
import { PostgresStore, type PostgresStoreOptions } from "./postgres";
import { SqliteStore, type SqliteDurability } from "./sqlite";
import type { MessageStore } from "./types";

export * from "./types";
export * from "./migrations";
export { SqliteStore, SQLITE_FILE, migrateSqlite, type SqliteDurability } from "./sqlite";
export { PostgresStore, NOTIFY_CHANNEL, ACCOUNTS_CHANNEL, migratePostgres, type PostgresStoreOptions } from "./postgres";

/**
 * Opens the configured store: PostgreSQL when `databaseUrl` is given, else SQLite in `dataDir`.
 * @throws DeliveryConfigError when neither is given, StorageError when opening fails
 */
export async function openStore(config: { databaseUrl?: string; dataDir?: string; sqliteDurability?: SqliteDurability }, options: PostgresStoreOptions = {}): Promise<MessageStore> {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(config.databaseUrl)) throw new DeliveryConfigError("the database URL must start with postgres:// or postgresql://");
    return PostgresStore.open(config.databaseUrl, options);
  }
  if (config.dataDir) return SqliteStore.open(config.dataDir, config.sqliteDurability);
  throw new DeliveryConfigError("no storage: pass a data directory (SQLite) or a database URL (PostgreSQL)");
}
