import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { serveJsonRpc, type ServedChain } from "../../src/devnet/jsonRpcServer";
import { DeliveryServiceClient, type AnyEncryptionEnvelope } from "../../src/delivery";
import { sharedPostgres } from "../helpers/postgres";
import { freePort, spawnChild, type Child } from "../helpers/process";
import { deliveryFixture, sdkEnvelope, tempDir, type DeliveryFixture, type TestUser, leaveCleanChain } from "./fixtures";

const ENVELOPES = 240;
const CONCURRENCY = 24;
let prebuilt: AnyEncryptionEnvelope[] | undefined;

async function startChild(fx: DeliveryFixture, chain: ServedChain, port: number, storage: { dataDir?: string; databaseUrl?: string }): Promise<Child> {
  const child = spawnChild(process.execPath, ["-r", "ts-node/register/transpile-only", "test/delivery/dsChild.ts"], {
    DM3_DS_KEY_SEED: fx.dsSeed,
    DS_RPC_URL: chain.url,
    DS_PORT: String(port),
    ...(storage.dataDir ? { DS_DATA_DIR: storage.dataDir } : {}),
    ...(storage.databaseUrl ? { DS_DATABASE_URL: storage.databaseUrl } : {}),
  });
  await child.waitFor(/listening http/, 60_000);
  return child;
}

/** Every envelope's message string in the inboxes of `receivers`, with how often it appears. */
async function inboxCounts(client: DeliveryServiceClient, receivers: TestUser[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of receivers) {
    const token = await client.login(r.name, r.keys.signingKeyPair.privateKey);
    for (const e of await client.incoming(r.name, token)) counts.set(e.message, (counts.get(e.message) ?? 0) + 1);
  }
  return counts;
}

for (const backend of ["SQLite", "PostgreSQL"] as const) {
  describe(`delivery service killed with SIGKILL under load (${backend})`, function () {
    this.timeout(180_000);
    after(leaveCleanChain);
    let chain: ServedChain | undefined;
    let child: Child | undefined;
    after(async () => {
      child?.killGroup("SIGKILL");
      await chain?.close();
    });

    it("loses no envelope that got a success answer, and stores none twice", async () => {
      const fx = await loadFixture(deliveryFixture);
      const { alice, bob, mallory, erin } = fx.users;
      chain = await serveJsonRpc(hre.network.provider);
      const storage = backend === "SQLite" ? { dataDir: tempDir() } : { databaseUrl: await (await sharedPostgres()).createDatabase() };
      const port = await freePort();
      child = await startChild(fx, chain, port, storage);
      const client = new DeliveryServiceClient(`http://127.0.0.1:${port}`, { timeoutMs: 10_000 });
      await client.signUp(bob.name, bob.signedProfile);
      await client.signUp(alice.name, alice.signedProfile);

      // Sender-side work first (once for both back-ends: same chain snapshot, same keys).
      const senders = [alice, bob, mallory, erin];
      prebuilt ??= Array.from({ length: ENVELOPES }, (_, i) => {
        const from = senders[i % senders.length];
        return sdkEnvelope(fx, from, from === bob || i % 3 === 0 ? alice : bob, `crash test #${i}`);
      });
      const envelopes = prebuilt;

      const acknowledged = new Set<number>();
      let nextIndex = 0;
      let killed = false;
      const worker = async () => {
        while (nextIndex < envelopes.length) {
          const i = nextIndex++;
          try {
            await client.submit(envelopes[i]);
            acknowledged.add(i);
          } catch {
            /* no success answer: the envelope may or may not be stored */
          }
          if (!killed && acknowledged.size >= ENVELOPES / 3) {
            killed = true;
            child!.killGroup("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect(killed).to.equal(true);
      expect(await child.exited).to.equal("SIGKILL");
      const answeredBeforeKill = acknowledged.size;

      child = await startChild(fx, chain, port, storage);
      const afterRestart = await inboxCounts(client, [alice, bob]);
      for (const i of acknowledged) expect(afterRestart.get(envelopes[i].message), `envelope #${i}`).to.equal(1);
      for (const [, n] of afterRestart) expect(n).to.equal(1);
      const storedUnanswered = afterRestart.size - answeredBeforeKill;

      // The senders retry what got no answer: every envelope is then stored exactly once.
      const retry = envelopes.filter((_, i) => !acknowledged.has(i));
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let e = retry.pop(); e; e = retry.pop()) await client.submit(e);
      }));
      const final = await inboxCounts(client, [alice, bob]);
      expect(final.size).to.equal(ENVELOPES);
      for (const e of envelopes) expect(final.get(e.message)).to.equal(1);
      console.log(
        `      (${backend}: ${ENVELOPES} envelopes from ${senders.length} senders, ${CONCURRENCY} concurrent; ${answeredBeforeKill} answered success before SIGKILL, ` +
          `all ${answeredBeforeKill} found exactly once after restart, plus ${storedUnanswered} stored whose answer was lost; after retries ${final.size} stored exactly once)`,
      );
    });
  });
}
