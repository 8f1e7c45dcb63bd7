import { sha256Hex, type Base64KeyPair } from "../crypto";
import { resolveDeliveryServiceProfile, resolveProfile, type EnsProvider, type ResolveProfileOptions, type ResolvedDeliveryService, type ResolvedProfile } from "../profile/resolve";
import type { ReadRecordOptions } from "../profile/records";
import type { DeliveryServiceProfile } from "../profile/types";
import { isNormalized } from "../names/normalize";
import { stringify } from "../shared/json";
import { decryptMessage, verifyMetadataSignature } from "./envelope";
import {
  MessageHashMismatchError,
  MessageSignatureInvalidError,
  PostmarkHashMismatchError,
  MetadataSignatureInvalidError,
  PostmarkInvalidError,
  PostmarkUnverifiableError,
  ProviderRequiredError,
  ReceiverNameMismatchError,
  SenderNameInvalidError,
  SenderNameMismatchError,
  SenderProfileInvalidError,
} from "./errors";
import { getMessageHash, isMessageSignatureValid } from "./message";
import { decryptPostmark, getPostmarkMessageHash, isPostmarkSignatureValid } from "./postmark";
import { validateEnvelope } from "./schema";
import type { DeliveryInformation, EnvelopeVariant, Message, Postmark } from "./types";

/** Options of {@link openEnvelope}. */
export interface OpenEnvelopeOptions extends ResolveProfileOptions {
  /** ENS access for the sender's and delivery services' profiles (unless resolvers are given). */
  provider?: EnsProvider;
  /** The receiver's own name: `metadata.to` must equal it, and its delivery services may verify the postmark. */
  ownName?: string;
  /**
   * The delivery service the envelope came from (ENS name or profile): the postmark must be signed by
   * it. Without it, the delivery services of `ownName`'s profile are tried.
   */
  deliveryService?: string | DeliveryServiceProfile;
  /** Refuse an envelope without a postmark (one fetched from a delivery service always has one). */
  requirePostmark?: boolean;
  /** Record-reading options for delivery-service profiles. */
  deliveryServiceRecordOptions?: ReadRecordOptions;
  /** Resolves the sender (or the own name) instead of `resolveProfile(provider, name, options)`. */
  resolveSender?: (name: string) => Promise<ResolvedProfile>;
  /** Resolves a delivery service instead of `resolveDeliveryServiceProfile(provider, name)`. */
  resolveDeliveryService?: (name: string) => Promise<ResolvedDeliveryService>;
}

/** The verdict of each check {@link openEnvelope} makes; any failing check throws its own typed error instead. */
export interface EnvelopeChecks {
  /** The message decrypted with the receiver's key and is a schema-valid message. */
  decryption: "valid";
  /** `messageHash` (git) or `encryptedMessageHash` (npm) matches. */
  messageHash: "valid";
  /** `from` is a normalized name equal to the resolved sender and to the delivery information's `from` (and `to` to `ownName`). */
  senderName: "valid";
  /** Ed25519 message signature by the sender's resolved profile key (§6.2). */
  messageSignature: "valid";
  /** Sender's metadata signature; `unverifiable` once a DS replaced the encrypted delivery information. */
  metadataSignature: "valid" | "unverifiable";
  /** Postmark decrypted, for this message, signed by the delivery service's profile key; `absent` when there is none. */
  postmark: "valid" | "absent";
}

/** A verified incoming message. */
export interface OpenedEnvelope {
  message: Message;
  /** `sha256(stringify(message))`, the id replies and receipts refer to. */
  messageHash: string;
  variant: EnvelopeVariant;
  sender: ResolvedProfile;
  /** The delivery information when the delivery service stored it decrypted. */
  deliveryInformation?: DeliveryInformation;
  postmark?: Postmark;
  /** The delivery service whose key verified the postmark. */
  deliveryService?: string;
  checks: EnvelopeChecks;
}

function provider(options: OpenEnvelopeOptions): EnsProvider {
  if (!options.provider) throw new ProviderRequiredError("openEnvelope");
  return options.provider;
}

async function resolveSenderProfile(name: string, options: OpenEnvelopeOptions): Promise<ResolvedProfile> {
  return options.resolveSender ? options.resolveSender(name) : resolveProfile(provider(options), name, options);
}

async function deliveryServiceCandidates(options: OpenEnvelopeOptions): Promise<{ name: string; profile: Pick<DeliveryServiceProfile, "publicSigningKey"> }[]> {
  const resolveDs = (name: string) =>
    options.resolveDeliveryService ? options.resolveDeliveryService(name) : resolveDeliveryServiceProfile(provider(options), name, options.deliveryServiceRecordOptions);
  if (typeof options.deliveryService === "object") return [{ name: options.deliveryService.url, profile: options.deliveryService }];
  if (typeof options.deliveryService === "string") return [await resolveDs(options.deliveryService)];
  if (!options.ownName) throw new PostmarkUnverifiableError("no delivery service given (options.deliveryService or options.ownName)");
  const own = await resolveSenderProfile(options.ownName, options);
  const settled = await Promise.allSettled(own.profile.deliveryServices.map(resolveDs));
  return settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
}

