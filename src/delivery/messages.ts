import { Dm3Error } from "../errors";
import { buildEnvelopes, createMessage, openEnvelope, type OpenedEnvelope, type SendOptions } from "../messaging";
import { resolveDeliveryServiceProfile, resolveProfile, type EnsProvider } from "../profile/resolve";
import type { ProfileKeys } from "../profile/types";
import { DeliveryServiceClient, type DeliveryClientOptions } from "./client";
import type { AnyEncryptionEnvelope } from "./types";

/** What {@link sendMessage} did per delivery service of the receiver. */
export interface SendReport {
  /** `sha256(stringify(message))`, the message's id. */
  messageHash: string;
  delivered: { deliveryService: string; url: string }[];
  failed: { deliveryService: string; reason: string }[];
}

/** The message could be delivered to none of the receiver's delivery services. */
export class NotDeliveredError extends Dm3Error {
  constructor(to: string, reasons: string[]) {
    super("DS_NOT_DELIVERED", `no delivery service of ${to} accepted the message: ${reasons.join("; ")}`);
  }
}

/**
 * Sends a text message from `from` to `to`: signs it, builds one envelope per delivery service the
 * receiver lists (resolved through ENS) and submits each with `dm3_submitMessage`.
 * @throws NotDeliveredError when no delivery service accepted it, and the errors of `buildEnvelopes`
 */
export async function sendMessage(
  provider: EnsProvider,
  senderKeys: Pick<ProfileKeys, "signingKeyPair">,
  from: string,
  to: string,
  text: string,
  options: SendOptions & DeliveryClientOptions = {},
): Promise<SendReport> {
  const message = createMessage(to, from, text, senderKeys.signingKeyPair.privateKey);
  const built = await buildEnvelopes(senderKeys, from, to, message, { provider, ...options });
  const report: SendReport = { messageHash: built.envelopes[0].messageHash, delivered: [], failed: built.skipped.map((s) => ({ deliveryService: s.name, reason: s.reason })) };
  for (const e of built.envelopes) {
    try {
      await new DeliveryServiceClient(e.deliveryServiceUrl, options).submit(e.envelope);
      report.delivered.push({ deliveryService: e.deliveryServiceName, url: e.deliveryServiceUrl });
    } catch (err) {
      report.failed.push({ deliveryService: e.deliveryServiceName, reason: (err as Error).message });
    }
  }
  if (report.delivered.length === 0) throw new NotDeliveredError(to, report.failed.map((f) => `${f.deliveryService}: ${f.reason}`));
  return report;
}

/** One fetched envelope: opened and verified, or why it could not be. */
export type InboxEntry =
  | { ok: true; deliveryService: string; opened: OpenedEnvelope; envelope: AnyEncryptionEnvelope }
  | { ok: false; deliveryService: string; error: { code: string; message: string }; envelope: AnyEncryptionEnvelope };

/** Options of {@link fetchInbox}. */
export interface FetchInboxOptions extends DeliveryClientOptions {
  /** Acknowledge the fetched envelopes (verified or not) so the delivery service drops them. */
  ack?: boolean;
}

/**
 * Fetches `name`'s incoming envelopes from every delivery service its profile lists (challenge
 * login with the profile's Ed25519 key), opens and verifies each with `openEnvelope` (message
 * signature against the sender's resolved profile, postmark against that delivery service's
 * profile) and, with `ack`, acknowledges them.
 */
export async function fetchInbox(provider: EnsProvider, keys: Pick<ProfileKeys, "encryptionKeyPair" | "signingKeyPair">, name: string, options: FetchInboxOptions = {}): Promise<InboxEntry[]> {
  const own = await resolveProfile(provider, name);
  const entries: InboxEntry[] = [];
  for (const dsName of own.profile.deliveryServices) {
    const ds = await resolveDeliveryServiceProfile(provider, dsName);
    const client = new DeliveryServiceClient(ds.profile.url, options);
    const token = await client.login(name, keys.signingKeyPair.privateKey);
    const envelopes = await client.incoming(name, token);
    const acks: { contactAddress: string; messageHash: string }[] = [];
    for (const envelope of envelopes) {
      try {
        const opened = await openEnvelope(envelope, keys, { provider, ownName: name, deliveryService: ds.profile, requirePostmark: true });
        entries.push({ ok: true, deliveryService: dsName, opened, envelope });
      } catch (e) {
        const err = e as { code?: string; message?: string };
        entries.push({ ok: false, deliveryService: dsName, error: { code: err.code ?? "UNKNOWN", message: err.message ?? String(e) }, envelope });
      }
      const info = envelope.metadata.deliveryInformation;
      const hash = "messageHash" in envelope.metadata ? envelope.metadata.messageHash : envelope.metadata.encryptedMessageHash;
      if (typeof info === "object") acks.push({ contactAddress: info.from, messageHash: hash });
    }
    if (options.ack && acks.length > 0) await client.acknowledge(name, token, acks);
  }
  return entries;
}
