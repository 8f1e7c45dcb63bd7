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
 * chain is new too), anchoring with `anchorer` (a mediator of the billboard); then each poster
 * posts one message (through ENS and dm3_submitMessage, as any dm3 client) and the posts are
 * anchored before this resolves. Records `extra.billboard.service`.
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
    posters: Array<{ name: string; signer: Signer; text: string }>;
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
    anchoring: { signer: opts.anchorer, anchor: opts.billboard.anchor, batchSize: 16, batchIntervalMs: 30_000 },
    allowedOrigins: opts.allowedOrigins,
    host: opts.host,
    port: opts.port,
    logger: "warn",
  });
  try {
    const posts: BillboardPostReport[] = [];
    for (const p of opts.posters) {
      const keys = await deriveProfileKeys(p.signer);
      const report = await postToBillboard(provider, keys, p.name, opts.billboard.name, p.text);
      posts.push(report);
      ctx.log(`  ${p.name} -> ${opts.billboard.name}: "${p.text}" (message ${report.messageId.slice(0, 10)}…)`);
    }
    const batches = await service.flush();
    for (const b of batches) {
      ctx.log(`  batch #${b.number}: ${b.messageCount} messages anchored as sequence ${b.sequence}, root ${b.root.slice(0, 10)}…, tx ${b.txHash?.slice(0, 10)}…, gas ${b.gasUsed}`);
    }
    const entry: BillboardServiceManifestEntry = { url: service.url, running: true, storage: "sqlite", mediators: opts.mediators };
    ctx.manifest.extra.billboard = { ...opts.billboard, service: entry };
    persist(ctx);
    return { service, posts, batches, close: () => service.close() };
  } catch (e) {
    await service.close();
    throw e;
  }
}
