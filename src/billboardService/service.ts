import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import pino, { type Logger } from "pino";
import { Server as SocketServer } from "socket.io";
import { OriginPolicy, type CorsOptions } from "../http/cors";
import { listen } from "../http/listen";
import { isAddress } from "ethers";
import { type BillboardProofAnswer, type BillboardProperties, type ServiceBatch } from "../billboard/client";
import { billboardLeaf, type BillboardMessage } from "../billboard/leaf";
import { isDeletionSignatureValid, isSuspensionSignatureValid } from "../billboard/mediation";
import { getMessageProof } from "../billboard/tree";
import type { Directory, DirectoryProfile } from "../delivery/directory";
import type { EnvelopeCrypto } from "../delivery/envelopeCrypto";
import { DeliveryError, ForgedSenderError, InvalidInputError, MethodNotFoundError, NotFoundError, ResourceUnavailableError, UnknownReceiverError } from "../delivery/errors";
import { errorStatus, parseJsonRpcRequest, requestId, toDeliveryError } from "../delivery/jsonRpc";
import { ClientThrottle, type RateLimitSetting, type TrustProxy } from "../delivery/throttle";
import type { DeliveryServiceKeys } from "../delivery/keys";
import type { MessageStore, StoredBatch } from "../delivery/storage/types";
import { authenticateSender, inputName, openSubmission } from "../delivery/submit";
import type { TokenGate } from "../delivery/types";
import { decryptMessage, getMessageHash, isMessageSignatureValid, validateMessage, type AnyEncryptionEnvelope, type Message } from "../messaging";
import { sha256Hex } from "../crypto";
import { isNormalized } from "../names/normalize";
import type { KeyPair } from "../profile/types";
import { stringify } from "../shared/json";
import { BatchAnchorer, BatchTrees, type AnchoringOptions, type AnchorStageHook } from "./anchorer";
import { BillboardMessageNotFoundError, BillboardServiceConfigError, MediatorUnauthorizedError, SenderNotEligibleError, SenderSuspendedError, UnknownBillboardError } from "./errors";

/** Default size limit of a submitted envelope (the delivery service's). */
export const DEFAULT_BILLBOARD_SIZE_LIMIT = 100_000;
/** Messages `dm3_billboard_getMessages` returns by default (the reference client asks for 50) and at most. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
/** Message types a billboard takes: statements, replies and reactions (all public and anchored). */
export const BILLBOARD_MESSAGE_TYPES: ReadonlySet<string> = new Set(["NEW", "REPLY", "REACTION"]);

/** One billboard the service hosts. */
export interface BillboardConfig {
  /** The billboard's normalized ENS name (it publishes a dm3 profile listing this service as its delivery service). */
  name: string;
  /** The billboard profile's encryption key pair: opens the messages sent to it (billboard messages are public). */
  encryptionKeyPair: KeyPair;
  /** Shown by viewers (`dm3_billboard_properties.name`); default: the ENS name. */
  displayName?: string;
  /** ENS names of its mediators; each must publish a dm3 profile (its signing key signs deletions and suspensions). */
  mediators?: string[];
  /** A token-gate rule set (Dm3RuleSets id) every poster must pass; needs the service's `tokenGate`. */
  ruleSetId?: string;
  /** Minimum seconds between two posts of one sender, for viewers to enforce (`dm3_billboard_properties.time`). */
  minPostIntervalSeconds?: number;
}

