import http from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { Contract, JsonRpcProvider, SigningKey, computeAddress, getAddress, isAddress, isHexString, type Provider } from "ethers";
import { isNormalized } from "../names/normalize";
import { redactUrl } from "../net/rpc";
import { OriginPolicy, type CorsOptions } from "../http/cors";
import { listen } from "../http/listen";
import { shortError } from "../shared/errors";
import {
  GatewayBadRequestError,
  GatewayConfigError,
  GatewayInvalidNameError,
  GatewayNamehashMismatchError,
  GatewayRequestError,
  GatewayUnknownResolverError,
  GatewayUnsupportedCallError,
  GatewayUpstreamError,
  GatewayWrongTargetError,
} from "./errors";
import { decodeGatewayRequest, rawNamehash, resolverReads, signGatewayResponse } from "./protocol";
import { decodeDnsLabels } from "../names/encode";

/** Default validity of a signed answer, in seconds (as ENS's offchain-resolver gateway). */
export const DEFAULT_GATEWAY_TTL_SECONDS = 300;

/** Options of {@link startGateway}. Secrets may come from the environment instead. */
export interface GatewayOptions extends CorsOptions {
  /** Signing key (0x-hex). Default: env `DM3_GATEWAY_PRIVATE_KEY`. Never logged. */
  privateKey?: string;
  /** L2 JSON-RPC URL. Default: env `DM3_GATEWAY_L2_RPC_URL`. Shown only redacted. */
  l2RpcUrl?: string;
  /** An L2 provider to use instead of `l2RpcUrl`. */
  l2Provider?: Provider;
  /** The L2 registry to read. Default: env `DM3_GATEWAY_L2_REGISTRY`. */
  registry?: string;
  /**
   * L1 resolvers (the `sender` of requests) the gateway signs for. Default: env
   * `DM3_GATEWAY_RESOLVERS` (comma-separated). An explicit `[]` starts a gateway that serves
   * nobody until `serve()` is called (deploy flows that need the URL before the resolver exists).
   */
  resolvers?: string[];
  /** L2 chain id; default: asked from the L2 RPC at start. */
  chainId?: number | bigint;
  /** Validity of an answer in seconds. Default 300. */
  ttlSeconds?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Log sink (one line per request, no secrets). Default: silent. */
  log?: (line: string) => void;
  /** Environment to read defaults from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** A running gateway. */
export interface Gateway {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** EIP-3668 URL template for the L1 resolver: `${url}/{sender}/{data}.json`. */
  urlTemplate: string;
  /** Address of the signing key (add it to the verifier's signer set). */
  signer: string;
  chainId: bigint;
  registry: string;
  /** Adds an L1 resolver to the set the gateway signs for. */
  serve(resolver: string): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

interface Resolved {
  key: SigningKey;
  provider: Provider;
  ownsProvider: boolean;
  registry: string;
  resolvers: Set<string>;
  chainId: bigint;
  ttl: number;
}

/**
 * Starts an EIP-3668 gateway for dm3 L2 names: GET `/{sender}/{data}(.json)` and POST `{sender, data}`.
 * It decodes `resolveL2(name, data, chainId, registry)`, checks that it serves `sender`, the
 * chain and the registry, that the name is normalized and each inner call's node is its
 * namehash, reads `IDm3L2Registry.resolve(name, data)` over JSON-RPC and answers
 * `{ data: abi.encode(bytes result, uint64 expires, bytes sig) }`. Browsers may call it from
 * `allowedOrigins` only (none by default; a public gateway for web dApps lists their origins).
 * @throws GatewayConfigError, CorsConfigError
 */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const origins = new OriginPolicy(options.allowedOrigins);
  const cfg = await resolveOptions(options);
  const log = options.log ?? (() => {});
  const signer = computeAddress(cfg.key.publicKey);
  const registry = new Contract(cfg.registry, ["function resolve(bytes name, bytes data) view returns (bytes)"], cfg.provider);

