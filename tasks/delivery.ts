// Delivery-service tasks: run one (dm3:ds), send a message (dm3:send), read an inbox (dm3:inbox).
// Thin: parse arguments, call src/delivery (imported lazily), print (JSON with --json).
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ensProvider, findDeploymentManifest, guarded, output, splitList } from "./util";
import { typedName } from "./profile";

/** The wallet's dm3 keys (derived as dm3:keys does) and its ENS name (given, else its primary name). */
export async function identity(hre: HardhatRuntimeEnvironment, privateKey: string, nonce: string | undefined, name: string | undefined, manifest?: string) {
  const { Wallet } = await import("ethers");
  const { deriveProfileKeys, DEFAULT_NONCE } = await import("../src/keys");
  const wallet = new Wallet(privateKey);
  const keys = await deriveProfileKeys(wallet, nonce ?? DEFAULT_NONCE);
  const provider = await ensProvider(hre, manifest);
  const own = name ? await typedName(name) : await provider.lookupAddress(wallet.address);
  if (!own) throw new Error(`${wallet.address} has no primary ENS name: pass --name`);
  return { wallet, keys, provider, name: own };
}

task("dm3:ds", "Runs a dm3 delivery service on --network's ENS (keys from DM3_DS_KEY_SEED, never from flags)")
  .addOptionalParam("port", "Port (0 picks a free one)", 8548, types.int)
  .addOptionalParam("host", "Interface to listen on", "127.0.0.1", types.string)
  .addOptionalParam("dataDir", "SQLite data directory (used without --database-url)", "data/delivery", types.string)
  .addOptionalParam("databaseUrl", "PostgreSQL URL (default: env DATABASE_URL); several instances may share one", undefined, types.string)
  .addOptionalParam("name", "This delivery service's ENS name (sign-up then requires profiles to list it)", undefined, types.string)
  .addOptionalParam("sizeLimit", "Largest accepted envelope in bytes", 100_000, types.int)
  .addOptionalParam("messageTtl", "Envelope lifetime in ms (0: until acknowledged)", 30 * 24 * 3600 * 1000, types.int)
  .addOptionalParam("manifest", "Deployment manifest (ENS registry address)", undefined, types.string)
  .addOptionalParam("ruleSets", "Dm3RuleSets address evaluating rule-set, minBalance and minTokenBalance spam rules (default: the deployment manifest's, if any)", undefined, types.string)
  .addOptionalParam("logLevel", "pino log level", "info", types.string)
  .addOptionalParam("allowedOrigins", "Comma-separated browser origins that may call it (default none)", "", types.string)
  .addOptionalParam("rateLimit", "Per-client limit of submit, auth and sign-up: perSecond:burst (default 20:200), or off", undefined, types.string)
  .addOptionalParam("trustProxy", "Reverse proxies in front whose X-Forwarded-For entry names the client (default 0: the header is ignored)", 0, types.int)
  .setAction(async (args: { port: number; host: string; dataDir: string; databaseUrl?: string; name?: string; sizeLimit: number; messageTtl: number; manifest?: string; ruleSets?: string; logLevel: string; allowedOrigins: string; rateLimit?: string; trustProxy: number }, hre) =>
    guarded(async () => {
      const { CachedChainReader, EnsDirectory, deliveryServiceKeysFromEnv, openStore, parseRateLimit, startDeliveryService, tokenGateFromChecker } = await import("../src/delivery");
      const rateLimit = args.rateLimit === undefined ? undefined : parseRateLimit(args.rateLimit);
      const keys = deliveryServiceKeysFromEnv();
      const provider = await ensProvider(hre, args.manifest);
      const { RULE_SETS_KEY } = await import("../deploy/gate");
      const ruleSets = args.ruleSets ?? (await findDeploymentManifest(hre, args.manifest))?.contracts[RULE_SETS_KEY]?.address;
      const { createGateChecker } = await import("../src/gate");
      const tokenGate = ruleSets ? tokenGateFromChecker(createGateChecker({ provider, ruleSets })) : undefined;
      const store = await openStore({ databaseUrl: args.databaseUrl ?? process.env.DATABASE_URL, dataDir: args.dataDir });
      const ds = await startDeliveryService({
        keys,
        store,
        directory: new EnsDirectory(provider),
        chain: new CachedChainReader(provider),
        tokenGate,
        name: args.name ? await typedName(args.name) : undefined,
        host: args.host,
        port: args.port,
        sizeLimit: args.sizeLimit,
        messageTtlMs: args.messageTtl,
        logger: args.logLevel,
        allowedOrigins: splitList(args.allowedOrigins),
        rateLimit,
        trustProxy: args.trustProxy,
      });
      console.error(`dm3 delivery service listening on ${ds.url} (${store.kind}); encryption key ${keys.encryptionKeyPair.publicKey}, signing key ${keys.signingKeyPair.publicKey}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await ds.close();
    }),
  );

task("dm3:send", "Sends a dm3 message: signs, encrypts to the receiver, submits to each of its delivery services")
  .addParam("privateKey", "0x-hex private key of the sender's account (dm3 keys are derived from it)", undefined, types.string)
  .addParam("to", "Receiver ENS name", undefined, types.string)
  .addParam("message", "Text", undefined, types.string)
  .addOptionalParam("name", "Sender ENS name (default: the account's primary name)", undefined, types.string)
  .addOptionalParam("nonce", "Key-derivation nonce (default: dm3's DEFAULT_NONCE)", undefined, types.string)
  .addOptionalParam("manifest", "Deployment manifest (ENS registry address)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { privateKey: string; to: string; message: string; name?: string; nonce?: string; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const { sendMessage } = await import("../src/delivery");
      const me = await identity(hre, args.privateKey, args.nonce, args.name, args.manifest);
      const to = await typedName(args.to);
      const report = await sendMessage(me.provider, me.keys, me.name, to, args.message);
      output(args.json, { from: me.name, to, ...report }, () => [
        `${me.name} -> ${to}: message ${report.messageHash}`,
        ...report.delivered.map((d) => `  delivered to ${d.deliveryService} (${d.url})`),
        ...report.failed.map((f) => `  not delivered to ${f.deliveryService}: ${f.reason}`),
      ]);
    }),
  );

task("dm3:inbox", "Fetches, decrypts and verifies the messages waiting at the account's delivery services")
  .addParam("privateKey", "0x-hex private key of the receiver's account (dm3 keys are derived from it)", undefined, types.string)
  .addOptionalParam("name", "Receiver ENS name (default: the account's primary name)", undefined, types.string)
  .addOptionalParam("nonce", "Key-derivation nonce (default: dm3's DEFAULT_NONCE)", undefined, types.string)
  .addOptionalParam("manifest", "Deployment manifest (ENS registry address)", undefined, types.string)
  .addFlag("ack", "Acknowledge what was fetched (the delivery service drops it)")
  .addFlag("json", "Print JSON with each message's verification verdicts")
  .setAction(async (args: { privateKey: string; name?: string; nonce?: string; manifest?: string; ack: boolean; json: boolean }, hre) =>
    guarded(async () => {
      const { fetchInbox } = await import("../src/delivery");
      const { formatInbox } = await import("../deploy/delivery");
      const me = await identity(hre, args.privateKey, args.nonce, args.name, args.manifest);
      const entries = await fetchInbox(me.provider, me.keys, me.name, { ack: args.ack });
      const json = entries.map((e) =>
        e.ok
          ? {
              ok: true,
              deliveryService: e.deliveryService,
              from: e.opened.message.metadata.from,
              to: e.opened.message.metadata.to,
              timestamp: e.opened.message.metadata.timestamp,
              type: e.opened.message.metadata.type,
              message: e.opened.message.message,
              messageHash: e.opened.messageHash,
              receivedAt: e.opened.postmark?.incommingTimestamp,
              verdicts: e.opened.checks,
            }
          : { ok: false, deliveryService: e.deliveryService, error: e.error },
      );
      output(args.json, { name: me.name, acknowledged: args.ack, messages: json }, () => [...formatInbox(me.name, entries), ...(args.ack && entries.length ? [`  (${entries.length} acknowledged)`] : [])]);
    }),
  );