/** Options of {@link startBillboardService}. */
export interface BillboardServiceOptions extends CorsOptions {
  billboards: BillboardConfig[];
  /**
   * Keys of the delivery-service profile the billboards' profiles list (`network.dm3.deliveryService`
   * with this service's URL): senders encrypt the delivery information to them.
   */
  deliveryServiceKeys: DeliveryServiceKeys;
  /** Storage (SQLite or PostgreSQL, the delivery service's store). */
  store: MessageStore;
  /** Names and profiles (ENS): senders and mediators. */
  directory: Directory;
  /** Evaluates the billboards' token-gate rule sets (required when one names a rule set). */
  tokenGate?: TokenGate;
  /** Batching and anchoring; without it messages are served but never batched. */
  anchoring?: AnchoringOptions;
  /** Called at each anchoring stage (tests, metrics). */
  onAnchorStage?: AnchorStageHook;
  /** Envelope crypto (default: the SDK's messaging module). */
  crypto?: EnvelopeCrypto;
  /** Largest accepted envelope, bytes (default 100 000). */
  sizeLimit?: number;
  /** How far in the future a message's timestamp may be, ms (default 5 minutes). */
  maxClockSkewMs?: number;
  /** How old a message's timestamp may be when it arrives, ms (default 1 hour). */
  maxMessageAgeMs?: number;
  /** Check at start-up that each billboard publishes a profile with `encryptionKeyPair`'s public key (default true). */
  checkProfiles?: boolean;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The service's public URL (emitted with anchors); default its listening URL. */
  publicUrl?: string;
  /** pino logger, or a level for the default one (stdout). Default "info". */
  logger?: Logger | string;
  /** How long close() lets in-flight requests (and an anchor transaction) finish, ms (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Close the store on close() (default true). */
  ownsStore?: boolean;
  /**
   * Per-client limit of posting (`dm3_submitMessage`), a token bucket per client address; reads
   * are not limited. Default the delivery service's (20/s, bursts of 200); false: none.
   */
  rateLimit?: RateLimitSetting;
  /** Trust `X-Forwarded-For` from this many reverse proxies in front (true: one). Default false: ignored. */
  trustProxy?: TrustProxy;
}

/** A running billboard service. */
export interface BillboardService {
  url: string;
  port: number;
  store: MessageStore;
  /** Builds whatever waits into batches and anchors every unanchored batch now (no-op without anchoring). */
  flush(billboard?: string): Promise<StoredBatch[]>;
  /** Stops accepting, lets in-flight requests and the running anchor job finish, closes viewers and (if owned) the store. */
  close(): Promise<void>;
}

interface Board {
  config: BillboardConfig;
  mediators: string[];
}

type Handler = (req: Request, res: Response) => Promise<void>;

function text(value: unknown, what: string, max = 256): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max) throw new InvalidInputError(`${what} must be a non-empty string of at most ${max} characters`);
  return value;
}

/** An optional non-negative integer given as a number or a decimal string (the reference client sends strings). */
function optionalInteger(value: unknown, what: string, max: number): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new InvalidInputError(`${what} must be an integer from 0 to ${max}`);
  return n;
}

function messageIdParam(value: unknown, what: string): string {
  const id = text(value, what, 66);
  if (!/^0x[0-9a-fA-F]{64}$/.test(id)) throw new InvalidInputError(`${what} must be a message id (0x and 64 hex digits)`);
  return id;
}

/**
 * Starts a billboard service (DM3BMP): it takes dm3 envelopes addressed to the billboards it hosts
 * (`dm3_submitMessage`, as the delivery service their profiles list), verifies each sender, keeps
 * the messages in the delivery service's storage, serves them unencrypted (`dm3_billboard_*`),
 * lets mediators delete messages and suspend senders, and batches and anchors them on chain.
 * Browsers may call it from `allowedOrigins` only (none by default).
 * @throws BillboardServiceConfigError, CorsConfigError
 */