  async function answer(senderRaw: unknown, dataRaw: unknown): Promise<string> {
    if (typeof senderRaw !== "string" || !isAddress(senderRaw)) throw new GatewayBadRequestError("sender must be a 20-byte hex address");
    if (typeof dataRaw !== "string" || !isHexString(dataRaw) || dataRaw.length < 10) throw new GatewayBadRequestError("data must be 0x-prefixed hex call data");
    const sender = getAddress(senderRaw.toLowerCase());
    if (!cfg.resolvers.has(sender)) throw new GatewayUnknownResolverError(sender);
    let req;
    try {
      req = decodeGatewayRequest(dataRaw);
    } catch (e) {
      throw new GatewayBadRequestError("data is not a resolveL2(bytes,bytes,uint256,address) call", { cause: e });
    }
    if (req.chainId !== cfg.chainId || req.registry !== cfg.registry) throw new GatewayWrongTargetError(req.chainId, req.registry);
    const name = checkName(req.dnsName);
    checkInnerCall(name, rawNamehash(req.dnsName), req.data);
    let result: string;
    try {
      result = (await registry.resolve(req.dnsName, req.data)) as string;
    } catch (e) {
      throw new GatewayUpstreamError(`reading the L2 registry failed: ${shortMessage(e)}`, { cause: e });
    }
    const expires = BigInt(Math.floor(Date.now() / 1000) + cfg.ttl);
    log(`gateway: ${name} ${req.data.slice(0, 10)} -> ${(result.length - 2) / 2} bytes`);
    return signGatewayResponse(cfg.key, sender, dataRaw, result, expires);
  }

  const app = express();
  app.disable("x-powered-by");
  // Browser pages on options.allowedOrigins only (default: none); other origins get 403.
  app.use(origins.middleware("GET, POST, OPTIONS"));
  app.use(express.json({ limit: "64kb" }));
  app.get("/:sender/:data", async (req: Request, res: Response) => {
    const data = String(req.params.data).replace(/\.json$/, "");
    res.json({ data: await answer(req.params.sender, data) });
  });
  app.post("/", async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { sender?: unknown; data?: unknown };
    res.json({ data: await answer(body.sender, body.data) });
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ message: "not found: use GET /{sender}/{data}.json or POST {sender, data}", code: "GATEWAY_NOT_FOUND" });
  });
  // Express 5 forwards rejected async handlers here.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof GatewayRequestError) {
      log(`gateway: ${err.status} ${err.code}`);
      res.status(err.status).json({ message: err.message, code: err.code });
      return;
    }
    const status = (err as { status?: number }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ message: "malformed request body", code: "GATEWAY_BAD_REQUEST" });
      return;
    }
    log(`gateway: 500 ${shortMessage(err)}`);
    res.status(500).json({ message: "internal gateway error", code: "GATEWAY_INTERNAL" });
  });

  const server = await listen(http.createServer(app), options.host, options.port);
  const url = server.url;
  log(`gateway: listening on ${url}, signer ${signer}, registry ${cfg.registry} on chain ${cfg.chainId}`);

  return {
    url,
    urlTemplate: `${url}/{sender}/{data}.json`,
    signer,
    chainId: cfg.chainId,
    registry: cfg.registry,
    serve: (resolver: string) => {
      if (!isAddress(resolver)) throw new GatewayConfigError(`resolver ${resolver} is not an address`);
      cfg.resolvers.add(getAddress(resolver.toLowerCase()));
    },
    close: async () => {
      await server.close();
      if (cfg.ownsProvider) (cfg.provider as JsonRpcProvider).destroy();
    },
  };
}

