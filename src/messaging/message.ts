import { sha256Hex, signEd25519, verifyEd25519, InvalidKeyError } from "../crypto";
import { isNormalized, normalizeName } from "../names/normalize";
import { stringify } from "../shared/json";
import { InvalidMessageError, MessageSigningFailedError } from "./errors";
import { assertMessage } from "./schema";
import type { Attachment, Message, MessageMetadata, MessageType, UnsignedMessage } from "./types";

/** Types that refer to an earlier message and so need `referenceMessageHash`. */
const REFERENCING: ReadonlySet<MessageType> = new Set(["EDIT", "REPLY", "REACTION", "READ_OPENED", "READ_RECEIVED", "DELETE_REQUEST"]);

/** Everything a message can carry besides its type, names and signature. */
export interface MessageContent {
  /** The text (absent for DELETE_REQUEST). */
  message?: string;
  attachments?: Attachment[];
  /** `messageHash` of the referenced message; required for EDIT, REPLY, REACTION, READ_* and DELETE_REQUEST. */
  referenceMessageHash?: string;
  replyDeliveryInstruction?: string;
  /** Unix milliseconds (default: now). */
  timestamp?: number;
}

/** The text dm3 signs for a message: `stringify` of the message without `signature`. */
export function messageSigningText(message: UnsignedMessage | Message): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { signature: _ignored, ...unsigned } = message as Message;
  return stringify(unsigned);
}

/**
 * The message hash dm3 uses as `metadata.messageHash` (git variant) and `referenceMessageHash`:
 * `sha256(stringify(signedMessage))`.
 */
export function getMessageHash(message: Message): string {
  return sha256Hex(stringify(message));
}

function nameRule(field: "to" | "from", name: string, violations: string[]): void {
  if (typeof name === "string" && !isNormalized(name)) violations.push(`metadata.${field} "${name}" is not a normalized ENS name`);
}

/**
 * Checks a message against the schema and dm3kit's rules: `to`/`from` normalized ENS names (Part A
 * §9) and `referenceMessageHash` present where the type refers to another message.
 * @throws InvalidMessageError
 */
export function validateMessage(value: unknown): Message {
  const message = assertMessage(value);
  const violations: string[] = [];
  nameRule("from", message.metadata.from, violations);
  nameRule("to", message.metadata.to, violations);
  if (REFERENCING.has(message.metadata.type) && message.metadata.referenceMessageHash === undefined) {
    violations.push(`a ${message.metadata.type} message needs metadata.referenceMessageHash`);
  }
  if (violations.length) throw new InvalidMessageError(violations);
  return message;
}

/**
 * Signs a message: Ed25519 over `stringify(message without signature)`, base64 (dm3-protocol.md §6.2).
 * @param signingPrivateKey the sender's 64-byte Ed25519 private key (base64, `signingKeyPair.privateKey`)
 * @throws InvalidMessageError, MessageSigningFailedError
 */
export function signMessage(unsigned: UnsignedMessage, signingPrivateKey: string): Message {
  const candidate = { ...unsigned, signature: "" };
  validateMessage(candidate);
  try {
    return { ...unsigned, signature: signEd25519(signingPrivateKey, messageSigningText(unsigned)) };
  } catch (e) {
    if (e instanceof InvalidKeyError) throw new MessageSigningFailedError(e.message, { cause: e });
    throw e;
  }
}

/**
 * Creates and signs a message of any type. Fields are set as the reference's constructors set them
 * (REACTION and READ_* carry `attachments: []`, DELETE_REQUEST carries neither text nor attachments);
 * absent optional fields are left out, not set to `undefined`.
 * @throws InvalidMessageError, MessageSigningFailedError
 */
export function createSignedMessage(type: MessageType, to: string, from: string, content: MessageContent, signingPrivateKey: string): Message {
  const metadata: MessageMetadata = { to, from, timestamp: content.timestamp ?? Date.now(), type };
  if (content.referenceMessageHash !== undefined) metadata.referenceMessageHash = content.referenceMessageHash;
  if (content.replyDeliveryInstruction !== undefined) metadata.replyDeliveryInstruction = content.replyDeliveryInstruction;
  const unsigned: UnsignedMessage = { metadata };
  if (type !== "DELETE_REQUEST" && content.message !== undefined) unsigned.message = content.message;
  if (type === "REACTION" || type === "READ_OPENED" || type === "READ_RECEIVED") unsigned.attachments = content.attachments ?? [];
  else if (type !== "DELETE_REQUEST" && content.attachments !== undefined) unsigned.attachments = content.attachments;
  return signMessage(unsigned, signingPrivateKey);
}

