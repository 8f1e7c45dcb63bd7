// A billboard service in its own process, for the restart tests: configuration from the
// environment, prints "listening <url>" when ready. BB_CRASH_AT=built|sent makes it kill itself
// with SIGKILL at that anchoring stage (after a batch is stored, after its anchor transaction is
// sent and before it is recorded).
import { Wallet } from "ethers";
import { ensJsonRpcProvider } from "../../src/ens/provider";
import { EnsDirectory, deliveryServiceKeysFromSeed, openStore } from "../../src/delivery";
import { startBillboardService, type AnchorStage } from "../../src/billboardService";

async function main(): Promise<void> {
  const env = process.env;
  const provider = ensJsonRpcProvider(env.BB_RPC_URL!, 31337);
  const keys = deliveryServiceKeysFromSeed(env.BB_KEY_SEED!);
  const store = await openStore({ dataDir: env.BB_DATA_DIR, databaseUrl: env.BB_DATABASE_URL });
  const crashAt = env.BB_CRASH_AT as AnchorStage | undefined;
  const service = await startBillboardService({
    billboards: [{ name: env.BB_BILLBOARD!, encryptionKeyPair: keys.encryptionKeyPair, mediators: ["alice.eth"] }],
    deliveryServiceKeys: keys,
    store,
    directory: new EnsDirectory(provider),
    anchoring: {
      signer: new Wallet(env.BB_ANCHOR_KEY!, provider),
      anchor: env.BB_ANCHOR!,
      batchSize: Number(env.BB_BATCH_SIZE ?? 256),
      batchIntervalMs: Number(env.BB_BATCH_INTERVAL_MS ?? 0),
    },
    onAnchorStage: (stage) => {
      if (stage === crashAt) process.kill(process.pid, "SIGKILL");
    },
    port: Number(env.BB_PORT ?? 0),
    logger: "silent",
    // The restart tests and the benchmark post thousands of messages from 127.0.0.1.
    rateLimit: false,
  });
  console.log(`listening ${service.url}`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

// Only as a process of its own: mocha also loads every file under test/.
if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
