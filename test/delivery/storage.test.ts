import { expect } from "chai";
import pg from "pg";
import { ACCOUNTS_CHANNEL, PostgresStore, SqliteStore, SQLITE_FILE, SQLITE_MIGRATIONS, migrateSqlite, type MessageStore, type StoredEnvelope } from "../../src/delivery";
import Database from "better-sqlite3";
import path from "node:path";
import { sharedPostgres } from "../helpers/postgres";
import { tempDir } from "./fixtures";

const PROFILE = { profile: { publicEncryptionKey: "e", publicSigningKey: "s", deliveryServices: ["ds.dm3.eth"] }, signature: "0x" };

function input(receiver: string, key: string, conversation = `${receiver},alice.eth`, extra: Partial<StoredEnvelope> = {}) {
  return { receiver, conversation, key, ref: `ref-${key}`, body: JSON.stringify({ key }), receivedAt: 1000, expiresAt: null, ...extra };
}

// Each back-end: a fresh place (directory or database) and how to open a store on it.
const backends: Array<[string, () => Promise<() => Promise<MessageStore>>]> = [
  [
    "SQLite",
    async () => {
      const dir = tempDir();
      return async () => SqliteStore.open(dir);
    },
  ],
  [
    "PostgreSQL",
    async () => {
      const url = await (await sharedPostgres()).createDatabase();
      return () => PostgresStore.open(url);
    },
  ],
];

