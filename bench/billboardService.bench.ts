import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { namehash } from "ethers";
import { serveJsonRpc } from "../src/devnet/jsonRpcServer";
import { BillboardServiceClient, anchorBatch, buildBatch } from "../src/billboard";
import { poster, signedMessages } from "../test/billboard/fixtures";
import { buildEnvelope, createMessage, type EncryptionEnvelope } from "../src/messaging";
import { PostgresStore, SqliteStore } from "../src/delivery";
import { Dm3BillboardAnchor__factory } from "../typechain-types";
import { BOARD, serviceFixture, startServiceChild, type ServiceFixture } from "../test/billboard/serviceFixtures";
import { tempDir } from "../test/delivery/fixtures";
import { sharedPostgres, stopSharedPostgres } from "../test/helpers/postgres";

export const description =
  "billboard service: posts accepted per second and submit latency (p50/p99) for SQLite and PostgreSQL (envelopes pre-built, service in its own process: envelope, sender profile, message signature, storage), then one batch of all of them built and anchored: time and gas";

const POSTS = Number(process.env.BB_BENCH_POSTS ?? 2000);
const CONCURRENCY = Number(process.env.BB_BENCH_CONCURRENCY ?? 32);
const WARMUP = 100;
function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))].toFixed(2));
}

function envelopes(fx: ServiceFixture, n: number, offset: number): EncryptionEnvelope[] {
  const senders = [fx.users.alice, fx.users.bob, fx.users.erin, fx.users.mallory];
  const ds = { publicEncryptionKey: fx.boardKeys.encryptionKeyPair.publicKey, publicSigningKey: fx.boardKeys.signingKeyPair.publicKey, url: "" };
  return Array.from({ length: n }, (_, i) => {
    const from = senders[i % senders.length];
    const message = createMessage(BOARD, from.name, `bench post #${offset + i}`, from.keys.signingKeyPair.privateKey);
    return buildEnvelope(message, { from: from.name, to: BOARD, receiverEncryptionKey: fx.boardKeys.encryptionKeyPair.publicKey, deliveryService: ds, senderSigningKey: from.keys.signingKeyPair.privateKey }).envelope;
  });
}

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const fx = await serviceFixture();
  const chain = await serveJsonRpc(hre.network.provider);
  const anchor = Dm3BillboardAnchor__factory.connect(fx.anchorAddress, fx.provider);
  // The billboard's first anchor also gives it its id on the contract: done here, so the runs below measure the steady state.
  const first = await anchorBatch(fx.users.alice.signer, fx.anchorAddress, buildBatch(BOARD, signedMessages([await poster(fx.users.alice.signer, "alice.eth")], BOARD, 1)));
  const results: Record<string, unknown> = { posts: POSTS, concurrency: CONCURRENCY, firstAnchorOfTheBillboardGas: Number(first.gasUsed) };
  let batchesBefore = 1;
  try {
    for (const backend of ["sqlite", "postgres"] as const) {
      console.log(`  ${backend}: building ${POSTS + WARMUP} envelopes (sender side, not measured)`);
      const all = envelopes(fx, POSTS + WARMUP, backend === "sqlite" ? 0 : 1_000_000);
      const storage = backend === "sqlite" ? { dataDir: tempDir("dm3kit-bb-bench-") } : { databaseUrl: await (await sharedPostgres()).createDatabase() };
      // One batch of everything: built and anchored when the last post arrives.
      const child = startServiceChild(fx, chain.url, storage, { BB_BATCH_SIZE: String(POSTS + WARMUP) });
      try {
        await child.waitFor(/listening http/, 60_000);
        const client = new BillboardServiceClient(`http://127.0.0.1:${fx.port}`, { timeoutMs: 60_000 });
        for (const e of all.slice(0, WARMUP)) await client.rpc("dm3_submitMessage", [JSON.stringify(e)]);
        const load = all.slice(WARMUP);
        const latencies: number[] = [];
        let next = 0;
        const started = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < load.length) {
              const e = load[next++];
              const t0 = process.hrtime.bigint();
              await client.rpc("dm3_submitMessage", [JSON.stringify(e)]);
              latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            }
          }),
        );
        const loadedAt = process.hrtime.bigint();
        const seconds = Number(loadedAt - started) / 1e9;
        latencies.sort((a, b) => a - b);
        while (Number(await anchor.batchCount(namehash(BOARD))) === batchesBefore) await new Promise((r) => setTimeout(r, 20));
        const anchorMs = Math.round(Number(process.hrtime.bigint() - loadedAt) / 1e6);
        batchesBefore++;
        child.killGroup("SIGTERM");
        await child.exited;
        const store = storage.dataDir ? SqliteStore.open(storage.dataDir) : await PostgresStore.open(storage.databaseUrl!);
        const [batch] = await store.billboards.batches(BOARD);
        await store.close();
        results[backend] = {
          postsPerSec: Math.round(load.length / seconds),
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          batchMessages: batch.messageCount,
          buildAndAnchorMs: anchorMs,
          anchorGas: Number(batch.gasUsed),
        };
        console.log(`  ${backend}: ${JSON.stringify(results[backend])}`);
      } finally {
        child.killGroup("SIGKILL");
      }
    }
  } finally {
    await chain.close();
    await stopSharedPostgres();
  }
  return results;
}
