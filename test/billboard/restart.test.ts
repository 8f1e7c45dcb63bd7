import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, reset } from "@nomicfoundation/hardhat-network-helpers";
import { Wallet, namehash } from "ethers";
import { Dm3BillboardAnchor__factory } from "../../typechain-types";
import { serveJsonRpc, type ServedChain } from "../../src/devnet/jsonRpcServer";
import { BillboardServiceClient, checkMessageInclusion, readBatchByRoot } from "../../src/billboard";
import { buildEnvelopes, createMessage, type EncryptionEnvelope } from "../../src/messaging";
import { PostgresStore, SqliteStore, type MessageStore } from "../../src/delivery";
import { sharedPostgres } from "../helpers/postgres";
import type { Child } from "../helpers/process";
import { tempDir } from "../delivery/fixtures";
import { ALICE_TEST_KEY, BOARD, serviceFixture, startServiceChild } from "./serviceFixtures";

const POSTS = 12;
const BATCH = 5;
for (const backend of ["SQLite", "PostgreSQL"] as const) {
  describe(`billboard service restarted mid-batch (${backend})`, function () {
    this.timeout(120_000);
    let chain: ServedChain | undefined;
    let child: Child | undefined;
    after(async () => {
      child?.killGroup("SIGKILL");
      await chain?.close();
      await reset();
    });

    it("killed after storing a batch and after sending its anchor: nothing lost, nothing anchored twice", async () => {
      const fx = await loadFixture(serviceFixture);
      expect(new Wallet(ALICE_TEST_KEY).address).to.equal(fx.users.alice.address);
      chain = await serveJsonRpc(hre.network.provider);
      const storage = backend === "SQLite" ? { dataDir: tempDir("dm3kit-bb-restart-") } : { databaseUrl: await (await sharedPostgres()).createDatabase() };
      const openStore = async (): Promise<MessageStore> => (storage.dataDir ? SqliteStore.open(storage.dataDir) : PostgresStore.open(storage.databaseUrl!));
      const anchor = Dm3BillboardAnchor__factory.connect(fx.anchorAddress, fx.provider);
      const client = new BillboardServiceClient(`http://127.0.0.1:${fx.port}`, { timeoutMs: 5000 });

      // Posts built up front (alternating senders), so that unanswered ones can be sent again.
      const senders = [fx.users.alice, fx.users.bob, fx.users.erin];
      const posts: { id: string; envelope: EncryptionEnvelope }[] = [];
      for (let i = 0; i < POSTS; i++) {
        const from = senders[i % senders.length];
        const message = createMessage(BOARD, from.name, `restart #${i}`, from.keys.signingKeyPair.privateKey);
        const built = await buildEnvelopes(from.keys, from.name, BOARD, message, { provider: fx.provider });
        posts.push({ id: built.envelopes[0].messageHash, envelope: built.envelopes[0].envelope });
      }
      const answered = new Set<string>();
      const submitAll = async () => {
        for (const p of posts) {
          if (answered.has(p.id)) continue;
          try {
            await client.rpc("dm3_submitMessage", [JSON.stringify(p.envelope)]);
            answered.add(p.id);
          } catch {
            /* no success answer: sent again later */
          }
        }
      };

      // 1. The fifth post completes a batch: it is stored (messages assigned, root) and the process dies before sending.
      child = startServiceChild(fx, chain.url, storage, { BB_BATCH_SIZE: String(BATCH), BB_CRASH_AT: "built" });
      await child.waitFor(/listening http/, 60_000);
      await submitAll();
      expect(await child.exited).to.equal("SIGKILL");
      const answeredBeforeKill = answered.size;
      expect(answeredBeforeKill).to.be.at.least(BATCH);
      let store = await openStore();
      const [built] = await store.billboards.batches(BOARD);
      expect(built).to.deep.include({ number: 0, state: "built", messageCount: BATCH, txHash: null });
      await store.close();
      expect(Number(await anchor.batchCount(namehash(BOARD)))).to.equal(0);

      // 2. Restarted: it sends the stored batch's anchor and dies before recording it.
      child = startServiceChild(fx, chain.url, storage, { BB_BATCH_SIZE: String(BATCH), BB_CRASH_AT: "sent" });
      expect(await child.exited).to.equal("SIGKILL");
      expect(Number(await anchor.batchCount(namehash(BOARD)))).to.equal(1);
      store = await openStore();
      expect((await store.billboards.batch(BOARD, 0))?.state).to.equal("sending");
      await store.close();

      // 3. Restarted for good: it finds batch #0 on chain (no second transaction), takes the rest and anchors it.
      child = startServiceChild(fx, chain.url, storage, { BB_BATCH_SIZE: String(BATCH), BB_BATCH_INTERVAL_MS: "200" });
      await child.waitFor(/listening http/, 60_000);
      await submitAll();
      expect(answered.size).to.equal(POSTS);
      const deadline = Date.now() + 20_000;
      let proofs = await Promise.all(posts.map((p) => client.getProof(BOARD, p.id)));
      while (proofs.some((p) => p.status !== "anchored") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        proofs = await Promise.all(posts.map((p) => client.getProof(BOARD, p.id)));
      }
      expect(proofs.map((p) => p.status)).to.deep.equal(posts.map(() => "anchored"));

      // Every post is in exactly one batch and proves on chain; the chain has exactly the service's batches.
      store = await openStore();
      const batches = await store.billboards.batches(BOARD);
      await store.close();
      expect(batches.reduce((n, b) => n + b.messageCount, 0)).to.equal(POSTS);
      expect(Number(await anchor.batchCount(namehash(BOARD)))).to.equal(batches.length);
      expect(batches.map((b) => b.sequence)).to.deep.equal(batches.map((_, i) => i));
      expect(batches[0].txHash).to.match(/^0x[0-9a-f]{64}$/); // found through its BatchAnchored event
      for (const b of batches) expect((await readBatchByRoot(fx.provider, fx.anchorAddress, b.root))?.sequence).to.equal(b.sequence);
      for (const p of proofs) expect((await checkMessageInclusion(fx.provider, fx.anchorAddress, p.proof!, p.message)).included).to.equal(true);
      console.log(
        `      (${backend}: ${answeredBeforeKill} posts answered before the first SIGKILL, batch #0 stored then killed, its anchor sent then killed, found on chain after restart; ` +
          `${POSTS} posts in ${batches.length} batches (${batches.map((b) => b.messageCount).join(" + ")}), ${batches.length} anchors on chain)`,
      );
    });
  });
}