for (const [kind, place] of backends) {
  describe(`MessageStore on ${kind}`, function () {
    this.timeout(30_000);
    let store: MessageStore;
    let reopen: () => Promise<MessageStore>;
    beforeEach(async () => {
      reopen = await place();
      store = await reopen();
    });
    afterEach(() => store.close());

    it("is migrated to the latest schema version", async () => {
      expect(await store.schemaVersion()).to.equal(3);
    });

    it("creates and updates accounts, keeping the profile extension on update", async () => {
      const created = await store.putAccount("0xabc", "bob.eth", PROFILE, { notSupportedMessageTypes: [] }, 1);
      expect(created.created).to.equal(true);
      expect(await store.setProfileExtension("0xabc", { notSupportedMessageTypes: [], spamFilterRules: { minNonce: 2 } }, 2)).to.equal(true);
      const updated = await store.putAccount("0xabc", "bob2.eth", PROFILE, { notSupportedMessageTypes: ["NEW"] }, 3);
      expect(updated.created).to.equal(false);
      expect(updated.account).to.deep.include({ id: "0xabc", name: "bob2.eth", createdAt: 1, updatedAt: 3 });
      expect(updated.account.profileExtension).to.deep.equal({ notSupportedMessageTypes: [], spamFilterRules: { minNonce: 2 } });
      expect(await store.getAccount("0xdef")).to.equal(undefined);
      expect(await store.setProfileExtension("0xdef", { notSupportedMessageTypes: [] }, 4)).to.equal(false);
    });

    it("appends idempotently per (receiver, key), also for concurrent appends, and notifies once", async () => {
      const seen: string[] = [];
      store.onAppend((e) => seen.push(e.key));
      const results = await Promise.all([store.append(input("r1", "k1")), store.append(input("r1", "k1")), store.append(input("r2", "k1"))]);
      expect(results.map((r) => r.created).sort()).to.deep.equal([false, true, true]);
      expect(await store.count()).to.equal(2);
      expect(await store.count("r1")).to.equal(1);
      expect(seen.sort()).to.deep.equal(["k1", "k1"]);
    });

    it("stores concurrent appends (one group commit) in arrival order, each duplicate answered as one, each new envelope notified once", async () => {
      const seen: string[] = [];
      store.onAppend((e) => seen.push(e.key));
      await store.append(input("r", "k0"));
      // k0 was stored before; k3 comes twice in the same turn; k1..k5 are new.
      const keys = ["k1", "k0", "k2", "k3", "k3", "k4", "k5"];
      const results = await Promise.all(keys.map((k) => store.append(input("r", k))));
      expect(results.map((r) => r.created)).to.deep.equal([true, false, true, true, false, true, true]);
      expect(results.map((r) => r.envelope?.key)).to.deep.equal(["k1", undefined, "k2", "k3", undefined, "k4", "k5"]);
      const listed = await store.list("r", { now: 1000, limit: 10 });
      expect(listed.map((e) => e.key)).to.deep.equal(["k0", "k1", "k2", "k3", "k4", "k5"]);
      expect(listed.slice(1)).to.deep.equal(results.filter((r) => r.created).map((r) => r.envelope));
      expect(seen).to.deep.equal(["k0", "k1", "k2", "k3", "k4", "k5"]);
    });

    it("close() stores and answers appends still waiting for their commit; appends after it are refused", async () => {
      const pending = Array.from({ length: 20 }, (_, i) => store.append(input("r", `late${i}`)));
      await store.close();
      expect((await Promise.all(pending)).every((r) => r.created)).to.equal(true);
      await store.append(input("r", "after")).then(
        () => expect.fail("accepted after close"),
        (e: Error) => expect(e.message).to.equal("the store is closed"),
      );
      store = await reopen();
      expect(await store.count("r")).to.equal(20);
    });

    it("lists a receiver's live envelopes oldest first with a limit and a cursor; acknowledges by conversation and ref", async () => {
      for (let i = 0; i < 5; i++) await store.append(input("r", `k${i}`, i % 2 ? "r,bob.eth" : "r,alice.eth", { expiresAt: i === 4 ? 500 : null }));
      const live = await store.list("r", { now: 1000, limit: 10 });
      expect(live.map((e) => e.key)).to.deep.equal(["k0", "k1", "k2", "k3"]);
      expect((await store.list("r", { now: 1000, limit: 2, afterId: live[1].id })).map((e) => e.key)).to.deep.equal(["k2", "k3"]);
      expect(await store.get(live[0].id)).to.deep.equal(live[0]);
      expect(await store.ack("r", [{ conversation: "r,alice.eth", ref: "ref-k0" }, { conversation: "r,alice.eth", ref: "ref-k1" }, { conversation: "r,bob.eth", ref: "ref-k1" }])).to.equal(2);
      expect((await store.list("r", { now: 1000, limit: 10 })).map((e) => e.key)).to.deep.equal(["k2", "k3"]);
      expect(await store.ack("other", [{ conversation: "r,alice.eth", ref: "ref-k2" }])).to.equal(0);
    });

    it("records a used challenge once (also for concurrent calls); purge prunes it only after its expiry", async () => {
      expect(await store.consumeChallenge("c1", 2000)).to.equal(true);
      expect(await store.consumeChallenge("c1", 2000)).to.equal(false);
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.consumeChallenge("c2", 5000)));
      expect(concurrent.filter(Boolean)).to.have.length(1);
      await store.purge(1999, 0); // nothing has expired yet
      expect(await store.consumeChallenge("c1", 2000)).to.equal(false);
      await store.purge(2000, 0); // c1 has expired: pruned; c2 has not
      expect(await store.consumeChallenge("c2", 5000)).to.equal(false);
      expect(await store.consumeChallenge("c1", 2000)).to.equal(true);
    });

    it("purges expired envelopes and old receipts (a purged receipt lets the key be stored again)", async () => {
      await store.append(input("r", "old", undefined, { receivedAt: 10, expiresAt: 20 }));
      await store.append(input("r", "new", undefined, { receivedAt: 100, expiresAt: null }));
      expect(await store.purge(50, 50)).to.equal(1);
      expect(await store.count()).to.equal(1);
      expect((await store.append(input("r", "old"))).created).to.equal(true);
      expect((await store.append(input("r", "new"))).created).to.equal(false);
    });
  });
}

