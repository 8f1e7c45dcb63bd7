import { normalizeName } from "../names/normalize";
import { sha256, stringify } from "../shared/json";
import type { Directory, DirectoryProfile } from "./directory";
import { getEnvelopeSize, InvalidEnvelopeError, validateEnvelope, verifyMetadataSignature } from "../messaging";
import { sdkEnvelopeCrypto, type EnvelopeCrypto } from "./envelopeCrypto";
import { EnvelopeTooLargeError, ForgedSenderError, InvalidInputError, UnknownReceiverError } from "./errors";
import type { DeliveryServiceKeys } from "./keys";
import { checkSpamRules, type ChainReader } from "./spam";
import type { MessageStore } from "./storage/types";
import type { AnyEncryptionEnvelope, DeliveryInformation, TokenGate } from "./types";

/** Where the time of a submit goes (nanoseconds summed per stage), for benchmarks. */
export interface StageTimings {
  parse: number;
  decrypt: number;
  receiver: number;
  sender: number;
  verify: number;
  spam: number;
  postmark: number;
  store: number;
  count: number;
}

export function emptyTimings(): StageTimings {
  return { parse: 0, decrypt: 0, receiver: 0, sender: 0, verify: 0, spam: 0, postmark: 0, store: 0, count: 0 };
}

/** What the submit pipeline works with. */
export interface SubmitContext {
  store: MessageStore;
  directory: Directory;
  /** Default: the SDK's messaging module. */
  crypto?: EnvelopeCrypto;
  keys: DeliveryServiceKeys;
  /** Largest accepted envelope in bytes (UTF-8 length of its canonical JSON). */
  sizeLimit: number;
  /** Envelope lifetime in ms; 0 keeps envelopes until acknowledged. */
  messageTtlMs: number;
  chain?: ChainReader;
  tokenGate?: TokenGate;
  now?: () => number;
  timings?: StageTimings;
}

/** What a successful submit did. */
export interface SubmitResult {
  /** False when the same envelope was stored before (nothing new stored). */
  created: boolean;
  receiver: string;
}

/** The metadata hash an envelope carries (git variant `messageHash`, npm variant `encryptedMessageHash`). */
export function envelopeHash(envelope: AnyEncryptionEnvelope): string {
  return "messageHash" in envelope.metadata ? envelope.metadata.messageHash : envelope.metadata.encryptedMessageHash;
}

/** The conversation id of `receiverId` with sender `from` (the reference's `<address>,<sender name>`). */
export function conversationId(receiverId: string, from: string): string {
  return `${receiverId},${from}`;
}

// Names repeat (the same senders and receivers): remember recent normalizations (ENSIP-15 is costly).
const normalized = new Map<string, string>();

/** `value` ENSIP-15 normalized. @throws InvalidInputError naming `what` */
export function inputName(value: string, what: string): string {
  const known = normalized.get(value);
  if (known !== undefined) return known;
  let name: string;
  try {
    name = normalizeName(value);
  } catch (e) {
    throw new InvalidInputError(`${what} is not a valid ENS name`, { cause: e });
  }
  if (normalized.size >= 10_000) normalized.clear();
  normalized.set(value, name);
  return name;
}

/** An envelope as submitted, checked up to its decrypted delivery information. */
export interface OpenedSubmission {
  envelope: AnyEncryptionEnvelope;
  info: DeliveryInformation;
  /** `info.to` and `info.from`, ENSIP-15 normalized. */
  to: string;
  from: string;
}

type Lap = (stage: Exclude<keyof StageTimings, "count">) => void;

/**
 * The first steps of the submit pipeline, shared by every service that takes dm3 envelopes:
 * parse and schema-check (`raw` is the envelope or its JSON text), size limit, no postmark yet,
 * decrypt the delivery information with this service's key, normalize its names.
 * @throws InvalidInputError, EnvelopeTooLargeError
 */