/**
 * Receiver side, end to end, stricter than the reference (Part A §6): validates the envelope (git or
 * npm variant), decrypts the message with `ownKeys`, checks the envelope's message hash, the sender
 * name rules, the message signature against the sender's **resolved** profile (any path: on-chain,
 * CCIP-Read, aliases via options), the metadata signature while it is still verifiable, and
 * decrypts and verifies the postmark against the delivery service's profile. Returns the message
 * only when every check passed; each failure has its own typed error, so a tampered envelope never
 * yields a message.
 * @param envelope an envelope object or its JSON text
 * @throws InvalidEnvelopeError, MessageDecryptionFailedError, InvalidMessageError, MessageHashMismatchError,
 *   SenderNameInvalidError, SenderNameMismatchError, ReceiverNameMismatchError, SenderProfileInvalidError,
 *   MessageSignatureInvalidError, MetadataSignatureInvalidError, PostmarkDecryptionFailedError,
 *   PostmarkHashMismatchError, PostmarkInvalidError, PostmarkUnverifiableError, and resolution errors
 */
export async function openEnvelope(envelope: unknown, ownKeys: { encryptionKeyPair: Base64KeyPair }, options: OpenEnvelopeOptions = {}): Promise<OpenedEnvelope> {
  const { variant, envelope: env } = validateEnvelope(typeof envelope === "string" ? parseEnvelopeText(envelope) : envelope);

  const message = decryptMessage(env, ownKeys.encryptionKeyPair);
  const messageHash = getMessageHash(message);
  if ("messageHash" in env.metadata) {
    if (env.metadata.messageHash !== messageHash) throw new MessageHashMismatchError("messageHash", messageHash, env.metadata.messageHash);
  } else {
    const expected = sha256Hex(stringify(env.message));
    if (env.metadata.encryptedMessageHash !== expected) throw new MessageHashMismatchError("encryptedMessageHash", expected, env.metadata.encryptedMessageHash);
  }

  const from = message.metadata.from;
  if (!isNormalized(from)) throw new SenderNameInvalidError(from, "not a normalized ENS name");
  const info = typeof env.metadata.deliveryInformation === "object" ? env.metadata.deliveryInformation : undefined;
  if (info && info.from !== from) throw new SenderNameMismatchError(`the message is from "${from}", the delivery information from "${info.from}"`);
  if (options.ownName !== undefined && message.metadata.to !== options.ownName) {
    throw new ReceiverNameMismatchError(`the message is to "${message.metadata.to}", not to "${options.ownName}"`);
  }

  const sender = await resolveSenderProfile(from, options);
  if ((sender.alias ?? sender.name) !== from) throw new SenderNameMismatchError(`"${from}" resolved as "${sender.alias ?? sender.name}"`);
  if (!sender.valid) throw new SenderProfileInvalidError(from, sender.reason ?? "invalid signature");
  if (!isMessageSignatureValid(message, sender.profile.publicSigningKey)) throw new MessageSignatureInvalidError(from);

  const metadataVerdict = verifyMetadataSignature(env, sender.profile.publicSigningKey);
  if (metadataVerdict === "invalid") throw new MetadataSignatureInvalidError(from);

  let postmark: Postmark | undefined;
  let deliveryService: string | undefined;
  if (env.postmark !== undefined) {
    postmark = decryptPostmark(env, ownKeys.encryptionKeyPair);
    const expected = getPostmarkMessageHash(env);
    if (postmark.messageHash !== expected) throw new PostmarkHashMismatchError(expected, postmark.messageHash);
    const candidates = await deliveryServiceCandidates(options);
    const signer = candidates.find((ds) => isPostmarkSignatureValid(postmark!, ds.profile.publicSigningKey));
    if (!signer) {
      const tried = candidates.map((c) => c.name).join(", ") || "none resolvable";
      throw new PostmarkInvalidError(`not signed by the delivery service (tried ${tried})`);
    }
    deliveryService = signer.name;
  } else if (options.requirePostmark) {
    throw new PostmarkUnverifiableError("the envelope has no postmark");
  }

  return {
    message,
    messageHash,
    variant,
    sender,
    ...(info ? { deliveryInformation: info } : {}),
    ...(postmark ? { postmark, deliveryService } : {}),
    checks: {
      decryption: "valid",
      messageHash: "valid",
      senderName: "valid",
      messageSignature: "valid",
      metadataSignature: metadataVerdict,
      postmark: postmark ? "valid" : "absent",
    },
  };
}

function parseEnvelopeText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // validateEnvelope reports it as not an envelope
  }
}
