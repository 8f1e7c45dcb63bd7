import type { HardhatRuntimeEnvironment } from "hardhat/types";
import path from "node:path";
import { JsonRpcProvider, keccak256, toUtf8Bytes } from "ethers";
import { PROFILE_RECORD_KEY } from "../src/ens/constants";
import { namehash } from "../src/names";
import { createProfile } from "../src/profile";
import { evmCoinType, registerName } from "../src/registry";
import { startLocalChain, type LocalChain } from "../src/devnet/localChain";
import { httpUrl, serveJsonRpc } from "../src/devnet/jsonRpcServer";
import type { BillboardService } from "../src/billboardService";
import { Dm3L2Registry__factory } from "../typechain-types";
import { createDeployContext, DeployContext, persist } from "./context";
import { DEVNET_ALIAS, setupDevnetAlias } from "./alias";
import { type BillboardManifestEntry, DEVNET_BILLBOARD, setupDevnetBillboard } from "./billboard";
import { ensureDeliveryServiceProfile, ensureUserProfile } from "./demoProfiles";
import { demoAccounts, startDevnetExplorer } from "./explorer";
import { startDevnetDeliveryService } from "./delivery";
import { startDevnetBillboardService, type BillboardServiceManifestEntry } from "./billboardService";
import { DeployConfigError } from "./errors";
import { Deployment, deployAll } from "./index";
import { deployL2Stack, type L2Stack } from "./l2Stack";
import { Manifest, emptyManifest, saveManifest } from "./manifest";
import { ensureName } from "./names";
import { setupDevnetGate, type DevnetGate } from "./gate";

/** The demo names on L1 and the default account (index) that owns each. Parents first. */
export const DEVNET_NAMES: ReadonlyArray<{ name: string; account: number; records?: boolean; reverse?: boolean }> = [
  { name: "dm3.eth", account: 1 },
  { name: "alice.eth", account: 2 },
  { name: "bob.eth", account: 3 },
  { name: "ds.dm3.eth", account: 4 },
  { name: DEVNET_BILLBOARD.name, account: DEVNET_BILLBOARD.ownerAccount },
  // Parent of the layer-2 names: its resolver becomes the CCIP-Read L1 resolver.
  { name: "l2.dm3.eth", account: 1, records: false, reverse: false },
];

/** Names with a signed dm3 profile (keys derived from the owner's signature, default nonce). */
export const DEVNET_PROFILES: ReadonlyArray<string> = ["alice.eth", "bob.eth", DEVNET_BILLBOARD.name];
/** What is posted on the devnet's billboard at start-up: the first three are anchored as batch #0 before ready, the last one waits. */
export const DEVNET_BILLBOARD_POSTS: ReadonlyArray<{ name: string; text: string; anchored: boolean }> = [
  { name: "alice.eth", text: "Welcome to the billboard of the dm3kit devnet.", anchored: true },
  { name: "bob.eth", text: "Hello from bob.eth: this message is in an anchored batch.", anchored: true },
  { name: "dave.gnosis.dm3.eth", text: "dave.gno was here, posted through the billboard service like any dm3 message.", anchored: true },
  { name: "bob.eth", text: "Posted after the batch: not anchored yet.", anchored: false },
];
/** The devnet's delivery service name. */
export const DEVNET_DS_NAME = "ds.dm3.eth";
/** Chain id of the devnet's second chain (the layer-2 registry). */
export const DEVNET_L2_CHAIN_ID = 31338;
/** The layer-2 parent name and the demo name registered on the second chain (account #5). */
export const DEVNET_L2_PARENT = "l2.dm3.eth";
export const DEVNET_L2_DEMO = { label: "carol", account: 7 } as const;
/** The devnet gateway's signing key: public, for local testing only. */
export const DEVNET_GATEWAY_KEY = keccak256(toUtf8Bytes("dm3kit devnet gateway key (public, test only)"));

export interface DevnetOptions {
  host: string;
  /**
   * L1 JSON-RPC port; the L2 chain, the gateway, the delivery service, the billboard service and
   * the explorer page take the next five (0: free ports).
   */
  port: number;
  manifestFile: string;
  log: (line: string) => void;
}

export interface Devnet {
  rpcUrl: string;
  manifest: Manifest;
  deployment: Deployment;
  /** The running billboard service of billboard.dm3.eth (`flush()` anchors what waits now). */
  billboardService: BillboardService;
  close(): Promise<void>;
}