export async function openSubmission(ctx: Pick<SubmitContext, "sizeLimit" | "crypto" | "keys">, raw: unknown, lap: Lap = () => {}): Promise<OpenedSubmission> {
  if (raw === undefined || raw === null) throw new InvalidInputError("the envelope is missing (params[0])");
  let parsed: unknown = raw;
  if (typeof raw === "string") {
    // A JSON string cannot be smaller than its canonical form by more than its whitespace; refuse huge ones unparsed.
    if (raw.length > ctx.sizeLimit * 4) throw new EnvelopeTooLargeError(undefined, ctx.sizeLimit);
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new InvalidInputError("the envelope is not valid JSON");
    }
  }
  let envelope: AnyEncryptionEnvelope;
  try {
    envelope = validateEnvelope(parsed).envelope;
  } catch (e) {
    if (e instanceof InvalidEnvelopeError) throw new InvalidInputError(e.message, { cause: e });
    throw e;
  }
  const size = getEnvelopeSize(envelope);
  if (size > ctx.sizeLimit) throw new EnvelopeTooLargeError(size, ctx.sizeLimit);
  if (typeof envelope.metadata.deliveryInformation !== "string") throw new InvalidInputError("the delivery information must be encrypted to the delivery service");
  if (envelope.postmark !== undefined) throw new InvalidInputError("a submitted envelope must not carry a postmark");
  lap("parse");

  const crypto = ctx.crypto ?? sdkEnvelopeCrypto;
  let info: DeliveryInformation;
  try {
    info = (await crypto.decryptDeliveryInformation(envelope.metadata.deliveryInformation, ctx.keys.encryptionKeyPair)) as DeliveryInformation;
  } catch (e) {
    throw new InvalidInputError("the delivery information cannot be decrypted with this delivery service's key", { cause: e });
  }
  if (typeof info !== "object" || info === null || typeof info.to !== "string" || typeof info.from !== "string") {
    throw new InvalidInputError("the delivery information is not {to, from}");
  }
  const to = inputName(info.to, 'the delivery information\'s "to"');
  const from = inputName(info.from, 'the delivery information\'s "from"');
  lap("decrypt");
  return { envelope, info, to, from };
}

/**
 * Sender authentication: `from` must publish a valid dm3 profile, and the envelope's metadata
 * signature must be by that profile's signing key. Returns the sender's profile and address.
 * @throws ForgedSenderError, ResourceUnavailableError
 */
export async function authenticateSender(directory: Directory, from: string, envelope: AnyEncryptionEnvelope, lap: Lap = () => {}): Promise<DirectoryProfile> {
  const sender = await directory.profile(from);
  if (!sender.found) throw new ForgedSenderError(from, sender.reason);
  lap("sender");
  if (verifyMetadataSignature(envelope, sender.value.profile.publicSigningKey) !== "valid") {
    throw new ForgedSenderError(from, "the metadata signature does not match the sender's published signing key");
  }
  lap("verify");
  return sender.value;
}

/**
 * Accepts one envelope (`dm3_submitMessage` / socket `submitMessage`), in the order of the
 * reference pipeline plus sender authentication: parse and schema-check, size limit, decrypt
 * the delivery information, the receiver must resolve and have an account, the metadata
 * signature must be by the sender's published profile key, the receiver's spam rules, then
 * postmark and store (idempotent: the same envelope again stores nothing and succeeds).
 * @throws InvalidInputError, EnvelopeTooLargeError, UnknownReceiverError, ForgedSenderError,
 *   SpamFilteredError, ResourceUnavailableError, StorageError
 */
export async function submitEnvelope(ctx: SubmitContext, raw: unknown): Promise<SubmitResult> {
  const t = ctx.timings;
  let mark = t ? process.hrtime.bigint() : 0n;
  const lap: Lap = (stage) => {
    if (!t) return;
    const now = process.hrtime.bigint();
    t[stage] += Number(now - mark);
    mark = now;
  };

  const { envelope, info, to, from } = await openSubmission(ctx, raw, lap);

  const receiverAddress = await ctx.directory.address(to);
  if (!receiverAddress.found) throw new UnknownReceiverError(to, "does not resolve to an address");
  const receiverId = receiverAddress.value.toLowerCase();
  const account = await ctx.store.getAccount(receiverId);
  if (!account) throw new UnknownReceiverError(to);
  lap("receiver");

  const sender = await authenticateSender(ctx.directory, from, envelope, lap);

  await checkSpamRules(account.profileExtension.spamFilterRules, sender.address, ctx.chain, ctx.tokenGate);
  lap("spam");

  const now = (ctx.now ?? Date.now)();
  const crypto = ctx.crypto ?? sdkEnvelopeCrypto;
  const postmark = await crypto.createPostmark(envelope.message, account.signedUserProfile.profile.publicEncryptionKey, ctx.keys.signingKeyPair, now);
  const stored = { ...envelope, metadata: { ...envelope.metadata, deliveryInformation: info }, postmark };
  lap("postmark");

  const ref = envelopeHash(envelope);
  const result = await ctx.store.append({
    receiver: receiverId,
    conversation: conversationId(receiverId, from),
    key: sha256(stringify({ from, ref })),
    ref,
    body: stringify(stored),
    receivedAt: now,
    expiresAt: ctx.messageTtlMs > 0 ? now + ctx.messageTtlMs : null,
  });
  lap("store");
  if (t) t.count++;
  return { created: result.created, receiver: receiverId };
}
