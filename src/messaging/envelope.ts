import {
  CryptoInputError,
  DecryptionFailedError,
  ENCRYPTION_SCHEME,
  InvalidKeyError,
  InvalidPaddingError,
  decryptAsymmetric,
  encryptAsymmetric,
  sha256Hex,
  signEd25519,
  utf8,
  verifyEd25519,
  type Base64KeyPair,
} from "../crypto";
import { Dm3Error } from "../errors";
import type { DeliveryServiceProfile } from "../profile/types";
import { stringify } from "../shared/json";
import { MessageDecryptionFailedError, MessageSigningFailedError } from "./errors";
import { getMessageHash, validateMessage } from "./message";
import { assertEncryptedPayload, assertMessage, parseJsonAs, validateEnvelope } from "./schema";
import type {
  DeliveryInformation,
  EncryptionEnvelope,
  EnvelopeMetadata,
  EnvelopeVariant,
  Message,
  NpmEncryptionEnvelope,
  NpmEnvelopeMetadata,
} from "./types";

/** `metadata.version` of every envelope dm3 writes. */
export const ENVELOPE_VERSION = "v1";

/** What a sender needs to build an envelope for one delivery service. */
export interface EnvelopeParams {
  /** Sender ENS name, written to the delivery information. */
  from: string;
  /** Receiver ENS name, written to the delivery information. */
  to: string;
  /** The receiver's X25519 public key (`profile.publicEncryptionKey`), base64. */
  receiverEncryptionKey: string;
  /** The delivery service's profile: its encryption key and URL. */
  deliveryService: DeliveryServiceProfile;
  /** The sender's 64-byte Ed25519 private key (`signingKeyPair.privateKey`), base64. */
  senderSigningKey: string;
  deliveryInstruction?: string;
  /**
   * `stringify(encryptAsymmetric(receiver, stringify(message)))` made earlier, to share one
   * encrypted message between several envelopes (proxy form); encrypted here when absent.
   */
  encryptedMessage?: string;
}

/** A built envelope and what the sender keeps of it. */
export interface BuiltEnvelope<E = EncryptionEnvelope> {
  envelope: E;
  /** The plaintext delivery information encrypted into `metadata.deliveryInformation`. */
  deliveryInformation: DeliveryInformation;
  /** `sha256(stringify(message))`: the id other messages refer to. */
  messageHash: string;
  /** Where to submit it (`dm3_submitMessage` on `<url>/rpc`). */
  deliveryServiceUrl: string;
}

/** Any envelope dm3kit reads. */
export type AnyEncryptionEnvelope = EncryptionEnvelope | NpmEncryptionEnvelope;

/** Encrypts a signed message to the receiver: `stringify(EncryptedPayload)`, the envelope's `message` field. */
export function encryptMessage(message: Message, receiverEncryptionKey: string): string {
  return stringify(encryptAsymmetric(receiverEncryptionKey, stringify(message)));
}

function wrapSigning<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InvalidKeyError) throw new MessageSigningFailedError(e.message, { cause: e });
    throw e;
  }
}

function buildVariant(message: Message, params: EnvelopeParams, variant: EnvelopeVariant): BuiltEnvelope<AnyEncryptionEnvelope> {
  const checked = validateMessage(message);
  const encrypted = params.encryptedMessage ?? encryptMessage(checked, params.receiverEncryptionKey);
  const deliveryInformation: DeliveryInformation = { to: params.to, from: params.from };
  if (params.deliveryInstruction !== undefined) deliveryInformation.deliveryInstruction = params.deliveryInstruction;
  const encryptedDeliveryInformation = stringify(encryptAsymmetric(params.deliveryService.publicEncryptionKey, stringify(deliveryInformation)));
  const messageHash = getMessageHash(checked);
  const hashField = variant === "git" ? { messageHash } : { encryptedMessageHash: sha256Hex(stringify(encrypted)) };
  const unsigned = { encryptionScheme: ENCRYPTION_SCHEME, deliveryInformation: encryptedDeliveryInformation, ...hashField, version: ENVELOPE_VERSION };
  const signature = wrapSigning(() => signEd25519(params.senderSigningKey, stringify(unsigned)));
  const envelope = { message: encrypted, metadata: { ...unsigned, signature } } as AnyEncryptionEnvelope;
  return { envelope, deliveryInformation, messageHash, deliveryServiceUrl: params.deliveryService.url };
}

