import { buildEnvelopes, createMessage, type SendOptions } from "../messaging";
import { resolveDeliveryServiceProfile, resolveProfile, type EnsProvider } from "../profile/resolve";
import type { ProfileKeys } from "../profile/types";
import { BillboardNotDeliveredError, BillboardRequestError } from "./errors";
import { type BillboardMessage, billboardMessageId } from "./leaf";
import { signDeletion, signSuspension } from "./mediation";
import type { BillboardProof } from "./tree";

// A browser-safe client of a billboard service (DM3BMP JSON-RPC at `<url>/rpc`, plus
// `dm3_billboard_getProof`), and posting: a billboard is a dm3 name whose profile lists the
// delivery service that collects its messages, so a post is a dm3 message sent there.

/** `dm3_billboard_properties`: the billboard's display name, its mediators' ENS names, the UI's minimum seconds between posts. */
export interface BillboardProperties {
  name: string;
  mediators: string[];
  time: number;
}

/** Where a message is on its way to the chain. */
export type BillboardProofStatus = "pending" | "built" | "sending" | "anchored";

/** A batch as the service reports it. */
export interface ServiceBatch {
  /** The service's batch number for this billboard (from 0). */
  number: number;
  root: string;
  messageCount: number;
  firstTimestamp: number;
  lastTimestamp: number;
  state: Exclude<BillboardProofStatus, "pending">;
  /** The anchor transaction, once sent. */
  txHash: string | null;
  /** The anchor contract's sequence number of the batch, once anchored. */
  sequence: number | null;
  blockNumber: number | null;
  /** Block time of the anchor (seconds). */
  anchoredAt: number | null;
}

/** `dm3_billboard_getProof(idBillboard, idMessage)`. */
export interface BillboardProofAnswer {
  billboard: string;
  messageId: string;
  status: BillboardProofStatus;
  /** The message (so the leaf can be checked against it). */
  message: BillboardMessage;
  /** Its batch, null while pending. */
  batch: ServiceBatch | null;
  /** Its inclusion proof in the batch, null while pending. */
  proof: BillboardProof | null;
  /** The anchor contract the service anchors on, when it anchors. */
  anchor: { address: string; chainId: number } | null;
}

/** Options of {@link BillboardServiceClient}. */
export interface BillboardClientOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per request, default 15 000 ms. */
  timeoutMs?: number;
  /** Largest answer read, default 16 MiB. */
  maxResponseBytes?: number;
}

