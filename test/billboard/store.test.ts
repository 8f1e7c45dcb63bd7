import { expect } from "chai";
import { PostgresStore, SqliteStore, StorageError, type BillboardMessageInput, type MessageStore } from "../../src/delivery";
import { sharedPostgres } from "../helpers/postgres";
import { tempDir } from "../delivery/fixtures";

const BOARD = "billboard.dm3.eth";
const ALICE = "0x00000000000000000000000000000000000a11ce";

function msg(i: number, extra: Partial<BillboardMessageInput> = {}): BillboardMessageInput {
  const id = `0x${i.toString(16).padStart(64, "0")}`;
  return { billboard: BOARD, id, sender: i % 2 ? "bob.eth" : "alice.eth", senderAddress: i % 2 ? "0xb0b" : ALICE, timestamp: 1000 + i, body: JSON.stringify({ i }), receivedAt: 5000 + i, ...extra };
}

const backends: Array<[string, () => Promise<MessageStore>]> = [
  ["SQLite", async () => SqliteStore.open(tempDir("dm3kit-bb-store-"))],
  ["PostgreSQL", async () => PostgresStore.open(await (await sharedPostgres()).createDatabase())],
];

for (const [kind, open] of backends) {
  describe(`BillboardStore on ${kind}`, function () {
    this.timeout(30_000);
    let store: MessageStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => store.close());

    it("stores a message once per (billboard, id) and pages by time, newest page first, oldest first within it", async () => {
      const bb = store.billboards;
      const results = await Promise.all([bb.append(msg(1)), bb.append(msg(1)), bb.append(msg(1, { billboard: "other.dm3.eth" }))]);
      expect(results.map((r) => r.created).sort()).to.deep.equal([false, true, true]);
      for (let i = 2; i <= 6; i++) await bb.append(msg(i));
      expect((await bb.list(BOARD, { limit: 50 })).map((m) => m.timestamp)).to.deep.equal([1001, 1002, 1003, 1004, 1005, 1006]);
      expect((await bb.list(BOARD, { limit: 2 })).map((m) => m.timestamp)).to.deep.equal([1005, 1006]);
      // the reference's paging: `time` is the newest wanted (inclusive)
      expect((await bb.list(BOARD, { before: 1003, limit: 2 })).map((m) => m.timestamp)).to.deep.equal([1002, 1003]);
      const one = await bb.get(BOARD, msg(3).id);
      expect(one).to.deep.include({ billboard: BOARD, id: msg(3).id, sender: "bob.eth", senderAddress: "0xb0b", timestamp: 1003, receivedAt: 5003, batch: null, hidden: false });
      expect(await bb.get(BOARD, msg(99).id)).to.equal(undefined);
    });

    it("assigns messages to numbered batches exactly once and tracks their anchoring", async () => {
      const bb = store.billboards;
      for (let i = 1; i <= 5; i++) await bb.append(msg(i));
      expect(await bb.countUnbatched(BOARD)).to.equal(5);
      const first = await bb.unbatched(BOARD, 3);
      expect(first.map((m) => m.timestamp)).to.deep.equal([1001, 1002, 1003]);
      const b0 = await bb.createBatch({ billboard: BOARD, root: `0x${"aa".repeat(32)}`, messageCount: 3, firstTimestamp: 1001, lastTimestamp: 1003, createdAt: 7 }, first.map((m) => m.id));
      expect(b0).to.deep.include({ number: 0, state: "built", txHash: null, sequence: null, messageCount: 3 });
      // a message already in a batch: nothing is stored
      const rest = await bb.unbatched(BOARD, 10);
      const overlapping = bb.createBatch({ billboard: BOARD, root: `0x${"bb".repeat(32)}`, messageCount: 3, firstTimestamp: 1003, lastTimestamp: 1005, createdAt: 8 }, [first[2].id, ...rest.map((m) => m.id)]);
      await expect(overlapping).to.be.rejectedWith(StorageError, /already in a batch/);
      expect(await bb.batches(BOARD)).to.have.length(1);
      expect(await bb.countUnbatched(BOARD)).to.equal(2);
      const b1 = await bb.createBatch({ billboard: BOARD, root: `0x${"cc".repeat(32)}`, messageCount: 2, firstTimestamp: 1004, lastTimestamp: 1005, createdAt: 9 }, rest.map((m) => m.id));
      expect(b1.number).to.equal(1);
      expect((await bb.batchMessages(BOARD, 0)).map((m) => m.batch)).to.deep.equal([0, 0, 0]);

      await bb.updateBatch(BOARD, 0, { state: "sending" });
      await bb.updateBatch(BOARD, 0, { txHash: "0x01" });
      await bb.updateBatch(BOARD, 0, { state: "anchored", sequence: 4, blockNumber: 12, anchoredAt: 1700000000, gasUsed: "60000" });
      expect(await bb.batch(BOARD, 0)).to.deep.include({ state: "anchored", txHash: "0x01", sequence: 4, blockNumber: 12, anchoredAt: 1700000000, gasUsed: "60000" });
      expect((await bb.batches(BOARD, { unanchored: true })).map((b) => b.number)).to.deep.equal([1]);
      await expect(bb.updateBatch(BOARD, 7, { state: "sending" })).to.be.rejectedWith(StorageError, /does not exist/);
    });

    it("hides deleted messages and every message of a suspended sender (by name or address), keeping them for their batch", async () => {
      const bb = store.billboards;
      for (let i = 1; i <= 4; i++) await bb.append(msg(i));
      const entry = { billboard: BOARD, mediator: "alice.eth", signature: "sig", at: 1 };
      expect(await bb.moderate({ ...entry, kind: "message", target: msg(2).id })).to.deep.equal({ created: true });
      expect(await bb.moderate({ ...entry, kind: "message", target: msg(2).id })).to.deep.equal({ created: false });
      expect((await bb.list(BOARD, { limit: 10 })).map((m) => m.timestamp)).to.deep.equal([1001, 1003, 1004]);
      expect((await bb.get(BOARD, msg(2).id))?.hidden).to.equal(true);

      expect(await bb.isSuspended(BOARD, "bob.eth", "0xb0b")).to.equal(false);
      await bb.moderate({ ...entry, kind: "sender", target: "0xb0b" });
      expect(await bb.isSuspended(BOARD, "bob.eth", "0xb0b")).to.equal(true);
      expect(await bb.isSuspended("other.dm3.eth", "bob.eth", "0xb0b")).to.equal(false);
      expect((await bb.list(BOARD, { limit: 10 })).map((m) => m.timestamp)).to.deep.equal([1004]);
      await bb.moderate({ ...entry, kind: "sender", target: "alice.eth" });
      expect(await bb.list(BOARD, { limit: 10 })).to.deep.equal([]);
      expect((await bb.unbatched(BOARD, 10)).map((m) => m.hidden)).to.deep.equal([true, true, true, true]);
    });
  });
}
