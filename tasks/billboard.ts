// Billboard tasks: anchor a batch file, verify a message (from a batch file or the billboard
// service), post to a billboard, run a billboard service. Thin: parse arguments, call
// src/billboard or src/billboardService (imported lazily: the config must load before TypeChain
// types exist), print text or JSON (--json). Errors: one line with the error code, exit code 1.
import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { accountSigner, ensProvider, findDeploymentManifest, guarded, loadDeploymentManifest, manifestContract, output, splitList } from "./util";
import { typedName } from "./profile";

interface BatchArgs {
  messages: string;
  billboard?: string;
  anchor?: string;
  manifest?: string;
  json: boolean;
}

/** The batch in the `--messages` file (billboard from `--billboard`, typed input normalized) and the anchor contract's address. */
async function loadBatch(hre: HardhatRuntimeEnvironment, args: BatchArgs) {
  const { BILLBOARD_ANCHOR_KEY } = await import("../deploy/billboard");
  const { batchFromFile } = await import("../src/billboard");
  const { normalizeName } = await import("../src/names");
  const anchor = args.anchor ?? manifestContract(await loadDeploymentManifest(hre, args.manifest), BILLBOARD_ANCHOR_KEY, "billboard");
  const batch = batchFromFile(fs.readFileSync(args.messages, "utf8"), args.billboard === undefined ? undefined : normalizeName(args.billboard));
  return { anchor, batch };
}

function batchTask(name: string, description: string, messagesRequired = true) {
  const messages = "JSON file: an array of dm3 messages, or {billboard, messages}";
  const t = task(name, description);
  return (messagesRequired ? t.addParam("messages", messages, undefined, types.inputFile) : t.addOptionalParam("messages", `${messages} (default: ask the billboard service)`, undefined, types.inputFile))
    .addOptionalParam("billboard", "Billboard name (default: the file's, else the name the messages are addressed to)", undefined, types.string)
    .addOptionalParam("anchor", "Anchor contract address (default: the manifest's dm3BillboardAnchor)", undefined, types.string)
    .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
    .addFlag("json", "Print JSON");
}

batchTask("dm3:billboard:anchor", "Anchors a batch of billboard messages on chain (one transaction, whatever the size); the account must own the billboard name or mediate for its owner")
  .addOptionalParam("uri", "Where the batch's messages can be fetched (emitted with the anchor)", "", types.string)
  .addOptionalParam("account", "Index of the sending account", 0, types.int)
  .setAction(async (args: BatchArgs & { uri: string; account: number }, hre) =>
    guarded(async () => {
      const { anchorBatch } = await import("../src/billboard");
      const { anchor, batch } = await loadBatch(hre, args);
      const r = await anchorBatch(await accountSigner(hre, args.account), anchor, batch, { uri: args.uri });
      output(args.json, { billboard: batch.billboard, ...r }, () => [
        `${batch.billboard}: batch #${r.sequence} anchored, root ${r.root}`,
        `  ${r.messageCount} messages, ${new Date(r.firstTimestamp).toISOString()} to ${new Date(r.lastTimestamp).toISOString()}`,
        `  tx ${r.txHash}, gas ${r.gasUsed}, block time ${new Date(r.anchoredAt * 1000).toISOString()}`,
      ]);
    }),
  );

interface VerifyArgs extends Omit<BatchArgs, "messages"> {
  messages?: string;
  message: string;
  service?: string;
}

/** The proof of `messageId` and its message: built from the batch file, else fetched from the billboard service. */
async function proofFor(hre: HardhatRuntimeEnvironment, args: VerifyArgs) {
  const { getMessageProof } = await import("../src/billboard");
  if (args.messages) {
    const { anchor, batch } = await loadBatch(hre, { ...args, messages: args.messages });
    const proof = getMessageProof(batch, args.message);
    return { anchor, proof, message: batch.messages[batch.positions.get(proof.leaf.messageHash)!], root: batch.root, messageCount: batch.messageCount, service: undefined };
  }
  const { BILLBOARD_ANCHOR_KEY } = await import("../deploy/billboard");
  const { BillboardProofMissingError, fetchBillboardProof, resolveBillboardServiceUrl } = await import("../src/billboard");
  const { normalizeName } = await import("../src/names");
  const manifest = await findDeploymentManifest(hre, args.manifest);
  const known = manifest?.extra.billboard as { name?: string; service?: { url?: string } } | undefined;
  const billboard = args.billboard !== undefined ? normalizeName(args.billboard) : known?.name;
  if (!billboard) throw new BillboardProofMissingError("name the billboard (--billboard) or pass its batch file (--messages)");
  const url = args.service ?? (known?.name === billboard ? known.service?.url : undefined) ?? (await resolveBillboardServiceUrl(await ensProvider(hre, args.manifest), billboard));
  const answer = await fetchBillboardProof(url, billboard, args.message);
  if (!answer.proof || !answer.batch) throw new BillboardProofMissingError(`message ${answer.messageId} is not in a batch yet (status ${answer.status}); try again after the service's next batch`);
  const anchor = args.anchor ?? answer.anchor?.address ?? manifestContract(manifest ?? (await loadDeploymentManifest(hre, args.manifest)), BILLBOARD_ANCHOR_KEY, "billboard");
  return { anchor, proof: answer.proof, message: answer.message, root: answer.batch.root, messageCount: answer.batch.messageCount, service: { url, status: answer.status, batch: answer.batch } };
}

