import os from "node:os";
import path from "node:path";
import { JsonRpcProvider, Wallet, type Signer } from "ethers";
import type { DeployContext } from "./context";
import { DeployConfigError, ManifestEntryMissingError } from "./errors";
import { loadManifest } from "./manifest";
import { deployL1Resolver, type L1ResolverDeployment } from "./l1Resolver";
import { deployL2Registry, type L2RegistryDeployment } from "./l2Registry";
import type { Gateway } from "../src/gateway/server";

/** The L2 side: a JSON-RPC URL (e.g. `startLocalChain(...).url` or a real L2) and optionally its deployer. */
export interface L2Target {
  url: string;
  /** Deployer on L2. Default: the node's first unlocked account (`eth_accounts[0]`, Hardhat/devnet). */
  signer?: Signer;
  /** Where the L2 manifest is written. Default `deployments/<l1 network>-l2-<chainId>.json` next to the L1 one. */
  manifestFile?: string;
}

/** Options of {@link deployL2Stack}. */
export interface L2StackOptions {
  /** Context of the L1 deployment (ENS already deployed; its registry address in the manifest). */
  l1Ctx: DeployContext;
  l2: L2Target;
  /** Parent name on L1 whose subnames live on L2, e.g. `l2.dm3.eth`. */
  parentName: string;
  /** Gateway port (0 = free port). Default 0. */
  gatewayPort?: number;
  /** Gateway host. Default 127.0.0.1. */
  gatewayHost?: string;
  /** Gateway signing key. Default env `DM3_GATEWAY_PRIVATE_KEY`; on a Hardhat L1 a random key is made. */
  gatewayPrivateKey?: string;
  /** Answer TTL in seconds. Default 300. */
  gatewayTtlSeconds?: number;
  /** Browser origins that may call the gateway (the devnet's explorer page). Default none. */
  gatewayAllowedOrigins?: string[];
  /** Public URL templates to register instead of the local gateway's (real deployments behind a proxy). */
  gatewayUrls?: string[];
  /** Owner of the L2 registry and registrar. Default: the L2 deployer. */
  owner?: string;
}

/** Everything the L2 stack consists of. */
export interface L2Stack {
  registry: string;
  registrar: string;
  l2ChainId: number;
  l1Resolver: string;
  verifier: string;
  /** The gateway's base URL; the resolver holds `${gatewayUrl}/{sender}/{data}.json`. */
  gatewayUrl: string;
  gatewaySigner: string;
  l2: L2RegistryDeployment;
  l1: L1ResolverDeployment;
  /** Stops the gateway (the chains are the caller's). */
  close(): Promise<void>;
}

/** A deploy context for a chain reached over JSON-RPC (the L2), reusing the L1 context's `hre` and logger. */
export async function createRpcDeployContext(l1Ctx: DeployContext, l2: L2Target): Promise<DeployContext> {
  // cacheTimeout -1: ethers would otherwise answer a repeated eth_getTransactionCount from a 250 ms cache (nonce reuse on fast chains).
  const provider = new JsonRpcProvider(l2.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const chainId = Number((await provider.getNetwork()).chainId);
  const deployer = l2.signer ? l2.signer.connect(provider) : await provider.getSigner(0);
  const manifestFile =
    l2.manifestFile ??
    path.join(path.dirname(l1Ctx.manifestFile || path.join(os.tmpdir(), "x.json")), `${l1Ctx.manifest.network}-l2-${chainId}.json`);
  const manifest = loadManifest(manifestFile, `${l1Ctx.manifest.network}-l2`, chainId);
  manifest.rpcUrl = l2.url;
  const client = String(await provider.send("web3_clientVersion", []).catch(() => ""));
  return {
    hre: l1Ctx.hre,
    provider,
    deployer,
    accounts: [deployer],
    manifest,
    manifestFile,
    isHardhatChain: client.startsWith("HardhatNetwork"),
    log: l1Ctx.log,
  };
}

/**
 * Brings up dm3 names on a second chain, resolvable from L1: the registry and first-come
 * registrar on L2, a gateway reading them, and on L1 the signed-gateway verifier and the
 * `Dm3L1Resolver` pointing at that gateway, set as resolver of `parentName` when an L1 account
 * owns it. Idempotent per manifest; the gateway runs in this process until `close()`.
 */
export async function deployL2Stack(opts: L2StackOptions): Promise<L2Stack> {
  const { l1Ctx } = opts;
  const ensRegistry = l1Ctx.manifest.contracts.ensRegistry?.address;
  if (!ensRegistry) throw new ManifestEntryMissingError("ensRegistry", "deploy ENS first");
  const l2Ctx = await createRpcDeployContext(l1Ctx, opts.l2);
  const l2 = await deployL2Registry(l2Ctx, { parentName: opts.parentName, owner: opts.owner });

  const privateKey = opts.gatewayPrivateKey ?? process.env.DM3_GATEWAY_PRIVATE_KEY ?? (l1Ctx.isHardhatChain ? Wallet.createRandom().privateKey : undefined);
  if (!privateKey) throw new DeployConfigError("no gateway key: pass gatewayPrivateKey or set DM3_GATEWAY_PRIVATE_KEY");
  const { startGateway } = await import("../src/gateway/server");
  const gateway: Gateway = await startGateway({
    privateKey,
    l2RpcUrl: opts.l2.url,
    registry: l2.registry,
    resolvers: [],
    chainId: l2.chainId,
    ttlSeconds: opts.gatewayTtlSeconds,
    host: opts.gatewayHost,
    port: opts.gatewayPort ?? 0,
    allowedOrigins: opts.gatewayAllowedOrigins,
    log: l1Ctx.log,
  });
  try {
    const l1 = await deployL1Resolver(l1Ctx, {
      parentName: opts.parentName,
      targetChainId: l2.chainId,
      registry: l2.registry,
      gatewayUrls: opts.gatewayUrls ?? [gateway.urlTemplate],
      signers: [gateway.signer],
      ensRegistry,
    });
    gateway.serve(l1.resolver);
    l1Ctx.log(`  gateway ${gateway.url} signs as ${gateway.signer}`);
    (l2Ctx.provider as JsonRpcProvider).destroy();
    return {
      registry: l2.registry,
      registrar: l2.registrar,
      l2ChainId: l2.chainId,
      l1Resolver: l1.resolver,
      verifier: l1.verifier,
      gatewayUrl: gateway.url,
      gatewaySigner: gateway.signer,
      l2,
      l1,
      close: () => gateway.close(),
    };
  } catch (e) {
    await gateway.close();
    (l2Ctx.provider as JsonRpcProvider).destroy();
    throw e;
  }
}