async function resolveOptions(o: GatewayOptions): Promise<Resolved> {
  const env = o.env ?? process.env;
  const privateKey = o.privateKey ?? env.DM3_GATEWAY_PRIVATE_KEY;
  if (!privateKey) throw new GatewayConfigError("no signing key: pass privateKey or set DM3_GATEWAY_PRIVATE_KEY");
  let key: SigningKey;
  try {
    key = new SigningKey(privateKey.startsWith("0x") ? privateKey : `0x${privateKey}`);
  } catch {
    throw new GatewayConfigError("the signing key is not a 32-byte hex private key"); // never echo the key
  }
  const registry = o.registry ?? env.DM3_GATEWAY_L2_REGISTRY;
  if (!registry || !isAddress(registry)) throw new GatewayConfigError("no L2 registry address: pass registry or set DM3_GATEWAY_L2_REGISTRY");
  const resolverList = o.resolvers ?? (env.DM3_GATEWAY_RESOLVERS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (resolverList.length === 0 && o.resolvers === undefined) throw new GatewayConfigError("no L1 resolver to serve: pass resolvers or set DM3_GATEWAY_RESOLVERS");
  const resolvers = new Set<string>();
  for (const r of resolverList) {
    if (!isAddress(r)) throw new GatewayConfigError(`resolver ${r} is not an address`);
    resolvers.add(getAddress(r.toLowerCase()));
  }
  const ttl = o.ttlSeconds ?? DEFAULT_GATEWAY_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new GatewayConfigError(`ttlSeconds must be a positive integer, got ${ttl}`);

  let provider = o.l2Provider;
  let ownsProvider = false;
  if (!provider) {
    const url = o.l2RpcUrl ?? env.DM3_GATEWAY_L2_RPC_URL;
    if (!url) throw new GatewayConfigError("no L2 RPC: pass l2RpcUrl or l2Provider, or set DM3_GATEWAY_L2_RPC_URL");
    provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    ownsProvider = true;
    if (o.chainId === undefined) {
      try {
        const chainId = (await provider.getNetwork()).chainId;
        return { key, provider, ownsProvider, registry: getAddress(registry), resolvers, chainId, ttl };
      } catch (e) {
        (provider as JsonRpcProvider).destroy();
        throw new GatewayConfigError(`L2 RPC ${redactUrl(url)} is not reachable: ${shortMessage(e)}`);
      }
    }
  }
  const chainId = o.chainId !== undefined ? BigInt(o.chainId) : (await provider.getNetwork()).chainId;
  return { key, provider, ownsProvider, registry: getAddress(registry), resolvers, chainId, ttl };
}

/** The name as text; it must be ENSIP-15 normalized (so every client hashes it the same way). */
function checkName(dnsName: string): string {
  let labels: string[];
  try {
    labels = decodeDnsLabels(dnsName);
  } catch (e) {
    throw new GatewayInvalidNameError(`the name is not DNS-encoded: ${(e as Error).message}`);
  }
  const name = labels.join(".");
  if (labels.length === 0 || labels.some((l) => l.includes(".")) || !isNormalized(name)) {
    throw new GatewayInvalidNameError(`"${name}" is not an ENSIP-15 normalized name`);
  }
  return name;
}

/** Checks the inner call's function and that its node (each inner call's, for multicall) is `node`. */
function checkInnerCall(name: string, node: string, data: string, nested = false): void {
  const selector = data.slice(0, 10).toLowerCase();
  const fn = resolverReads.getFunction(selector);
  if (!fn || (nested && fn.name === "multicall")) throw new GatewayUnsupportedCallError(selector);
  let args;
  try {
    args = resolverReads.decodeFunctionData(fn, data);
  } catch (e) {
    throw new GatewayBadRequestError(`the inner ${fn.name} call is not ABI-encoded correctly`, { cause: e });
  }
  if (fn.name === "multicall") {
    for (const inner of args[0] as string[]) checkInnerCall(name, node, inner, true);
    return;
  }
  if (String(args[0]).toLowerCase() !== node) throw new GatewayNamehashMismatchError(name, node, String(args[0]));
}

function shortMessage(e: unknown): string {
  return shortError(e).slice(0, 200);
}
