import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import pino, { type Logger } from "pino";
import { Server as SocketServer, type Socket } from "socket.io";
import { OriginPolicy, type CorsOptions } from "../http/cors";
import { isNormalized } from "../names/normalize";
import { assertSignedUserProfile } from "../profile/schema";
import { stringify } from "../shared/json";
import { checkAuthToken, createAuthToken, createChallenge, redeemChallengeAnswer } from "./auth";
import type { Directory } from "./directory";
import type { EnvelopeCrypto } from "./envelopeCrypto";
import {
  DeliveryConfigError,
  DeliveryError,
  InvalidInputError,
  MethodNotFoundError,
  NotFoundError,
  RPC_ERROR,
  UnauthorizedError,
} from "./errors";
import { serverSecret, type DeliveryServiceKeys } from "./keys";
import { errorStatus, parseJsonRpcRequest, requestId, toDeliveryError } from "./jsonRpc";
import { assertAcknowledgements, assertAuthBody, assertSpamFilterRules } from "./schema";
import { checkRulesSettable, type ChainReader } from "./spam";
import { ClientThrottle, type RateLimitSetting, type TrustProxy } from "./throttle";
import type { MessageStore, StoredAccount } from "./storage/types";
import { conversationId, emptyTimings, inputName, submitEnvelope, type StageTimings, type SubmitContext } from "./submit";
import { defaultProfileExtension, type DeliveryServiceProperties, type TokenGate } from "./types";

/** Default size limit of an envelope (the reference's 100 000 bytes). */
export const DEFAULT_SIZE_LIMIT = 100_000;
/** Default envelope lifetime: 30 days (the specification's minimum), in ms. */
export const DEFAULT_MESSAGE_TTL_MS = 30 * 24 * 3600 * 1000;
/** Most envelopes one incoming-messages request returns. */
export const MAX_INCOMING = 1000;

/** Options of {@link startDeliveryService}. */
export interface DeliveryServiceOptions extends CorsOptions {
  keys: DeliveryServiceKeys;
  store: MessageStore;
  /** Names and profiles (ENS). */
  directory: Directory;
  /** Envelope crypto (decrypt delivery information, postmark). Default: the SDK's messaging module. */
  crypto?: EnvelopeCrypto;
  /** Chain reads for spam rules; without it, rules that need the chain cannot be evaluated (unavailable). */
  chain?: ChainReader;
  /** Token-gate rule sets, where receivers may require one. */
  tokenGate?: TokenGate;
  /** This delivery service's ENS name: when set, sign-up requires the profile to list it. */
  name?: string;
  sizeLimit?: number;
  /** Envelope lifetime in ms (0: until acknowledged). Default 30 days. */
  messageTtlMs?: number;
  /** How long idempotency receipts are kept, ms (default: the TTL, at least 30 days). */
  receiptRetentionMs?: number;
  /** How often expired envelopes are purged, ms (default 10 minutes). */
  purgeIntervalMs?: number;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** pino logger, or a level for the default one (stdout). Default "info". */
  logger?: Logger | string;
  /** How long close() lets in-flight requests finish (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Close the store on close() (default true). */
  ownsStore?: boolean;
  /** Sum per-stage submit timings and serve them at GET /debug/timings (benchmarks). */
  timings?: boolean;
  /**
   * Per-client limit of the public routes (`POST /rpc`, `GET/POST /auth`, `POST /profile`) and of
   * socket `submitMessage`: one token bucket per client address, shared by these routes.
   * Default {@link DEFAULT_RATE_LIMIT} (20/s, bursts of 200, 50 000 clients); false: none.
   */
  rateLimit?: RateLimitSetting;
  /** Trust `X-Forwarded-For` from this many reverse proxies in front (true: one). Default false: ignored. */
  trustProxy?: TrustProxy;
}

/** A running delivery service. */
export interface DeliveryService {
  url: string;
  port: number;
  store: MessageStore;
  properties: DeliveryServiceProperties;
  /** Per-stage submit timings (when enabled). */
  timings?: StageTimings;
  /** Stops accepting, lets in-flight requests finish, closes sockets and (if owned) the store. */
  close(): Promise<void>;
}

type Handler = (req: Request, res: Response) => Promise<void>;

function rpcError(id: unknown, code: number, message: string): Record<string, unknown> {
  return { jsonrpc: "2.0", id: id ?? null, error: { code, message } };
}