/** Reads at most `max` bytes of a response body as text. */
async function boundedText(res: Response, max: number, what: string): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new BillboardRequestError(res.status, `${what}: the answer exceeds ${max} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** A client of a billboard service's JSON-RPC API. */
export class BillboardServiceClient {
  private readonly fetcher: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private nextId = 1;

  constructor(
    readonly baseUrl: string,
    options: BillboardClientOptions = {},
  ) {
    // Called as the global function: browsers refuse `fetch` called as another object's method ("Illegal invocation").
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  }

  /**
   * Calls a JSON-RPC method and returns its `result`.
   * @throws BillboardRequestError (unreachable, timeout, non-JSON answer, JSON-RPC error with its code)
   */
  async rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    let res: Response;
    try {
      res = await this.fetcher(`${this.baseUrl.replace(/\/$/, "")}/rpc`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const timedOut = (e as { name?: string })?.name === "TimeoutError";
      throw new BillboardRequestError(0, `${method}: ${timedOut ? `no answer within ${this.timeoutMs} ms` : "the billboard service is unreachable"}`, undefined, { cause: e });
    }
    const text = await boundedText(res, this.maxResponseBytes, method);
    let json: { result?: T; error?: { code?: number; message?: string } } | undefined;
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      json = undefined;
    }
    const error = json?.error;
    if (typeof error === "object" && error !== null) throw new BillboardRequestError(res.status, `${method}: ${String(error.message ?? "error")}`, error.code);
    if (!res.ok || json === undefined || !("result" in json)) throw new BillboardRequestError(res.status, `${method}: HTTP ${res.status}, no JSON-RPC result`);
    return json.result as T;
  }

  /** `dm3_billboard_getMessages`: the `limit` newest served messages up to `time` (ms, inclusive), oldest first. */
  async getMessages(billboard: string, options: { time?: number; limit?: number } = {}): Promise<BillboardMessage[]> {
    const params: unknown[] = [billboard];
    if (options.time !== undefined || options.limit !== undefined) params.push(options.time === undefined ? null : String(options.time));
    if (options.limit !== undefined) params.push(String(options.limit));
    return (await this.rpc<{ messages: BillboardMessage[] }>("dm3_billboard_getMessages", params)).messages;
  }

  /** `dm3_billboard_list`: the billboards the service hosts. */
  async list(): Promise<string[]> {
    return (await this.rpc<{ billboards: string[] }>("dm3_billboard_list")).billboards;
  }

  /** `dm3_billboard_properties`. */
  properties(billboard: string): Promise<BillboardProperties> {
    return this.rpc<BillboardProperties>("dm3_billboard_properties", [billboard]);
  }

  /** `dm3_billboard_countActiveViewers`: how many viewers are connected (socket.io). */
  async countActiveViewers(billboard: string): Promise<number> {
    return (await this.rpc<{ viewers: number }>("dm3_billboard_countActiveViewers", [billboard])).viewers;
  }

  /** `dm3_billboard_getProof`: the message's batch, root, proof and anchor. */
  getProof(billboard: string, messageId: string): Promise<BillboardProofAnswer> {
    return this.rpc<BillboardProofAnswer>("dm3_billboard_getProof", [billboard, messageId]);
  }

  /** `dm3_billboard_deleteMessage`, signed with the mediator's profile signing key. */
  async deleteMessage(billboard: string, messageId: string, mediator: string, signingPrivateKey: string): Promise<boolean> {
    return this.rpc<boolean>("dm3_billboard_deleteMessage", [billboard, messageId, mediator, signDeletion(signingPrivateKey, billboard, messageId)]);
  }

  /** `dm3_billboard_suspendSender`, signed with the mediator's profile signing key. */
  async suspendSender(blockedSender: string, mediator: string, signingPrivateKey: string): Promise<boolean> {
    return this.rpc<boolean>("dm3_billboard_suspendSender", [blockedSender, mediator, signSuspension(signingPrivateKey, blockedSender)]);
  }
}

/**
 * The URL of the service that collects `billboard`'s messages: the first delivery service its
 * dm3 profile lists (its `network.dm3.deliveryService` profile's `url`).
 * @throws the profile resolution errors; BillboardNotDeliveredError when the profile lists none
 */
export async function resolveBillboardServiceUrl(provider: EnsProvider, billboard: string): Promise<string> {
  const profile = await resolveProfile(provider, billboard);
  const [first] = profile.profile.deliveryServices;
  if (!first) throw new BillboardNotDeliveredError(billboard, ["its profile lists no delivery service"]);
  return (await resolveDeliveryServiceProfile(provider, first)).profile.url;
}

/** What {@link postToBillboard} did. */
export interface BillboardPostReport {
  /** The message id: `sha256(stringify(message))`. */
  messageId: string;
  message: BillboardMessage;
  delivered: { deliveryService: string; url: string }[];
  failed: { deliveryService: string; reason: string }[];
}

/**
 * Posts `text` from `from` to `billboard`: signs a dm3 message (type NEW) with the sender's
 * profile key, builds one envelope per delivery service the billboard's profile lists (through
 * ENS, as any dm3 client) and submits each (`dm3_submitMessage`).
 * @throws BillboardNotDeliveredError when no service accepted it, and the errors of `buildEnvelopes`
 */
export async function postToBillboard(
  provider: EnsProvider,
  senderKeys: Pick<ProfileKeys, "signingKeyPair">,
  from: string,
  billboard: string,
  text: string,
  options: SendOptions & BillboardClientOptions & { timestamp?: number } = {},
): Promise<BillboardPostReport> {
  const signed = createMessage(billboard, from, text, senderKeys.signingKeyPair.privateKey, undefined, options.timestamp);
  const built = await buildEnvelopes(senderKeys, from, billboard, signed, { provider, ...options });
  const message = signed as unknown as BillboardMessage;
  const report: BillboardPostReport = { messageId: billboardMessageId(message), message, delivered: [], failed: built.skipped.map((s) => ({ deliveryService: s.name, reason: s.reason })) };
  for (const e of built.envelopes) {
    try {
      await new BillboardServiceClient(e.deliveryServiceUrl, options).rpc("dm3_submitMessage", [JSON.stringify(e.envelope)]);
      report.delivered.push({ deliveryService: e.deliveryServiceName, url: e.deliveryServiceUrl });
    } catch (err) {
      report.failed.push({ deliveryService: e.deliveryServiceName, reason: (err as Error).message });
    }
  }
  if (report.delivered.length === 0) throw new BillboardNotDeliveredError(billboard, report.failed.map((f) => `${f.deliveryService}: ${f.reason}`));
  return report;
}

/** The served messages of `billboard` at the service `serviceUrl` (see {@link BillboardServiceClient.getMessages}). */
export function fetchBillboardMessages(serviceUrl: string, billboard: string, options: { time?: number; limit?: number } & BillboardClientOptions = {}): Promise<BillboardMessage[]> {
  return new BillboardServiceClient(serviceUrl, options).getMessages(billboard, options);
}

/**
 * A message's batch and inclusion proof from the service at `serviceUrl`. Check it with
 * `verifyMessageProof(answer.proof, answer.message)` (off-chain) or
 * `checkMessageInclusion(runner, anchor, answer.proof, answer.message)` (against the anchor contract).
 */
export function fetchBillboardProof(serviceUrl: string, billboard: string, messageId: string, options: BillboardClientOptions = {}): Promise<BillboardProofAnswer> {
  return new BillboardServiceClient(serviceUrl, options).getProof(billboard, messageId);
}
