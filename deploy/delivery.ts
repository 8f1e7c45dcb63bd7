import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { ensBrowserProvider } from "../src/ens/provider";
import { createProfile } from "../src/profile";
import type { ProfileKeys } from "../src/profile/types";
import { createGateChecker } from "../src/gate";
import { CachedChainReader, tokenGateFromChecker, DeliveryServiceClient, EnsDirectory, SqliteStore, fetchInbox, sendMessage, startDeliveryService, type DeliveryService, type InboxEntry } from "../src/delivery";
import type { DeployContext } from "./context";

/** The devnet's delivery service and what it did at start-up. */
export interface DevnetDeliveryService {
  service: DeliveryService;
  /** Bob's inbox after alice's start-up message, opened and verified. */
  inbox: InboxEntry[];
  close(): Promise<void>;
}

/** One line per inbox entry: who wrote what, and the verdicts (or why it failed). */
export function formatInbox(owner: string, entries: InboxEntry[]): string[] {
  if (entries.length === 0) return [`  ${owner}: inbox empty`];
  return entries.map((e) =>
    e.ok
      ? `  ${owner} <- ${e.opened.message.metadata.from}: "${e.opened.message.message ?? ""}" (message signature ${e.opened.checks.messageSignature}, postmark ${e.opened.checks.postmark} from ${e.deliveryService})`
      : `  ${owner}: an envelope from ${e.deliveryService} failed verification: [${e.error.code}] ${e.error.message}`,
  );
}

/**
 * Runs the devnet's delivery service at `port` (the URL ds.dm3.eth's profile publishes) with the
 * keys that profile publishes, SQLite in `dataDir` (emptied first: the chain is new too), signs up
 * the demo users, sends one message from the first to the second and reads the second's inbox.
 */
export async function startDevnetDeliveryService(
  hre: HardhatRuntimeEnvironment,
  ctx: DeployContext,
  opts: {
    host: string;
    port: number;
    dataDir: string;
    name: string;
    keys: ProfileKeys;
    ensRegistry: string;
    ruleSets: string;
    users: Array<{ name: string; signer: Signer }>;
    /** Browser origins that may call it (the explorer page). */
    allowedOrigins?: string[];
  },
): Promise<DevnetDeliveryService> {
  const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
  const provider = ensBrowserProvider(hre.network.provider as never, chainId, opts.ensRegistry);
  fs.rmSync(opts.dataDir, { recursive: true, force: true });
  const service = await startDeliveryService({
    keys: { encryptionKeyPair: opts.keys.encryptionKeyPair, signingKeyPair: opts.keys.signingKeyPair },
    store: SqliteStore.open(opts.dataDir),
    directory: new EnsDirectory(provider),
    chain: new CachedChainReader(provider),
    // Receivers' rule sets and balance settings are evaluated against the devnet's Dm3RuleSets.
    tokenGate: tokenGateFromChecker(createGateChecker({ provider, ruleSets: opts.ruleSets })),
    name: opts.name,
    host: opts.host,
    port: opts.port,
    allowedOrigins: opts.allowedOrigins,
    logger: "warn",
    // A local development network: every client is 127.0.0.1, load scripts included.
    rateLimit: false,
  });
  try {
    const client = new DeliveryServiceClient(service.url);
    const users = [];
    for (const u of opts.users) {
      const { signedProfile, keys } = await createProfile(u.signer, [opts.name]);
      await client.signUp(u.name, signedProfile);
      users.push({ ...u, keys });
      ctx.log(`  ${u.name} signed up at ${opts.name}`);
    }
    const [alice, bob] = users; // the first user writes to the second
    const sent = await sendMessage(provider, alice.keys, alice.name, bob.name, `hello ${bob.name}, from ${alice.name} via dm3kit`);
    ctx.log(`  ${alice.name} -> ${bob.name}: delivered to ${sent.delivered.map((d) => d.deliveryService).join(", ")} (message ${sent.messageHash.slice(0, 10)}…)`);
    const inbox = await fetchInbox(provider, bob.keys, bob.name);
    for (const line of formatInbox(bob.name, inbox)) ctx.log(line);
    return { service, inbox, close: () => service.close() };
  } catch (e) {
    await service.close();
    throw e;
  }
}
