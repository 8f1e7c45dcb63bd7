import { expect } from "chai";
import { PostgresStore, SqliteStore, SQLITE_FILE, SQLITE_MIGRATIONS, migrateSqlite, type MessageStore, type StoredEnvelope } from "../../src/delivery";
import Database from "better-sqlite3";
import path from "node:path";
import { sharedPostgres } from "../helpers/postgres";
import { tempDir } from "./fixtures";

const PROFILE = { profile: { publicEncryptionKey: "e", publicSigningKey: "s", deliveryServices: ["ds.dm3.eth"] }, signature: "0x" };

function input(receiver: string, key: string, conversation = `${receiver},alice.eth`, extra: Partial<StoredEnvelope> = {}) {
  return { receiver, conversation, key, ref: `ref-${key}`, body: JSON.stringify({ key }), receivedAt: 1000, expiresAt: null, ...extra };
}

const backends: Array<[string, () => Promise<MessageStore>]> = [
  ["SQLite", async () => SqliteStore.open(tempDir())],
  ["PostgreSQL", async () => PostgresStore.open(await (await sharedPostgres()).createDatabase())],
];

for (const [kind, open] of backends) {
  describe(`MessageStore on ${kind}`, function () {
    this.timeout(30_000);
    let store: MessageStore;
    beforeEach(async () => {
      store = await open();
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
