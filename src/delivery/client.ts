import { Dm3Error } from "../errors";
import type { SignedUserProfile } from "../profile/types";
import { signEd25519 } from "../crypto";
import type { Acknowledgement, AnyEncryptionEnvelope, DeliveryServiceProperties, ProfileExtension, SpamFilterRules } from "./types";

/** A delivery service answered with an error (JSON-RPC error or non-2xx REST status). */
export class DeliveryRequestError extends Dm3Error {
  /** HTTP status. */
  readonly status: number;
  /** JSON-RPC error code, when the answer carried one. */
  readonly rpcCode?: number;

  constructor(status: number, message: string, rpcCode?: number) {
    super("DS_REQUEST_FAILED", message);
    this.status = status;
    this.rpcCode = rpcCode;
  }
}

/** Options of {@link DeliveryServiceClient}. */
export interface DeliveryClientOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per request, default 15 000 ms. */
  timeoutMs?: number;
}

/**
 * A client of a dm3 delivery service, following the reference client's flows: JSON-RPC
 * submit, sign-up (`POST /profile`), challenge-response login (`/auth`), incoming messages and
 * acknowledgements, plus the spam-rule route.
 */
export class DeliveryServiceClient {
  private readonly fetcher: typeof fetch;
  private readonly timeoutMs: number;
  private nextId = 1;

  constructor(
    readonly baseUrl: string,
    options: DeliveryClientOptions = {},
  ) {
    // Called as a plain function: browsers refuse `fetch` called as another object's method.
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  private async request(path: string, init: { method: string; body?: unknown; token?: string }): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const res = await this.fetcher(this.baseUrl.replace(/\/$/, "") + path, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const rpcErr = (json as { error?: { code?: number; message?: string } } | undefined)?.error;
    if (!res.ok || (typeof rpcErr === "object" && rpcErr !== null)) {
      const message = typeof rpcErr === "object" && rpcErr ? rpcErr.message : typeof rpcErr === "string" ? rpcErr : `HTTP ${res.status}`;
      throw new DeliveryRequestError(res.status, `${init.method} ${path.split("?")[0]}: ${message ?? `HTTP ${res.status}`}`, typeof rpcErr === "object" && rpcErr ? rpcErr.code : undefined);
    }
    return json;
  }

  /** Calls a JSON-RPC method and returns its `result`. @throws DeliveryRequestError */
  async rpc(method: string, params: unknown[] = []): Promise<unknown> {
    const answer = (await this.request("/rpc", { method: "POST", body: { jsonrpc: "2.0", id: this.nextId++, method, params } })) as { result?: unknown };
    return answer.result;
  }

  /** Submits an encrypted envelope (`dm3_submitMessage`, the envelope as a JSON string like the reference client). */
  async submit(envelope: AnyEncryptionEnvelope): Promise<void> {
    await this.rpc("dm3_submitMessage", [JSON.stringify(envelope)]);
  }

  /** `dm3_getDeliveryServiceProperties`, parsed. */
  async properties(): Promise<DeliveryServiceProperties> {
    return JSON.parse((await this.rpc("dm3_getDeliveryServiceProperties")) as string) as DeliveryServiceProperties;
  }

  /** `dm3_getProfileExtension(name)`, parsed. */
  async profileExtension(name: string): Promise<ProfileExtension> {
    return JSON.parse((await this.rpc("dm3_getProfileExtension", [name])) as string) as ProfileExtension;
  }

  /** Signs `name` up with the signed profile it publishes (`POST /profile/:name`). */
  async signUp(name: string, signedProfile: SignedUserProfile): Promise<void> {
    await this.request(`/profile/${encodeURIComponent(name)}`, { method: "POST", body: signedProfile });
  }

  /**
   * Logs in: fetches a challenge, signs it with the profile's Ed25519 key (base64, libsodium
   * 64-byte format) and returns the auth token.
   */
  async login(name: string, signingPrivateKey: string): Promise<string> {
    const path = `/auth/${encodeURIComponent(name)}`;
    const challenge = (await this.request(path, { method: "GET" })) as string;
    const signature = signEd25519(signingPrivateKey, challenge);
    return (await this.request(path, { method: "POST", body: { challenge, signature } })) as string;
  }

  /** The envelopes waiting for `name`. */
  async incoming(name: string, token: string): Promise<AnyEncryptionEnvelope[]> {
    return (await this.request(`/delivery/messages/incoming/${encodeURIComponent(name)}`, { method: "GET", token })) as AnyEncryptionEnvelope[];
  }

  /** Drops delivered envelopes; returns how many were dropped. */
  async acknowledge(name: string, token: string, acknowledgements: Acknowledgement[]): Promise<number> {
    const r = (await this.request(`/delivery/messages/${encodeURIComponent(name)}/syncAcknowledgements`, { method: "POST", token, body: { acknowledgements } })) as { acknowledged: number };
    return r.acknowledged;
  }

  async getSpamFilterRules(name: string, token: string): Promise<SpamFilterRules> {
    return (await this.request(`/delivery/spamFilterRules/${encodeURIComponent(name)}`, { method: "GET", token })) as SpamFilterRules;
  }

  async setSpamFilterRules(name: string, token: string, rules: SpamFilterRules): Promise<SpamFilterRules> {
    return (await this.request(`/delivery/spamFilterRules/${encodeURIComponent(name)}`, { method: "POST", token, body: rules })) as SpamFilterRules;
  }
}
