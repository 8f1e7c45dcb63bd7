import type { HardhatRuntimeEnvironment } from "hardhat/types";
import os from "node:os";
import { serveJsonRpc } from "../src/devnet/jsonRpcServer";
import { DeliveryServiceClient, type AnyEncryptionEnvelope, type StageTimings } from "../src/delivery";
import { deliveryFixture, sdkEnvelope, tempDir, type DeliveryFixture } from "../test/delivery/fixtures";
import { sharedPostgres, stopSharedPostgres } from "../test/helpers/postgres";
import { freePort, spawnChild, type Child } from "../test/helpers/process";

export const description =
  "delivery service: envelopes accepted per second and submit latency (p50/p99) for SQLite and PostgreSQL, envelopes pre-built (sender work excluded), DS in its own process; per-envelope time by pipeline stage";

const ENVELOPES = Number(process.env.DS_BENCH_ENVELOPES ?? 3000);
const CONCURRENCY = Number(process.env.DS_BENCH_CONCURRENCY ?? 32);
const WARMUP = 200;
const SEQUENTIAL = 200;

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))].toFixed(2));
}

async function startDs(fx: DeliveryFixture, rpcUrl: string, storage: Record<string, string>, crypto = "sdk"): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  // DS_BENCH_CPU_PROF=<dir>: the delivery service writes a V8 CPU profile there on exit.
  const prof = process.env.DS_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.DS_BENCH_CPU_PROF}`] : [];
  const child = spawnChild(process.execPath, [...prof, "-r", "ts-node/register/transpile-only", "test/delivery/dsChild.ts"], {
    DM3_DS_KEY_SEED: fx.dsSeed,
    DS_RPC_URL: rpcUrl,
    DS_PORT: String(port),
    DS_TIMINGS: "1",
    DS_CRYPTO: crypto,
    ...storage,
  });
  await child.waitFor(/listening http/, 60_000);
  return { child, url: `http://127.0.0.1:${port}` };
}

async function load(client: DeliveryServiceClient, envelopes: AnyEncryptionEnvelope[], concurrency = CONCURRENCY): Promise<{ perSec: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < envelopes.length) {
        const e = envelopes[next++];
        const t0 = process.hrtime.bigint();
        await client.submit(e);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSec: Math.round(envelopes.length / seconds), latencies: latencies.sort((a, b) => a - b) };
}

function perEnvelope(t: StageTimings): Record<string, number> {
  const out: Record<string, number> = {};
  let total = 0;
  for (const [k, v] of Object.entries(t)) {
    if (k === "count") continue;
    out[`${k}Us`] = Math.round(v / t.count / 1000);
    total += v;
  }
  out.pipelineTotalUs = Math.round(total / t.count / 1000);
  return out;
}

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const fx = await deliveryFixture();
  const chain = await serveJsonRpc(hre.network.provider);
  const { alice, bob, mallory, erin } = fx.users;
  const senders = [alice, mallory, erin];
  console.log(`  building ${ENVELOPES + WARMUP + SEQUENTIAL} envelopes (sender side, not measured)`);
  const envelopes: AnyEncryptionEnvelope[] = [];
  for (let i = 0; i < ENVELOPES + WARMUP + SEQUENTIAL; i++) envelopes.push(sdkEnvelope(fx, senders[i % senders.length], bob, `bench message #${i}`));
  const size = Buffer.byteLength(JSON.stringify(envelopes[0]));

  const results: Record<string, unknown> = { envelopes: ENVELOPES, concurrency: CONCURRENCY, senders: senders.length, envelopeBytes: size, loadAverageBefore: os.loadavg() };
  const timingsOf = async (url: string) => (await (await fetch(`${url}/debug/timings`)).json()) as StageTimings;
  const diff = (a: StageTimings, b: StageTimings) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - a[k as keyof StageTimings]])) as unknown as StageTimings;
  // Our pipeline on both back-ends, and the same with the reference library's envelope crypto (SQLite) for comparison.
  const runs: Array<[string, "sqlite" | "sqliteNormal" | "postgres", string, number]> = [
    ["sqlite", "sqlite", "sdk", ENVELOPES],
    ["sqliteSynchronousNormal", "sqliteNormal", "sdk", ENVELOPES],
    ["postgres", "postgres", "sdk", ENVELOPES],
    ["sqliteWithReferenceCrypto", "sqlite", "reference", Math.min(ENVELOPES, 1000)],
  ];
  try {
    for (const [label, backend, crypto, count] of runs) {
      const storage: Record<string, string> =
        backend === "postgres" ? { DS_DATABASE_URL: await (await sharedPostgres()).createDatabase() } : { DS_DATA_DIR: tempDir(), DS_SQLITE_DURABILITY: backend === "sqliteNormal" ? "normal" : "full" };
      const { child, url } = await startDs(fx, chain.url, storage, crypto);
      try {
        const client = new DeliveryServiceClient(url);
        await client.signUp(bob.name, bob.signedProfile);
        await load(client, envelopes.slice(0, WARMUP)); // warm caches (sender profiles, receiver) and JIT
        const t0 = await timingsOf(url);
        const { perSec, latencies } = await load(client, envelopes.slice(WARMUP, WARMUP + count));
        const t1 = await timingsOf(url);
        // Where the time goes: one envelope at a time, so each stage's time is its own cost.
        const sequential = await load(client, envelopes.slice(WARMUP + count, WARMUP + count + SEQUENTIAL), 1);
        const t2 = await timingsOf(url);
        results[label] = {
          acceptedPerSec: perSec,
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          underLoadPerEnvelope: perEnvelope(diff(t0, t1)),
          oneAtATime: { p50Ms: percentile(sequential.latencies, 50), perEnvelope: perEnvelope(diff(t1, t2)) },
        };
        console.log(`  ${label}: ${perSec} envelopes/s, p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`);
      } finally {
        child.killGroup("SIGTERM");
        await child.exited;
      }
    }
  } finally {
    await chain.close();
    await stopSharedPostgres();
  }
  results.loadAverageAfter = os.loadavg();
  return results;
}