describe("MessageStore migrations", function () {
  this.timeout(30_000);
  it("SQLite: reopening applies nothing twice; the file is in WAL mode with synchronous=FULL", async () => {
    const dir = tempDir();
    const a = SqliteStore.open(dir);
    await a.append(input("r", "k"));
    await a.close();
    const b = SqliteStore.open(dir);
    expect(await b.count()).to.equal(1);
    expect(await b.schemaVersion()).to.equal(3);
    await b.close();
    const db = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).to.equal("wal");
    expect(db.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get()).to.deep.equal({ n: 3 });
    db.close();
  });

  it("SQLite: a database of schema version 1 (delivery service only) migrates to the latest and keeps its envelopes", async () => {
    const dir = tempDir();
    const v1 = new Database(path.join(dir, SQLITE_FILE));
    expect(migrateSqlite(v1, SQLITE_MIGRATIONS.filter((m) => m.version === 1))).to.equal(1);
    v1.prepare("INSERT INTO envelopes (receiver, conversation, key, ref, body, received_at, expires_at) VALUES ('r', 'r,alice.eth', 'k', 'ref-k', '{}', 1, NULL)").run();
    v1.close();
    const store = SqliteStore.open(dir);
    expect(await store.schemaVersion()).to.equal(3);
    expect(await store.count("r")).to.equal(1);
    expect(await store.billboards.countUnbatched("billboard.dm3.eth")).to.equal(0);
    await store.close();
  });

  it("PostgreSQL: instances starting together migrate once", async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const stores = await Promise.all([PostgresStore.open(url), PostgresStore.open(url), PostgresStore.open(url)]);
    expect(await Promise.all(stores.map((s) => s.schemaVersion()))).to.deep.equal([3, 3, 3]);
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe("PostgresStore: accounts cached per instance, dropped on every instance's write", function () {
  this.timeout(30_000);
  const EXT = { notSupportedMessageTypes: [] };
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  /** Polls `read` until it gives `want` (notifications are asynchronous), at most 2 s. */
  async function eventually<T>(read: () => Promise<T>, want: T): Promise<void> {
    const until = Date.now() + 2000;
    for (;;) {
      const got = await read();
      if (JSON.stringify(got) === JSON.stringify(want)) return;
      if (Date.now() > until) expect(got).to.deep.equal(want);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("serves repeated lookups from memory; a write at another instance reaches this one's cache (sign-up after a miss, spam rules)", async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const a = await PostgresStore.open(url);
    const b = await PostgresStore.open(url);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    open.push(a, b, { close: () => raw.end() });

    expect(await a.getAccount("0xabc")).to.equal(undefined); // a miss is cached too ...
    await b.putAccount("0xabc", "bob.eth", PROFILE, EXT, 1); // ... until B's sign-up announces the account
    await eventually(async () => (await a.getAccount("0xabc"))?.name, "bob.eth");

    // A row changed behind the stores' back (no notification) is not seen: A answers from memory.
    await raw.query("UPDATE accounts SET name = 'edited.eth' WHERE id = '0xabc'");
    expect((await a.getAccount("0xabc"))?.name).to.equal("bob.eth");
    expect(Object.isFrozen((await a.getAccount("0xabc"))!.profileExtension)).to.equal(true); // shared: read-only

    // B's write is announced: A drops its copy and reads the row again.
    expect(await b.setProfileExtension("0xabc", { ...EXT, spamFilterRules: { minNonce: 5 } }, 2)).to.equal(true);
    await eventually(async () => (await a.getAccount("0xabc"))?.profileExtension.spamFilterRules, { minNonce: 5 });
    expect((await a.getAccount("0xabc"))?.name).to.equal("edited.eth");
    // A's own write is visible to A at once.
    await a.setProfileExtension("0xabc", EXT, 3);
    expect((await a.getAccount("0xabc"))?.profileExtension).to.deep.equal(EXT);
    await eventually(async () => (await b.getAccount("0xabc"))?.profileExtension, EXT);
  });

  it("caches nothing while its LISTEN connection is down (writes may be missed), and again once it is back", async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const errors: string[] = [];
    const a = await PostgresStore.open(url, { onError: (m) => errors.push(m) });
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    open.push(a, { close: () => raw.end() });
    await a.putAccount("0xabc", "bob.eth", PROFILE, EXT, 1);
    expect((await a.getAccount("0xabc"))?.name).to.equal("bob.eth");

    const listener = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()";
    await raw.query(`SELECT pg_terminate_backend(pid) FROM (${listener}) l`);
    await eventually(async () => errors.length > 0, true);
    // Down: a write A cannot hear of is read at once.
    await raw.query("UPDATE accounts SET name = 'while-down.eth' WHERE id = '0xabc'");
    expect((await a.getAccount("0xabc"))?.name).to.equal("while-down.eth");

    // Back (it reconnects by itself): cached again, and invalidated by notifications again.
    await eventually(async () => (await raw.query(listener)).rowCount, 1);
    await eventually(async () => {
      const before = (await a.getAccount("0xabc"))?.updatedAt;
      await raw.query("UPDATE accounts SET updated_at = updated_at + 1 WHERE id = '0xabc'"); // unannounced
      return (await a.getAccount("0xabc"))?.updatedAt === before; // served from memory
    }, true);
    await raw.query(`UPDATE accounts SET name = 'announced.eth' WHERE id = '0xabc' RETURNING pg_notify('${ACCOUNTS_CHANNEL}', id)`);
    await eventually(async () => (await a.getAccount("0xabc"))?.name, "announced.eth");
  });
});