/**
 * Starts the local ENS devnet on Hardhat's in-process chain: a JSON-RPC server on host:port,
 * the genuine ENS contracts (registry at the canonical address unless forking), every dm3kit
 * contract, the demo names with signed dm3 profiles, a second chain with the layer-2 registry
 * and the CCIP-Read gateway. Resolves once everything is deployed and the manifest written.
 */
export async function startDevnet(hre: HardhatRuntimeEnvironment, opts: DevnetOptions): Promise<Devnet> {
  if (hre.network.name !== "hardhat") {
    throw new DeployConfigError(`dm3:devnet runs its own chain; drop --network ${hre.network.name}`);
  }
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  };
  const nextPort = (offset: number) => (opts.port === 0 ? 0 : opts.port + offset);

  try {
    // The explorer page first: the servers below allow its origin (and no other) in browsers.
    let pageConfig: object | undefined; // served to the page once the devnet is ready
    const explorer = await startDevnetExplorer({ host: opts.host, port: nextPort(5), log: opts.log, config: () => pageConfig });
    closers.push(explorer.close);
    const { allowedOrigins } = explorer;
    const server = await serveJsonRpc(hre.network.provider, opts.host, opts.port, { allowedOrigins });
    closers.push(server.close);
    const rpcUrl = server.url;
    const { hostname, port: rpcPort } = new URL(rpcUrl);
    opts.log(`JSON-RPC listening on ${rpcUrl}`);

    const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
    const manifest = emptyManifest("devnet", chainId);
    manifest.rpcUrl = rpcUrl;
    const forking = (hre.network.config as { forking?: { url: string; blockNumber?: number } }).forking;
    if (forking?.url) {
      const { redactUrl } = await import("../src/net/rpc");
      manifest.fork = { url: redactUrl(forking.url), blockNumber: forking.blockNumber };
    }
    const ctx = await createDeployContext(hre, manifest, opts.manifestFile, opts.log);
    const deployment = await deployAll(ctx);

    opts.log("Demo names");
    for (const { name, account, records, reverse } of DEVNET_NAMES) {
      await ensureName(ctx, deployment.ens, { name, owner: ctx.accounts[account], records, reverse });
    }
    opts.log("dm3 profiles");
    const dsAccount = DEVNET_NAMES.find((n) => n.name === DEVNET_DS_NAME)!.account;
    // Where the devnet's delivery service is to listen (the L1 port + 3, also with --port 0).
    const dsUrl = httpUrl(hostname.replace(/^\[|\]$/g, ""), Number(rpcPort) + 3);
    const dsKeys = await ensureDeliveryServiceProfile(ctx, deployment.ens, DEVNET_DS_NAME, ctx.accounts[dsAccount], dsUrl);
    // The billboard's messages go to the billboard service (P+4), which billboard.dm3.eth publishes as its own delivery service.
    const billboardUrl = httpUrl(hostname.replace(/^\[|\]$/g, ""), Number(rpcPort) + 4);
    const billboardOwner = ctx.accounts[DEVNET_BILLBOARD.ownerAccount];
    const billboardKeys = await ensureDeliveryServiceProfile(ctx, deployment.ens, DEVNET_BILLBOARD.name, billboardOwner, billboardUrl);
    for (const name of DEVNET_PROFILES) {
      const account = DEVNET_NAMES.find((n) => n.name === name)!.account;
      await ensureUserProfile(ctx, deployment.ens, name, ctx.accounts[account], [name === DEVNET_BILLBOARD.name ? DEVNET_BILLBOARD.name : DEVNET_DS_NAME]);
    }
    manifest.extra.deliveryService = { name: DEVNET_DS_NAME, url: dsUrl, running: false };

    opts.log("Billboard");
    const billboard = await setupDevnetBillboard(ctx, deployment.billboardAnchor, DEVNET_BILLBOARD);
    manifest.extra.billboard = { ...billboard, service: { url: billboardUrl, running: false } };

    opts.log("Top-level alias");
    const alias = await setupDevnetAlias(ctx, deployment.ens, deployment.alias, DEVNET_ALIAS);
    await ensureUserProfile(ctx, deployment.ens, DEVNET_ALIAS.user, ctx.accounts[DEVNET_ALIAS.userAccount], [DEVNET_DS_NAME]);
    opts.log(`  ${alias.userAlias} resolves to ${DEVNET_ALIAS.user}`);

    await setupDevnetGate(ctx, deployment.ruleSets);

    opts.log("Layer-2 registry on a second chain");
    const l2Chain = await startLocalChain(hre, { chainId: DEVNET_L2_CHAIN_ID, host: opts.host, port: nextPort(1), allowedOrigins });
    closers.push(() => l2Chain.close());
    opts.log(`  second chain ${l2Chain.url} (chain id ${l2Chain.chainId})`);
    const stack = await deployL2Stack({
      l1Ctx: ctx,
      l2: { url: l2Chain.url, manifestFile: path.join(path.dirname(opts.manifestFile), "devnet-l2.json") },
      parentName: DEVNET_L2_PARENT,
      gatewayPort: nextPort(2),
      gatewayHost: opts.host,
      // A fixed, public devnet key (like Hardhat's accounts): the signer stays the same across restarts.
      gatewayPrivateKey: process.env.DM3_GATEWAY_PRIVATE_KEY ?? DEVNET_GATEWAY_KEY,
      gatewayAllowedOrigins: allowedOrigins,
    });
    closers.push(() => stack.close());
    await registerL2Demo(ctx, l2Chain, stack);
    manifest.extra.l2 = {
      chainId: stack.l2ChainId,
      rpcUrl: l2Chain.url,
      parentName: DEVNET_L2_PARENT,
      registry: stack.registry,
      registrar: stack.registrar,
      l1Resolver: stack.l1Resolver,
      verifier: stack.verifier,
    };
    manifest.extra.gateway = { url: stack.gatewayUrl, signer: stack.gatewaySigner };
    manifest.names[DEVNET_L2_PARENT].resolver = stack.l1Resolver;
    manifest.extra.explorer = { url: explorer.url };

    opts.log("Delivery service");
    const ds = await startDevnetDeliveryService(hre, ctx, {
      host: opts.host,
      port: Number(new URL(dsUrl).port),
      dataDir: path.join(path.dirname(opts.manifestFile), "devnet-ds"),
      name: DEVNET_DS_NAME,
      keys: dsKeys,
      ensRegistry: deployment.ens.registry,
      ruleSets: deployment.ruleSets,
      users: DEVNET_PROFILES.filter((name) => name !== DEVNET_BILLBOARD.name).map((name) => ({ name, signer: ctx.accounts[DEVNET_NAMES.find((n) => n.name === name)!.account] })),
      allowedOrigins,
    });
    closers.push(ds.close);
    manifest.extra.deliveryService = { name: DEVNET_DS_NAME, url: ds.service.url, running: true, storage: "sqlite" };

    opts.log("Billboard service");
    const accountOf = (name: string) => DEVNET_NAMES.find((n) => n.name === name)?.account ?? DEVNET_ALIAS.userAccount;
    const bbs = await startDevnetBillboardService(hre, ctx, {
      host: opts.host,
      port: Number(new URL(billboardUrl).port),
      dataDir: path.join(path.dirname(opts.manifestFile), "devnet-billboard"),
      billboard,
      keys: billboardKeys,
      // The mediator approved on the anchor contract (alice.eth's account) moderates and anchors.
      mediators: DEVNET_BILLBOARD.mediatorAccounts.map((i) => DEVNET_NAMES.find((n) => n.account === i)!.name),
      anchorer: ctx.accounts[DEVNET_BILLBOARD.mediatorAccounts[0]],
      ensRegistry: deployment.ens.registry,
      posters: DEVNET_BILLBOARD_POSTS.map((p) => ({ ...p, signer: ctx.accounts[accountOf(p.name)] })),
      // The devnet's explorer page reads the wall from the browser.
      allowedOrigins,
    });
    closers.push(bbs.close);

    saveManifest(opts.manifestFile, manifest);
    pageConfig = { ...manifest, demoAccounts: demoAccounts(hre, manifest) };
    return { rpcUrl, manifest, deployment, billboardService: bbs.service, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Registers carol.l2.dm3.eth on the second chain with addr records and a signed dm3 profile. */
async function registerL2Demo(ctx: DeployContext, l2Chain: LocalChain, stack: L2Stack): Promise<void> {
  const provider = new JsonRpcProvider(l2Chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const owner = await provider.getSigner(DEVNET_L2_DEMO.account);
    const ownerAddress = await owner.getAddress();
    const name = `${DEVNET_L2_DEMO.label}.${DEVNET_L2_PARENT}`;
    const node = namehash(name);
    const { record } = await createProfile(owner, [DEVNET_DS_NAME]);
    const registry = Dm3L2Registry__factory.connect(stack.registry, provider);
    const exists = await registry.ownerOf(BigInt(node)).then(() => true, () => false);
    if (!exists) {
      await registerName(owner, {
        registrar: stack.registrar,
        label: DEVNET_L2_DEMO.label,
        records: { addr: ownerAddress, coinAddrs: { [evmCoinType(stack.l2ChainId).toString()]: ownerAddress }, texts: { [PROFILE_RECORD_KEY]: record } },
      });
    }
    ctx.manifest.names[name] = {
      node,
      owner: ownerAddress,
      ownerAccountIndex: DEVNET_L2_DEMO.account,
      resolver: stack.l1Resolver,
      addr: ownerAddress,
      recordsChainId: stack.l2ChainId,
      reverse: false,
      records: { [PROFILE_RECORD_KEY]: record },
    };
    persist(ctx);
    ctx.log(`  ${name} -> ${ownerAddress} (account #${DEVNET_L2_DEMO.account}, on chain ${stack.l2ChainId}) with a dm3 profile`);
  } finally {
    provider.destroy();
  }
}

/** A readable multi-line summary of a devnet manifest. */
export function formatSummary(manifest: Manifest, manifestFile: string): string {
  const l2 = manifest.extra.l2 as { chainId: number; rpcUrl: string } | undefined;
  const gateway = manifest.extra.gateway as { url: string } | undefined;
  const ds = manifest.extra.deliveryService as { url: string; running: boolean } | undefined;
  const explorer = manifest.extra.explorer as { url: string } | undefined;
  const billboard = manifest.extra.billboard as (BillboardManifestEntry & { service?: Partial<BillboardServiceManifestEntry> & { url: string } }) | undefined;
  const gate = manifest.extra.gate as DevnetGate | undefined;
  const lines = [
    "",
    "dm3kit devnet is ready",
    `  RPC URL   ${manifest.rpcUrl}`,
    `  chain id  ${manifest.chainId}`,
    ...(manifest.fork ? [`  fork of   ${manifest.fork.url}${manifest.fork.blockNumber ? ` @ ${manifest.fork.blockNumber}` : ""}`] : []),
    ...(l2 ? [`  L2 RPC    ${l2.rpcUrl} (chain id ${l2.chainId}, layer-2 registry)`] : []),
    ...(gateway ? [`  gateway   ${gateway.url} (CCIP-Read, EIP-3668)`] : []),
    ...(ds ? [`  DS URL    ${ds.url} (in ds.dm3.eth's profile${ds.running ? "" : "; no delivery service runs there yet"})`] : []),
    ...(billboard ? [`  billboard ${billboard.name} (anchors at ${billboard.anchor}; mediators ${billboard.mediators.join(", ")})`] : []),
    ...(billboard?.service ? [`  BB URL    ${billboard.service.url} (billboard service of ${billboard.name}${billboard.service.running ? `; mediators ${(billboard.service.mediators ?? []).join(", ")}` : "; not running"})`] : []),
    ...(explorer ? [`  explorer  ${explorer.url} (this devnet in a browser)`] : []),
    ...(gate ? [`  gate      rule set #${gate.exampleRuleSetId}: ${gate.passes.join(", ")} pass, ${gate.fails.join(", ")} fail (npx hardhat dm3:gate:check --id ${gate.exampleRuleSetId} --account alice.eth --network localhost)`] : []),
    `  manifest  ${manifestFile}`,
    "",
    "Contracts",
    ...Object.entries(manifest.contracts).map(([key, c]) => `  ${key.padEnd(20)} ${c.address}  ${c.contract}${c.external ? " (existing)" : ""}`),
    "",
    "Names (owner = Hardhat's default test account #n; its private key is public, test use only)",
    ...Object.entries(manifest.names).map(([name, n]) => {
      const who = `${n.owner}${n.ownerAccountIndex !== undefined ? `  account #${n.ownerAccountIndex}` : ""}`;
      const what = [n.records?.[PROFILE_RECORD_KEY] ? "dm3 profile" : "", n.records?.["network.dm3.deliveryService"] ? "DS profile" : "", n.recordsChainId ? `on L2 ${n.recordsChainId}` : ""].filter(Boolean);
      return `  ${name.padEnd(20)} ${who}${what.length ? `  (${what.join(", ")})` : ""}`;
    }),
    "",
    "Press Ctrl+C to stop.",
  ];
  return lines.join("\n");
}