batchTask(
  "dm3:billboard:verify",
  "Proves that a message is on its billboard: the proof from the batch file (--messages) or from the billboard service, checked off-chain and against the anchor contract (exit code 1 when not included)",
  false,
)
  .addParam("message", "Message id (its dm3 message hash, 0x…)", undefined, types.string)
  .addOptionalParam("service", "Billboard service URL (default: the manifest's, else the billboard profile's delivery service)", undefined, types.string)
  .setAction(async (args: VerifyArgs, hre) =>
    guarded(async () => {
      const { checkMessageInclusion } = await import("../src/billboard");
      const { BrowserProvider } = await import("ethers");
      const { anchor, proof, message, root, messageCount, service } = await proofFor(hre, args);
      const { batch: anchored, ...verdict } = await checkMessageInclusion(new BrowserProvider(hre.network.provider as never), anchor, proof, message);
      output(args.json, { message: proof.leaf.messageHash, billboard: proof.billboard, root, batch: anchored, verdict, proof, ...(service ? { service } : {}) }, () => [
        `message   ${proof.leaf.messageHash} from ${message.metadata.from} at ${new Date(message.metadata.timestamp).toISOString()}`,
        `billboard ${proof.billboard}${service ? ` (proof from ${service.url}, its batch #${service.batch.number})` : ""}`,
        `root      ${root} (${messageCount} messages, proof of ${proof.proof.length} hashes)`,
        `batch     ${anchored ? `#${anchored.sequence}, anchored ${new Date(anchored.anchoredAt * 1000).toISOString()}` : "not anchored"}`,
        `verdict   ${verdict.included ? "included" : `NOT included (proof ${verdict.proofValid ? "valid" : "invalid"}, ${verdict.anchored ? "anchored" : "root not anchored for this billboard"}, contract says ${verdict.onChain})`}`,
      ]);
      if (!verdict.included) process.exitCode = 1;
    }),
  );

task("dm3:billboard:post", "Posts a message to a billboard: signs it with the account's dm3 key and submits it to the service the billboard's profile names")
  .addParam("privateKey", "0x-hex private key of the poster's account (dm3 keys are derived from it)", undefined, types.string)
  .addParam("billboard", "Billboard ENS name", undefined, types.string)
  .addParam("message", "Text", undefined, types.string)
  .addOptionalParam("name", "Poster's ENS name (default: the account's primary name)", undefined, types.string)
  .addOptionalParam("nonce", "Key-derivation nonce (default: dm3's DEFAULT_NONCE)", undefined, types.string)
  .addOptionalParam("manifest", "Deployment manifest (ENS registry address)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { privateKey: string; billboard: string; message: string; name?: string; nonce?: string; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const { postToBillboard } = await import("../src/billboard");
      const { identity } = await import("./delivery");
      const me = await identity(hre, args.privateKey, args.nonce, args.name, args.manifest);
      const billboard = await typedName(args.billboard);
      const r = await postToBillboard(me.provider, me.keys, me.name, billboard, args.message);
      output(args.json, { from: me.name, billboard, messageId: r.messageId, timestamp: r.message.metadata.timestamp, delivered: r.delivered, failed: r.failed }, () => [
        `${me.name} -> ${billboard}: message ${r.messageId}`,
        ...r.delivered.map((d) => `  accepted by ${d.deliveryService} (${d.url})`),
        ...r.failed.map((f) => `  not accepted by ${f.deliveryService}: ${f.reason}`),
      ]);
    }),
  );

interface ServeArgs {
  billboard: string;
  mediators: string;
  ruleSet?: string;
  ruleSets?: string;
  anchor?: string;
  batchSize: number;
  batchInterval: number;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  allowedOrigins: string;
  publicUrl?: string;
  manifest?: string;
  logLevel: string;
  rateLimit?: string;
  trustProxy: number;
}