/** A NEW message (the reference's `createMessage`). */
export function createMessage(to: string, from: string, text: string, signingPrivateKey: string, attachments?: Attachment[], timestamp?: number): Message {
  return createSignedMessage("NEW", to, from, { message: text, attachments, timestamp }, signingPrivateKey);
}

/** An EDIT of the message with hash `referenceMessageHash` (the reference's `createEditMessage`). */
export function createEditMessage(to: string, from: string, text: string, signingPrivateKey: string, referenceMessageHash: string, attachments?: Attachment[]): Message {
  return createSignedMessage("EDIT", to, from, { message: text, attachments, referenceMessageHash }, signingPrivateKey);
}

/** A REPLY to the message with hash `referenceMessageHash` (the reference's `createReplyMessage`). */
export function createReplyMessage(to: string, from: string, text: string, signingPrivateKey: string, referenceMessageHash: string, attachments?: Attachment[]): Message {
  return createSignedMessage("REPLY", to, from, { message: text, attachments, referenceMessageHash }, signingPrivateKey);
}

/** A REACTION (e.g. an emoji) to a message (the reference's `createReactionMessage`). */
export function createReactionMessage(to: string, from: string, reaction: string, signingPrivateKey: string, referenceMessageHash: string): Message {
  return createSignedMessage("REACTION", to, from, { message: reaction, referenceMessageHash }, signingPrivateKey);
}

/** A READ_OPENED receipt (the reference's `createReadOpenMessage`; the widget sends the text "READ_OPENED"). */
export function createReadOpenMessage(to: string, from: string, text: string, signingPrivateKey: string, referenceMessageHash: string): Message {
  return createSignedMessage("READ_OPENED", to, from, { message: text, referenceMessageHash }, signingPrivateKey);
}

/** A READ_RECEIVED receipt (the reference's `createReadReceiveMessage`). */
export function createReadReceiveMessage(to: string, from: string, text: string, signingPrivateKey: string, referenceMessageHash: string): Message {
  return createSignedMessage("READ_RECEIVED", to, from, { message: text, referenceMessageHash }, signingPrivateKey);
}

/** A DELETE_REQUEST for a message (the reference's `createDeleteRequestMessage`). */
export function createDeleteRequestMessage(to: string, from: string, signingPrivateKey: string, referenceMessageHash: string): Message {
  return createSignedMessage("DELETE_REQUEST", to, from, { referenceMessageHash }, signingPrivateKey);
}

/** A RESEND_REQUEST (no reference constructor; the type exists in the reference schema). */
export function createResendRequestMessage(to: string, from: string, signingPrivateKey: string, referenceMessageHash?: string): Message {
  return createSignedMessage("RESEND_REQUEST", to, from, { referenceMessageHash }, signingPrivateKey);
}

/** True when the Ed25519 message signature verifies with `publicSigningKey` (base64); a malformed key is `false`. */
export function isMessageSignatureValid(message: Message, publicSigningKey: string): boolean {
  try {
    return verifyEd25519(publicSigningKey, messageSigningText(message), message.signature);
  } catch (e) {
    if (e instanceof InvalidKeyError) return false;
    throw e;
  }
}

/**
 * The reference's `checkMessageSignature(message, publicSigningKey, ensName)` (§6.2): the signature
 * verifies **and** `ensName` equals `metadata.from` after normalization (ENSIP-15 here; the reference
 * uses nameprep). A name that cannot be normalized gives `false`.
 */
export function checkMessageSignature(message: Message, publicSigningKey: string, ensName: string): boolean {
  if (!isMessageSignatureValid(message, publicSigningKey)) return false;
  try {
    return normalizeName(ensName) === normalizeName(message.metadata.from);
  } catch {
    return false;
  }
}
