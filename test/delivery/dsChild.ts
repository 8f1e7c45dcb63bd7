// A delivery service in its own process, for the crash tests: configuration from the
// environment, reference-library envelope crypto, prints "listening <url>" when ready.
import { ensJsonRpcProvider } from "../../src/ens/provider";
import { EnsDirectory, deliveryServiceKeysFromEnv, openStore, startDeliveryService } from "../../src/delivery";
import { referenceEnvelopeCrypto } from "./referenceCrypto";

async function main(): Promise<void> {
  const env = process.env;
  const provider = ensJsonRpcProvider(env.DS_RPC_URL!, 31337);
  const store = await openStore({ dataDir: env.DS_DATA_DIR, databaseUrl: env.DS_DATABASE_URL, sqliteDurability: env.DS_SQLITE_DURABILITY === "normal" ? "normal" : "full" });
  const ds = await startDeliveryService({
    keys: deliveryServiceKeysFromEnv(),
    store,
    directory: new EnsDirectory(provider),
    // The SDK's messaging module unless asked for the reference library's (benchmark comparison).
    crypto: env.DS_CRYPTO === "reference" ? referenceEnvelopeCrypto : undefined,
    logger: "silent",
    port: Number(env.DS_PORT ?? 0),
    timings: env.DS_TIMINGS === "1",
    // The crash test and the benchmark send thousands of envelopes from 127.0.0.1: no rate
    // limit, so throughput stays comparable with runs before it existed.
    rateLimit: false,
  });
  console.log(`listening ${ds.url}`);
  const stop = () => void ds.close().then(() => process.exit(0));
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