task("dm3:billboard:serve", "Runs a billboard service for one billboard on --network's ENS (keys from the environment only: DM3_BILLBOARD_KEY_SEED, optional DM3_BILLBOARD_DS_KEY_SEED and DM3_BILLBOARD_ANCHOR_KEY)")
  .addParam("billboard", "Billboard ENS name (its profile lists this service as its delivery service)", undefined, types.string)
  .addOptionalParam("mediators", "Comma-separated ENS names of its mediators", "", types.string)
  .addOptionalParam("ruleSet", "Token-gate rule set id posters must pass", undefined, types.string)
  .addOptionalParam("ruleSets", "Dm3RuleSets address (default: the deployment manifest's)", undefined, types.string)
  .addOptionalParam("anchor", "Anchor contract address (default: the manifest's dm3BillboardAnchor)", undefined, types.string)
  .addOptionalParam("batchSize", "Messages per batch", 256, types.int)
  .addOptionalParam("batchInterval", "Milliseconds after which waiting messages become a batch (0: by count only)", 60_000, types.int)
  .addOptionalParam("port", "Port (0 picks a free one)", 8549, types.int)
  .addOptionalParam("host", "Interface to listen on", "127.0.0.1", types.string)
  .addOptionalParam("dataDir", "SQLite data directory (used without --database-url)", "data/billboard", types.string)
  .addOptionalParam("databaseUrl", "PostgreSQL URL (default: env DATABASE_URL)", undefined, types.string)
  .addOptionalParam("allowedOrigins", "Comma-separated browser origins allowed to call the service", "", types.string)
  .addOptionalParam("publicUrl", "The service's public URL (emitted with each anchor)", undefined, types.string)
  .addOptionalParam("manifest", "Deployment manifest (ENS registry, anchor and rule-set addresses)", undefined, types.string)
  .addOptionalParam("logLevel", "pino log level", "info", types.string)
  .addOptionalParam("rateLimit", "Per-client limit of posting: perSecond:burst (default 20:200), or off", undefined, types.string)
  .addOptionalParam("trustProxy", "Reverse proxies in front whose X-Forwarded-For entry names the client (default 0: the header is ignored)", 0, types.int)
  .setAction(async (args: ServeArgs, hre) =>
    guarded(async () => {
      const { deliveryServiceKeysFromSeed, EnsDirectory, openStore, parseRateLimit, tokenGateFromChecker } = await import("../src/delivery");
      const rateLimit = args.rateLimit === undefined ? undefined : parseRateLimit(args.rateLimit);
      const { BillboardServiceConfigError, startBillboardService } = await import("../src/billboardService");
      const { BILLBOARD_ANCHOR_KEY } = await import("../deploy/billboard");
      const { RULE_SETS_KEY } = await import("../deploy/gate");
      const { Wallet } = await import("ethers");
      const keysFrom = (variable: string) => {
        try {
          return deliveryServiceKeysFromSeed(process.env[variable]!);
        } catch {
          throw new BillboardServiceConfigError(`${variable} must be a 32-byte seed in base64`);
        }
      };
      if (!process.env.DM3_BILLBOARD_KEY_SEED) throw new BillboardServiceConfigError("no billboard keys: set DM3_BILLBOARD_KEY_SEED (the base64 storage key of the billboard's dm3 profile)");
      const keys = keysFrom("DM3_BILLBOARD_KEY_SEED");
      const dsKeys = process.env.DM3_BILLBOARD_DS_KEY_SEED ? keysFrom("DM3_BILLBOARD_DS_KEY_SEED") : keys;
      const provider = await ensProvider(hre, args.manifest);
      const manifest = await findDeploymentManifest(hre, args.manifest);
      const billboard = await typedName(args.billboard);
      const mediators = await Promise.all(splitList(args.mediators).map((m) => typedName(m)));
      let tokenGate;
      if (args.ruleSet !== undefined) {
        const { createGateChecker } = await import("../src/gate");
        const ruleSets = args.ruleSets ?? manifest?.contracts[RULE_SETS_KEY]?.address;
        if (!ruleSets) throw new BillboardServiceConfigError("--rule-set needs the Dm3RuleSets address (--rule-sets or a deployment manifest)");
        tokenGate = tokenGateFromChecker(createGateChecker({ provider, ruleSets }));
      }
      const anchorKey = process.env.DM3_BILLBOARD_ANCHOR_KEY;
      const anchor = args.anchor ?? manifest?.contracts[BILLBOARD_ANCHOR_KEY]?.address;
      if (anchorKey && !anchor) throw new BillboardServiceConfigError("DM3_BILLBOARD_ANCHOR_KEY is set but no anchor contract is known (--anchor or a deployment manifest)");
      let signer;
      try {
        signer = anchorKey ? new Wallet(anchorKey, provider) : undefined;
      } catch {
        throw new BillboardServiceConfigError("DM3_BILLBOARD_ANCHOR_KEY must be a 0x-hex private key");
      }
      const store = await openStore({ databaseUrl: args.databaseUrl ?? process.env.DATABASE_URL, dataDir: args.dataDir });
      const service = await startBillboardService({
        billboards: [{ name: billboard, encryptionKeyPair: keys.encryptionKeyPair, mediators, ruleSetId: args.ruleSet }],
        deliveryServiceKeys: dsKeys,
        store,
        directory: new EnsDirectory(provider),
        tokenGate,
        anchoring: signer && anchor ? { signer, anchor, batchSize: args.batchSize, batchIntervalMs: args.batchInterval } : undefined,
        allowedOrigins: splitList(args.allowedOrigins),
        publicUrl: args.publicUrl,
        host: args.host,
        port: args.port,
        logger: args.logLevel,
        rateLimit,
        trustProxy: args.trustProxy,
      });
      console.error(`dm3 billboard service for ${billboard} listening on ${service.url} (${store.kind}; ${signer ? `anchoring as ${signer.address}` : "not anchoring: no DM3_BILLBOARD_ANCHOR_KEY"})`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await service.close();
    }),
  );