export async function startBillboardService(options: BillboardServiceOptions): Promise<BillboardService> {
  const sizeLimit = options.sizeLimit ?? DEFAULT_BILLBOARD_SIZE_LIMIT;
  if (!Number.isInteger(sizeLimit) || sizeLimit < 1000) throw new BillboardServiceConfigError(`sizeLimit must be an integer >= 1000, got ${sizeLimit}`);
  const maxClockSkewMs = options.maxClockSkewMs ?? 5 * 60_000;
  const maxMessageAgeMs = options.maxMessageAgeMs ?? 3_600_000;
  const log: Logger = typeof options.logger === "object" ? options.logger : pino({ level: options.logger ?? "info", base: { service: "dm3-billboard" } });
  const { store, directory } = options;
  const boards = configureBoards(options);
  const origins = new OriginPolicy(options.allowedOrigins);
  const throttle = new ClientThrottle(options.rateLimit, options.trustProxy);
  if (options.checkProfiles !== false) await checkBillboardProfiles(directory, boards);

  const trees = new BatchTrees(store.billboards);
  let anchorInfo: BillboardProofAnswer["anchor"] = null;
  if (options.anchoring) anchorInfo = { address: options.anchoring.anchor, chainId: Number((await options.anchoring.signer.provider!.getNetwork()).chainId) };
  const bodyLimit = sizeLimit * 2 + 16_384;

  function boardOf(value: unknown, what: string): Board {
    const name = text(value, what);
    const board = boards.get(name);
    if (board) return board;
    if (!isNormalized(name)) throw new InvalidInputError(`${what} "${name.slice(0, 80)}" is not a normalized ENS name`);
    throw new UnknownBillboardError(name);
  }

  let anchorer: BatchAnchorer | undefined;

  /** The one verification path of a post: envelope, sender, message, eligibility, then store. */
  async function submit(raw: unknown): Promise<{ created: boolean; billboard: string; messageId: string }> {
    const { envelope, to, from } = await openSubmission({ sizeLimit, crypto: options.crypto, keys: options.deliveryServiceKeys }, raw);
    const board = boards.get(to);
    if (!board) throw new UnknownReceiverError(to, "is not a billboard of this service");
    const sender = await authenticateSender(directory, from, envelope);
    const message = openMessage(envelope, board);
    checkMessage(message, board, from, sender);
    const senderAddress = sender.address.toLowerCase();
    if (await store.billboards.isSuspended(board.config.name, from, senderAddress)) throw new SenderSuspendedError(board.config.name, from);
    if (board.config.ruleSetId !== undefined && !(await options.tokenGate!.check(board.config.ruleSetId, sender.address))) {
      throw new SenderNotEligibleError(board.config.name, from, board.config.ruleSetId);
    }
    const messageId = getMessageHash(message);
    const { created } = await store.billboards.append({
      billboard: board.config.name,
      id: messageId,
      sender: from,
      senderAddress,
      timestamp: message.metadata.timestamp,
      body: stringify(message),
      receivedAt: Date.now(),
    });
    if (created) {
      io.emit(`message-${board.config.name}`, message);
      anchorer?.notify(board.config.name);
    }
    return { created, billboard: board.config.name, messageId };
  }

  function openMessage(envelope: AnyEncryptionEnvelope, board: Board): Message {
    let message: Message;
    try {
      message = decryptMessage(envelope, { publicKey: board.config.encryptionKeyPair.publicKey, privateKey: board.config.encryptionKeyPair.privateKey });
    } catch (e) {
      throw new InvalidInputError(`the message cannot be opened with ${board.config.name}'s key: ${(e as Error).message.slice(0, 120)}`, { cause: e });
    }
    const expected = "messageHash" in envelope.metadata ? getMessageHash(message) : sha256Hex(stringify(envelope.message));
    const carried = "messageHash" in envelope.metadata ? envelope.metadata.messageHash : envelope.metadata.encryptedMessageHash;
    if (carried !== expected) throw new InvalidInputError("the envelope's message hash does not match its message");
    return message;
  }

  function checkMessage(message: Message, board: Board, from: string, sender: DirectoryProfile): void {
    try {
      validateMessage(message);
      billboardLeaf(message as unknown as BillboardMessage);
    } catch (e) {
      throw new InvalidInputError((e as Error).message.slice(0, 200), { cause: e });
    }
    if (message.metadata.from !== from) throw new ForgedSenderError(from, `the message inside is from "${message.metadata.from}"`);
    if (message.metadata.to !== board.config.name) throw new InvalidInputError(`the message is addressed to "${message.metadata.to}", not to ${board.config.name}`);
    if (!BILLBOARD_MESSAGE_TYPES.has(message.metadata.type)) throw new InvalidInputError(`a billboard takes ${[...BILLBOARD_MESSAGE_TYPES].join(", ")} messages, not ${message.metadata.type}`);
    const now = Date.now();
    if (message.metadata.timestamp > now + maxClockSkewMs) throw new InvalidInputError(`the message's timestamp is more than ${maxClockSkewMs} ms in the future`);
    if (message.metadata.timestamp < now - maxMessageAgeMs) throw new InvalidInputError(`the message's timestamp is more than ${maxMessageAgeMs} ms in the past`);
    if (!isMessageSignatureValid(message, sender.profile.publicSigningKey)) throw new ForgedSenderError(from, "the message signature does not match the sender's published signing key");
  }

  /** The mediator's published signing key, after checking that it mediates `board` (or any board, for suspensions). */
  async function mediatorKey(mediatorParam: unknown, mediates: (name: string) => boolean): Promise<{ name: string; key: string }> {
    const mediator = text(mediatorParam, "the mediator");
    if (!isNormalized(mediator) || !mediates(mediator)) throw new MediatorUnauthorizedError(mediator, "not a mediator of this billboard");
    const profile = await directory.profile(mediator);
    if (!profile.found) throw new MediatorUnauthorizedError(mediator, `no valid dm3 profile (${profile.reason.slice(0, 120)})`);
    return { name: mediator, key: profile.value.profile.publicSigningKey };
  }

  async function deleteMessage(p: unknown[]): Promise<boolean> {
    const board = boardOf(p[0], "the billboard (params[0])");
    const idMessage = messageIdParam(p[1], "the message id (params[1])");
    const signature = text(p[3], "the signature (params[3])", 256);
    const mediator = await mediatorKey(p[2], (m) => board.mediators.includes(m));
    if (!isDeletionSignatureValid(mediator.key, board.config.name, idMessage, signature)) throw new MediatorUnauthorizedError(mediator.name, "the signature is not by its profile signing key over this deletion");
    const id = idMessage.toLowerCase();
    if (!(await store.billboards.get(board.config.name, id))) throw new BillboardMessageNotFoundError(board.config.name, id);
    const { created } = await store.billboards.moderate({ billboard: board.config.name, kind: "message", target: id, mediator: mediator.name, signature, at: Date.now() });
    log.info({ event: "message-deleted", billboard: board.config.name, messageId: id, mediator: mediator.name, created }, "message deleted by a mediator");
    return true;
  }

  async function suspendSender(p: unknown[]): Promise<boolean> {
    const blockedSender = text(p[0], "the sender (params[0])");
    const signature = text(p[2], "the signature (params[2])", 256);
    let target: string;
    if (isAddress(blockedSender)) target = blockedSender.toLowerCase();
    else if (isNormalized(blockedSender)) target = blockedSender;
    else throw new InvalidInputError("the sender (params[0]) must be an address or a normalized ENS name");
    const mediated = (m: string) => [...boards.values()].filter((b) => b.mediators.includes(m));
    const mediator = await mediatorKey(p[1], (m) => mediated(m).length > 0);
    if (!isSuspensionSignatureValid(mediator.key, blockedSender, signature)) throw new MediatorUnauthorizedError(mediator.name, "the signature is not by its profile signing key over this suspension");
    for (const board of mediated(mediator.name)) {
      await store.billboards.moderate({ billboard: board.config.name, kind: "sender", target, mediator: mediator.name, signature, at: Date.now() });
      log.info({ event: "sender-suspended", billboard: board.config.name, sender: target, mediator: mediator.name }, "sender suspended by a mediator");
    }
    return true;
  }

  async function getProof(p: unknown[]): Promise<BillboardProofAnswer> {
    const board = boardOf(p[0], "the billboard (params[0])");
    const id = messageIdParam(p[1], "the message id (params[1])").toLowerCase();
    const row = await store.billboards.get(board.config.name, id);
    if (!row) throw new BillboardMessageNotFoundError(board.config.name, id);
    if (row.hidden) throw new BillboardMessageNotFoundError(board.config.name, id, "no longer serves the message (a mediator removed it)");
    const answer: BillboardProofAnswer = { billboard: board.config.name, messageId: id, status: "pending", message: JSON.parse(row.body) as BillboardMessage, batch: null, proof: null, anchor: anchorInfo };
    if (row.batch === null) return answer;
    const batch = await store.billboards.batch(board.config.name, row.batch);
    if (!batch) throw new ResourceUnavailableError(`batch #${row.batch} of ${board.config.name} is missing`);
    const tree = await trees.get(batch);
    const { billboard: _b, createdAt: _c, gasUsed: _g, ...reported } = batch;
    return { ...answer, status: batch.state, batch: reported as ServiceBatch, proof: getMessageProof(tree, id) };
  }

  async function rpc(method: string, p: unknown[]): Promise<unknown> {
    switch (method) {
      case "dm3_submitMessage": {
        const r = await submit(p[0]);
        log.info({ event: "post", billboard: r.billboard, created: r.created }, "message accepted");
        return "success";
      }
      case "dm3_billboard_getMessages": {
        const board = boardOf(p[0], "the billboard (params[0])");
        const before = optionalInteger(p[1], "the time (params[1])", Number.MAX_SAFE_INTEGER);
        const limit = optionalInteger(p[2], "the limit (params[2])", MAX_PAGE) ?? DEFAULT_PAGE;
        const rows = await store.billboards.list(board.config.name, { before: before === 0 ? undefined : before, limit: Math.max(limit, 1) });
        return { messages: rows.map((r) => JSON.parse(r.body) as BillboardMessage) };
      }
      case "dm3_billboard_list":
        return { billboards: [...boards.keys()] };
      case "dm3_billboard_properties": {
        const { config, mediators } = boardOf(p[0], "the billboard (params[0])");
        return { name: config.displayName ?? config.name, mediators, time: config.minPostIntervalSeconds ?? 0 } satisfies BillboardProperties;
      }
      case "dm3_billboard_countActiveViewers":
        boardOf(p[0], "the billboard (params[0])");
        return { viewers: io.of("/").sockets.size };
      case "dm3_billboard_deleteMessage":
        return deleteMessage(p);
      case "dm3_billboard_suspendSender":
        return suspendSender(p);
      case "dm3_billboard_getProof":
        return getProof(p);
      default:
        throw new MethodNotFoundError(method);
    }
  }

  const app = express();
  app.disable("x-powered-by");
  let closing = false;
  const inFlight = new InFlight();
  app.use((req, res, next) => {
    inFlight.track(res, () => log.debug({ method: req.method, route: req.path.split("/").slice(0, 2).join("/"), status: res.statusCode }, "request"));
    if (closing) res.setHeader("Connection", "close");
    // Browser pages on options.allowedOrigins only (default none); other origins get 403.
    if (origins.handle(req, res)) return;
    next();
  });
  app.use(express.json({ limit: bodyLimit, strict: false }));

  app.get("/health", async (_req, res) => {
    res.json({ status: closing ? "closing" : "ok", storage: store.kind, schemaVersion: await store.schemaVersion(), billboards: boards.size, anchoring: anchorer !== undefined });
  });

  app.post("/rpc", (async (req, res) => {
    const { method, params } = parseJsonRpcRequest(req.body);
    if (method === "dm3_submitMessage") throttle.check(throttle.clientOf(req));
    const result = await rpc(method, params);
    res.status(200).json({ jsonrpc: "2.0", id: requestId(req.body), result });
  }) as Handler);

  app.use((_req: Request, _res: Response) => {
    throw new NotFoundError("no such route");
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e: DeliveryError = toDeliveryError(err, sizeLimit, log, req.path.split("/").slice(0, 2).join("/"));
    const rpc = req.path === "/rpc";
    res.status(errorStatus(res, e, rpc));
    if (rpc) {
      log.info({ event: "rpc-error", code: e.code }, "rejected");
      res.json({ jsonrpc: "2.0", id: requestId(req.body), error: { code: e.rpcCode, message: e.message, data: { code: e.code } } });
      return;
    }
    res.json({ error: e.message, code: e.code });
  });

  const server: Server = createServer(app);
  server.keepAliveTimeout = 5000;
  // Viewers (socket.io) receive `message-<billboard>` with each new message, as the reference's billboard client sends them.
  const io = new SocketServer(server, {
    path: "/socket.io",
    cors: { origin: origins.allowed, methods: ["GET", "POST"] },
    allowRequest: (req, callback) => callback(null, origins.check(req.headers.origin) !== "refused"),
    maxHttpBufferSize: 4096,
    serveClient: false,
  });

  const { url } = await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;

  if (options.anchoring) {
    anchorer = new BatchAnchorer(store.billboards, [...boards.keys()], options.anchoring, trees, log, options.onAnchorStage, options.publicUrl ?? url);
    await anchorer.start();
  }
  log.info({ url, storage: store.kind, billboards: [...boards.keys()], anchoring: anchorer !== undefined }, "billboard service listening");

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    flush: (billboard) => (anchorer ? anchorer.flush(billboard === undefined ? undefined : boardOf(billboard, "the billboard").config.name) : Promise.resolve([])),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        io.local.disconnectSockets(true);
        const timeout = options.shutdownTimeoutMs ?? 10_000;
        await inFlight.drain(timeout);
        await withTimeout(anchorer?.close() ?? Promise.resolve(), timeout);
        server.closeAllConnections();
        await stopped;
        io.removeAllListeners();
        if (options.ownsStore !== false) await store.close();
        log.info("billboard service stopped");
      })()),
  };
}