/**
 * Starts a dm3 delivery service: the reference's HTTP surface on express 5 (JSON-RPC at
 * `/rpc`, `/auth`, `/profile`, `/delivery/messages/...`), the spam-rule route, `/health`, and
 * socket.io at `/socket.io` with the reference client's events.
 */
export async function startDeliveryService(options: DeliveryServiceOptions): Promise<DeliveryService> {
  const sizeLimit = options.sizeLimit ?? DEFAULT_SIZE_LIMIT;
  const messageTtlMs = options.messageTtlMs ?? DEFAULT_MESSAGE_TTL_MS;
  if (!Number.isInteger(sizeLimit) || sizeLimit < 1000) throw new DeliveryConfigError(`sizeLimit must be an integer >= 1000, got ${sizeLimit}`);
  if (!Number.isInteger(messageTtlMs) || messageTtlMs < 0) throw new DeliveryConfigError(`messageTtlMs must be a non-negative integer, got ${messageTtlMs}`);
  const origins = new OriginPolicy(options.allowedOrigins);
  const log: Logger = typeof options.logger === "object" ? options.logger : pino({ level: options.logger ?? "info", base: { service: "dm3-delivery" } });
  const { store, directory, keys } = options;
  const secret = serverSecret(keys);
  const properties: DeliveryServiceProperties = { messageTTL: messageTtlMs, sizeLimit };
  const timings = options.timings ? emptyTimings() : undefined;
  const ctx: SubmitContext = { store, directory, crypto: options.crypto, keys, sizeLimit, messageTtlMs, chain: options.chain, tokenGate: options.tokenGate, timings };
  const throttle = new ClientThrottle(options.rateLimit, options.trustProxy);
  const limited = throttle.middleware;
  // The envelope travels as a JSON string inside the JSON-RPC body: escaping can double it.
  const bodyLimit = sizeLimit * 2 + 16_384;

  /** The account of `:ensName` after checking the bearer token. @throws UnauthorizedError */
  async function authorized(req: Request): Promise<{ name: string; account: StoredAccount }> {
    const name = String(req.params.ensName);
    if (!isNormalized(name)) throw new UnauthorizedError(`"${name.slice(0, 80)}" is not a normalized ENS name`);
    checkAuthToken(req.get("authorization"), name, secret);
    const account = await accountOf(name);
    if (!account) throw new UnauthorizedError(`${name} has no account at this delivery service`);
    return { name, account };
  }

  async function accountOf(name: string): Promise<StoredAccount | undefined> {
    const address = await directory.address(name);
    return address.found ? store.getAccount(address.value.toLowerCase()) : undefined;
  }

  function pathName(req: Request): string {
    const name = String(req.params.ensName);
    if (!isNormalized(name)) throw new InvalidInputError(`"${name.slice(0, 80)}" is not a normalized ENS name`);
    return name;
  }

  async function rpc(body: unknown): Promise<{ id: unknown; result: unknown }> {
    const { id, method, params: p } = parseJsonRpcRequest(body);
    switch (method) {
      case "dm3_submitMessage": {
        const r = await submitEnvelope(ctx, p[0]);
        log.info({ event: "submit", created: r.created }, "envelope accepted");
        return { id, result: "success" };
      }
      case "dm3_getDeliveryServiceProperties":
        return { id, result: stringify(properties) };
      case "dm3_getProfileExtension": {
        if (typeof p[0] !== "string") throw new InvalidInputError("params[0] must be the ENS name");
        const name = inputName(p[0], "params[0]");
        const account = await accountOf(name);
        if (!account) throw new NotFoundError(`${name} has no account at this delivery service`);
        return { id, result: stringify(account.profileExtension) };
      }
      default:
        throw new MethodNotFoundError(method);
    }
  }

  const app = express();
  app.disable("x-powered-by");
  let closing = false;
  let active = 0;
  let drained: (() => void) | undefined;
  app.use((req, res, next) => {
    active++;
    const started = process.hrtime.bigint();
    res.once("close", () => {
      active--;
      if (active === 0) drained?.();
      // Route pattern and status only: never a body, header or token.
      log.debug({ method: req.method, route: req.route?.path ?? req.path.split("/").slice(0, 3).join("/"), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, "request");
    });
    if (closing) res.setHeader("Connection", "close");
    // Browser pages on options.allowedOrigins only (default none); other origins get 403.
    if (origins.handle(req, res)) return;
    next();
  });
  app.use(express.json({ limit: bodyLimit, strict: false }));

  app.get("/health", async (_req, res) => {
    res.json({ status: closing ? "closing" : "ok", storage: store.kind, schemaVersion: await store.schemaVersion() });
  });

  app.post("/rpc", limited, (async (req, res) => {
    const { result } = await rpc(req.body);
    res.status(200).json({ jsonrpc: "2.0", id: requestId(req.body), result });
  }) as Handler);

  app.get("/auth/:ensName", limited, (async (req, res) => {
    const name = pathName(req);
    if (!(await accountOf(name))) throw new NotFoundError(`${name} has no account at this delivery service`);
    res.json(createChallenge(name, secret));
  }) as Handler);

  app.post("/auth/:ensName", limited, (async (req, res) => {
    const name = pathName(req);
    const { signature, challenge } = assertAuthBody(req.body);
    if (!(await accountOf(name))) throw new NotFoundError(`${name} has no account at this delivery service`);
    directory.forget(name); // log in with the profile published now
    const published = await directory.profile(name);
    if (!published.found) throw new UnauthorizedError(`${name} has no valid published profile: ${published.reason}`);
    await redeemChallengeAnswer(store, name, challenge, signature, published.value.profile.publicSigningKey, secret);
    log.info({ event: "login", account: name }, "auth token issued");
    res.json(createAuthToken(name, secret));
  }) as Handler);

  app.get("/profile/:ensName", (async (req, res) => {
    const account = await accountOf(pathName(req));
    if (!account) throw new NotFoundError(`${String(req.params.ensName)} has no account at this delivery service`);
    res.json(account.signedUserProfile);
  }) as Handler);

  app.post("/profile/:ensName", limited, (async (req, res) => {
    const name = pathName(req);
    let signed;
    try {
      signed = assertSignedUserProfile(req.body);
    } catch (e) {
      throw new InvalidInputError((e as Error).message);
    }
    directory.forget(name);
    const published = await directory.profile(name);
    if (!published.found) throw new InvalidInputError(`${name} publishes no valid dm3 profile: ${published.reason}`);
    // The signed profile is public (it is on ENS), so posting it proves nothing: it must be the
    // one the name publishes, and a token is issued only after the challenge (POST /auth).
    if (stringify(signed) !== stringify(published.value.signedProfile)) throw new InvalidInputError(`the profile is not the one ${name} publishes`);
    if (options.name && !signed.profile.deliveryServices.includes(options.name)) {
      throw new InvalidInputError(`the profile of ${name} does not list this delivery service (${options.name})`);
    }
    const { created } = await store.putAccount(published.value.address.toLowerCase(), name, signed, defaultProfileExtension(), Date.now());
    log.info({ event: "signup", account: name, created }, created ? "account created" : "account updated");
    // Reference clients keep this string as their token; a 401 makes them run the challenge flow.
    res.json(createChallenge(name, secret));
  }) as Handler);

  app.get("/delivery/messages/incoming/:ensName", (async (req, res) => {
    const { account } = await authorized(req);
    const limit = Math.min(Math.max(Number(req.query.limit ?? MAX_INCOMING) || MAX_INCOMING, 1), MAX_INCOMING);
    const rows = await store.list(account.id, { now: Date.now(), limit });
    res.type("application/json").send(`[${rows.map((r) => r.body).join(",")}]`);
  }) as Handler);

  app.post("/delivery/messages/:ensName/syncAcknowledgements", (async (req, res) => {
    const { account } = await authorized(req);
    const acks = assertAcknowledgements(req.body).map((a) => {
      const contact = inputName(a.contactAddress, "contactAddress");
      return { conversation: conversationId(account.id, contact), ref: a.messageHash };
    });
    const acknowledged = await store.ack(account.id, acks);
    res.json({ acknowledged });
  }) as Handler);

  app.get("/delivery/spamFilterRules/:ensName", (async (req, res) => {
    const { account } = await authorized(req);
    res.json(account.profileExtension.spamFilterRules ?? {});
  }) as Handler);

  app.post("/delivery/spamFilterRules/:ensName", (async (req, res) => {
    const { account } = await authorized(req);
    const rules = assertSpamFilterRules(req.body);
    await checkRulesSettable(rules, options.tokenGate);
    const { spamFilterRules: _old, ...rest } = account.profileExtension;
    const extension = Object.keys(rules).length > 0 ? { ...rest, spamFilterRules: rules } : rest;
    await store.setProfileExtension(account.id, extension, Date.now());
    res.json(rules);
  }) as Handler);

  if (timings) app.get("/debug/timings", (_req, res) => void res.json(timings));

  app.use((_req: Request, _res: Response) => {
    throw new NotFoundError("no such route");
  });

  // Express 5 forwards rejected async handlers here.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = toDeliveryError(err, sizeLimit, log, req.path.split("/").slice(0, 3).join("/"));
    const rpc = req.path === "/rpc";
    res.status(errorStatus(res, e, rpc));
    if (rpc) {
      log.info({ event: "rpc-error", code: e.code }, "rejected");
      res.json(rpcError(requestId(req.body), e.rpcCode, e.message));
      return;
    }
    res.json({ error: e.message, code: e.code });
  });

  const server: Server = createServer(app);
  server.keepAliveTimeout = 5000;
  const io = new SocketServer(server, {
    path: "/socket.io",
    cors: { origin: origins.allowed, methods: ["GET", "POST"] },
    // The same origin policy for the socket's handshake (polling and WebSocket alike).
    allowRequest: (req, callback) => callback(null, origins.check(req.headers.origin) !== "refused"),
    maxHttpBufferSize: bodyLimit,
    serveClient: false,
  });
  io.on("connection", (socket: Socket) => void onSocket(socket));

  async function onSocket(socket: Socket): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as { account?: { ensName?: unknown }; token?: unknown };
    const name = typeof auth.account?.ensName === "string" ? auth.account.ensName : "";
    try {
      if (!isNormalized(name)) throw new UnauthorizedError("account.ensName must be a normalized ENS name");
      checkAuthToken(typeof auth.token === "string" ? auth.token : undefined, name, secret);
      const account = await accountOf(name);
      if (!account) throw new UnauthorizedError(`${name} has no account at this delivery service`);
      await socket.join(`inbox:${account.id}`);
      socket.emit("authorized");
    } catch (e) {
      socket.emit("unauthorized", { error: e instanceof DeliveryError ? e.message : "unauthorized" });
      socket.disconnect(true);
      return;
    }
    const client = throttle.clientOf(socket.request);
    socket.on("submitMessage", async (data: unknown, ack?: (answer: unknown) => void) => {
      try {
        throttle.check(client);
        const envelope = typeof data === "object" && data !== null && "envelop" in data ? (data as { envelop: unknown }).envelop : data;
        await submitEnvelope(ctx, envelope);
        ack?.({ response: "success" });
      } catch (e) {
        const err = e instanceof DeliveryError ? e : new DeliveryError("DS_INTERNAL", 500, RPC_ERROR.INTERNAL_ERROR, "internal error");
        ack?.({ error: err.message, code: err.rpcCode });
      }
    });
  }

  // Every appended envelope (from this process or, with PostgreSQL, any other) reaches the
  // receiver's sockets connected here.
  const unsubscribe = store.onAppend((e) => {
    io.to(`inbox:${e.receiver}`).emit("message", JSON.parse(e.body));
  });

  const purgeEvery = options.purgeIntervalMs ?? 10 * 60_000;
  const receiptRetention = options.receiptRetentionMs ?? Math.max(messageTtlMs, 30 * 24 * 3600 * 1000);
  const purgeTimer = setInterval(() => {
    const now = Date.now();
    store.purge(now, now - receiptRetention).then(
      (n) => n > 0 && log.info({ event: "purge", envelopes: n }, "expired envelopes deleted"),
      (e) => log.warn({ err: (e as Error).message }, "purge failed"),
    );
  }, purgeEvery);
  purgeTimer.unref();

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log.info({ url, storage: store.kind, sizeLimit, messageTtlMs }, "delivery service listening");

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    properties,
    timings,
    close: () =>
      (closed ??= (async () => {
        closing = true;
        clearInterval(purgeTimer);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        io.local.disconnectSockets(true);
        if (active > 0) {
          await Promise.race([
            new Promise<void>((resolve) => (drained = resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, options.shutdownTimeoutMs ?? 10_000).unref()),
          ]);
        }
        server.closeAllConnections();
        await stopped;
        unsubscribe();
        io.removeAllListeners();
        if (options.ownsStore !== false) await store.close();
        log.info("delivery service stopped");
      })()),
  };
}
