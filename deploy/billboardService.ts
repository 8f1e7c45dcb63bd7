import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { ensBrowserProvider } from "../src/ens/provider";
import { deriveProfileKeys } from "../src/keys";
import type { ProfileKeys } from "../src/profile/types";
import { postToBillboard, type BillboardPostReport } from "../src/billboard";
import { EnsDirectory, SqliteStore, type StoredBatch } from "../src/delivery";
import { startBillboardService, type BillboardService } from "../src/billboardService";
import type { BillboardManifestEntry } from "./billboard";
import type { DeployContext } from "./context";
import { persist } from "./context";

/** The devnet's billboard service and what it did at start-up. */
export interface DevnetBillboardService {
  service: BillboardService;
  posts: BillboardPostReport[];
  /** The batches anchored at start-up (the demo posts). */
  batches: StoredBatch[];
  close(): Promise<void>;
}

/** What the manifest says about the billboard service (`extra.billboard.service`). */
export interface BillboardServiceManifestEntry {
  url: string;
  running: boolean;
  storage: string;
  mediators: string[];
}

/**
 * Runs the devnet's billboard service for `billboard` at `port` (the URL its delivery-service
 * profile publishes) with the keys its profiles publish, SQLite in `dataDir` (emptied first: the
 * chain is new too), anchoring with `anchorer` (a mediator of the billboard); then the posters
 * post (through ENS and dm3_submitMessage, as any dm3 client): the first ones are anchored as a
 * batch before this resolves, the others wait for the service's next batch. Records
 * `extra.billboard.service` (the explorer page reads the wall from the service itself).
 */
export async function startDevnetBillboardService(
  hre: HardhatRuntimeEnvironment,
  ctx: DeployContext,
  opts: {
    host: string;
    port: number;
    dataDir: string;
    billboard: BillboardManifestEntry;
    keys: ProfileKeys;
    mediators: string[];
    anchorer: Signer;
    ensRegistry: string;
    /** Who posts what at start-up; the `anchored` ones are anchored as one batch, the others left pending. */
    posters: Array<{ name: string; signer: Signer; text: string; anchored: boolean }>;
    allowedOrigins?: string[];
  },
): Promise<DevnetBillboardService> {
  const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
  const provider = ensBrowserProvider(hre.network.provider as never, chainId, opts.ensRegistry);
  fs.rmSync(opts.dataDir, { recursive: true, force: true });
  const service = await startBillboardService({
    billboards: [{ name: opts.billboard.name, encryptionKeyPair: opts.keys.encryptionKeyPair, mediators: opts.mediators, displayName: "dm3kit devnet wall" }],
    deliveryServiceKeys: { encryptionKeyPair: opts.keys.encryptionKeyPair, signingKeyPair: opts.keys.signingKeyPair },
    store: SqliteStore.open(opts.dataDir),
    directory: new EnsDirectory(provider),
    anchoring: { signer: opts.anchorer, anchor: opts.billboard.anchor, batchSize: 16, batchIntervalMs: 60_000 },
    allowedOrigins: opts.allowedOrigins,
    host: opts.host,
    port: opts.port,
    logger: "warn",
    // A local development network: every client is 127.0.0.1, load scripts included.
    rateLimit: false,
  });
  try {
    const posts: BillboardPostReport[] = [];
    const post = async (p: (typeof opts.posters)[number]) => {
      const report = await postToBillboard(provider, await deriveProfileKeys(p.signer), p.name, opts.billboard.name, p.text);
      posts.push(report);
      ctx.log(`  ${p.name} -> ${opts.billboard.name}: "${p.text}" (message ${report.messageId.slice(0, 10)}…)`);
    };
    for (const p of opts.posters.filter((x) => x.anchored)) await post(p);
    const batches = await service.flush();
    for (const b of batches) {
      ctx.log(`  batch #${b.number}: ${b.messageCount} messages anchored as sequence ${b.sequence}, root ${b.root.slice(0, 10)}…, tx ${b.txHash?.slice(0, 10)}…, gas ${b.gasUsed}`);
    }
    const pending = opts.posters.filter((x) => !x.anchored);
    for (const p of pending) await post(p);
    const anchoredCount = batches.reduce((n, b) => n + b.messageCount, 0);
    ctx.log(`  wall: ${anchoredCount} messages anchored in batch #${batches.map((b) => b.sequence).join(", #")} (root ${batches[0]?.root.slice(0, 10)}…), ${pending.length} pending`);
    const entry: BillboardServiceManifestEntry = { url: service.url, running: true, storage: "sqlite", mediators: opts.mediators };
    ctx.manifest.extra.billboard = { ...opts.billboard, service: entry };
    persist(ctx);
    return { service, posts, batches, close: () => service.close() };
  } catch (e) {
    await service.close();
    throw e;
  }
}