/** Counts requests until their responses close, so that shutdown can wait for them. */
class InFlight {
  private active = 0;
  private drained?: () => void;

  track(res: Response, onDone: () => void): void {
    this.active++;
    res.once("close", () => {
      this.active--;
      if (this.active === 0) this.drained?.();
      onDone();
    });
  }

  /** Resolves once no request is in flight, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => (this.drained = resolve)), timeoutMs);
  }
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  return Promise.race([p, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
}

/** The billboards by name, with their mediators. @throws BillboardServiceConfigError */
function configureBoards(options: BillboardServiceOptions): Map<string, Board> {
  if (options.billboards.length === 0) throw new BillboardServiceConfigError("no billboard configured");
  const boards = new Map<string, Board>();
  for (const config of options.billboards) {
    let name: string;
    try {
      name = inputName(config.name, "billboard name");
    } catch (e) {
      throw new BillboardServiceConfigError(`billboard "${config.name}" is not a valid ENS name`, { cause: e });
    }
    if (name !== config.name) throw new BillboardServiceConfigError(`billboard "${config.name}" is not normalized (${name})`);
    if (boards.has(name)) throw new BillboardServiceConfigError(`billboard ${name} is configured twice`);
    const mediators = config.mediators ?? [];
    for (const m of mediators) if (!isNormalized(m)) throw new BillboardServiceConfigError(`mediator "${m}" of ${name} is not a normalized ENS name`);
    if (config.ruleSetId !== undefined && !options.tokenGate) throw new BillboardServiceConfigError(`${name} requires rule set ${config.ruleSetId}, but the service has no token gate`);
    boards.set(name, { config, mediators: [...mediators] });
  }
  return boards;
}

/** Each billboard must publish a dm3 profile whose encryption key is the configured one. @throws BillboardServiceConfigError */
async function checkBillboardProfiles(directory: Directory, boards: Map<string, Board>): Promise<void> {
  for (const [name, board] of boards) {
    let found;
    try {
      found = await directory.profile(name);
    } catch (e) {
      throw new BillboardServiceConfigError(`cannot read ${name}'s profile: ${(e as Error).message}`, { cause: e });
    }
    if (!found.found) throw new BillboardServiceConfigError(`${name} publishes no valid dm3 profile: ${found.reason}`);
    if (found.value.profile.publicEncryptionKey !== board.config.encryptionKeyPair.publicKey) {
      throw new BillboardServiceConfigError(`${name}'s published profile has another encryption key than the one configured`);
    }
  }
}