/**
 * Builds the envelope dm3 sends today (git variant, dm3-protocol.md §6.3): the message encrypted to
 * the receiver, the delivery information encrypted to the delivery service,
 * `messageHash = sha256(stringify(message))`, and the sender's Ed25519 signature over
 * `stringify(metadata without signature)`.
 * @throws InvalidMessageError, InvalidKeyError (receiver or DS key), MessageSigningFailedError
 */
export function buildEnvelope(message: Message, params: EnvelopeParams): BuiltEnvelope {
  return buildVariant(message, params, "git") as BuiltEnvelope;
}

/**
 * The same in the npm 1.7.1 dist variant (`encryptedMessageHash = sha256(stringify(encryptedMessage))`),
 * for delivery services built from the npm packages. Not what the running network expects.
 */
export function buildNpmEnvelope(message: Message, params: EnvelopeParams): BuiltEnvelope<NpmEncryptionEnvelope> {
  return buildVariant(message, params, "npm") as BuiltEnvelope<NpmEncryptionEnvelope>;
}

/** Size in bytes as the reference's `getEnvelopSize`: UTF-8 length of `stringify(envelope)` (what DS size limits apply to). */
export function getEnvelopeSize(envelope: unknown): number {
  return utf8(stringify(envelope)).length;
}

/** The metadata fields the sender signed: everything but `signature`. */
export function metadataSigningText(metadata: EnvelopeMetadata | NpmEnvelopeMetadata): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { signature: _ignored, ...unsigned } = metadata;
  return stringify(unsigned);
}

/**
 * Checks the sender's metadata signature (a delivery service does this before storing, Part A §8).
 * `"unverifiable"` when `deliveryInformation` was already replaced by its decrypted object (as the
 * reference DS stores envelopes): the signature covered the encrypted string.
 */
export function verifyMetadataSignature(envelope: AnyEncryptionEnvelope, senderPublicSigningKey: string): "valid" | "invalid" | "unverifiable" {
  if (typeof envelope.metadata.deliveryInformation !== "string") return "unverifiable";
  try {
    return verifyEd25519(senderPublicSigningKey, metadataSigningText(envelope.metadata), envelope.metadata.signature) ? "valid" : "invalid";
  } catch (e) {
    if (e instanceof InvalidKeyError) return "invalid";
    throw e;
  }
}

/** Which variant an envelope is, after schema validation. @throws InvalidEnvelopeError */
export function getEnvelopeVariant(envelope: unknown): EnvelopeVariant {
  return validateEnvelope(envelope).variant;
}

/** True for the errors a failed decryption can raise in `src/crypto`. */
export function isDecryptionError(e: unknown): e is Dm3Error {
  return e instanceof DecryptionFailedError || e instanceof InvalidPaddingError || e instanceof CryptoInputError || e instanceof InvalidKeyError;
}

/**
 * Decrypts one of an envelope's stringified encrypted payloads (message, delivery information,
 * postmark) to text; a malformed payload is an InvalidEnvelopeError, a failed decryption the
 * caller's typed error.
 */
export function decryptPayloadText(
  field: string,
  what: string,
  keyPair: Base64KeyPair,
  onFailure: new (detail: string, options?: { cause?: unknown }) => Dm3Error,
): string {
  const payload = parseJsonAs(field, `encrypted ${what}`, assertEncryptedPayload);
  try {
    return decryptAsymmetric(keyPair, payload);
  } catch (e) {
    if (isDecryptionError(e)) throw new onFailure(e.message, { cause: e });
    throw e;
  }
}

/**
 * Decrypts the envelope's message with the receiver's X25519 key pair and checks it against the
 * reference's schema (no signature or name checks: `openEnvelope` makes those, each with its own error).
 * @throws InvalidEnvelopeError, MessageDecryptionFailedError, InvalidMessageError
 */
export function decryptMessage(envelope: AnyEncryptionEnvelope, receiverEncryptionKeyPair: Base64KeyPair): Message {
  const text = decryptPayloadText(envelope.message, "message", receiverEncryptionKeyPair, MessageDecryptionFailedError);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MessageDecryptionFailedError("the decrypted message is not JSON");
  }
  return assertMessage(value);
}
