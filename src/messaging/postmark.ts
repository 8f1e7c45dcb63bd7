import { encryptAsymmetric, hashMessageBytes, sha256Hex, signEd25519, toHex, verifyEd25519, InvalidKeyError, type Base64KeyPair } from "../crypto";
import type { DeliveryServiceProfile } from "../profile/types";
import { stringify } from "../shared/json";
import { decryptPayloadText, type AnyEncryptionEnvelope } from "./envelope";
import {
  DeliveryInformationDecryptionFailedError,
  InvalidEnvelopeError,
  MessageSigningFailedError,
  PostmarkDecryptionFailedError,
  PostmarkHashMismatchError,
  PostmarkInvalidError,
} from "./errors";
import { assertDeliveryInformation, assertPostmark, parseJsonAs } from "./schema";
import type { DeliveryInformation, Postmark } from "./types";

/** A delivery service's keys: X25519 to decrypt delivery information, Ed25519 to sign postmarks. */
export interface DeliveryServiceKeys {
  encryptionKeyPair: Base64KeyPair;
  signingKeyPair: Base64KeyPair;
}

/**
 * The postmark's `messageHash` for an envelope: EIP-191 `hashMessage(stringify(envelope.message))`,
 * i.e. of the JSON-quoted encrypted-message string (dm3-protocol.md §6.4).
 */
export function getPostmarkMessageHash(envelope: Pick<AnyEncryptionEnvelope, "message">): string {
  return toHex(hashMessageBytes(stringify(envelope.message)));
}

/** The text a delivery service signs: `sha256(stringify({incommingTimestamp, messageHash}))` as 0x-hex text. */
export function postmarkSigningText(postmark: Pick<Postmark, "incommingTimestamp" | "messageHash">): string {
  return sha256Hex(stringify({ incommingTimestamp: postmark.incommingTimestamp, messageHash: postmark.messageHash }));
}

/**
 * Delivery-service side: decrypts `metadata.deliveryInformation` with the DS's X25519 key pair and
 * checks it against the schema. An envelope whose delivery information is already an object (stored
 * by a DS) returns it as is.
 * @throws InvalidEnvelopeError, DeliveryInformationDecryptionFailedError
 */
export function decryptDeliveryInformation(envelope: AnyEncryptionEnvelope, dsKeys: Pick<DeliveryServiceKeys, "encryptionKeyPair">): DeliveryInformation {
  const field = envelope.metadata.deliveryInformation;
  if (typeof field !== "string") return assertDeliveryInformation(field);
  const text = decryptPayloadText(field, "delivery information", dsKeys.encryptionKeyPair, DeliveryInformationDecryptionFailedError);
  return parseJsonAs(text, "delivery information", assertDeliveryInformation);
}

/**
 * Delivery-service side: the signed postmark for an envelope received at `incommingTimestamp`
 * (default now), exactly as the reference's `addPostmark` computes it.
 * @param dsSigningPrivateKey the DS's 64-byte Ed25519 private key, base64
 * @throws MessageSigningFailedError for a malformed key
 */
export function createPostmark(envelope: Pick<AnyEncryptionEnvelope, "message">, dsSigningPrivateKey: string, incommingTimestamp: number = Date.now()): Postmark {
  const unsigned = { messageHash: getPostmarkMessageHash(envelope), incommingTimestamp };
  try {
    return { ...unsigned, signature: signEd25519(dsSigningPrivateKey, postmarkSigningText(unsigned)) };
  } catch (e) {
    if (e instanceof InvalidKeyError) throw new MessageSigningFailedError(e.message, { cause: e });
    throw e;
  }
}

/** Encrypts a postmark to the receiver: the envelope's `postmark` field, `stringify(EncryptedPayload)`. */
export function encryptPostmark(postmark: Postmark, receiverEncryptionPublicKey: string): string {
  return stringify(encryptAsymmetric(receiverEncryptionPublicKey, stringify(postmark)));
}

/**
 * Delivery-service side: a copy of `envelope` with a postmark signed by the DS and encrypted to the
 * receiver (the reference's `handleMessageOnDeliveryService` postmark step).
 * @throws MessageSigningFailedError, InvalidKeyError (receiver key)
 */
export function addPostmark<E extends AnyEncryptionEnvelope>(
  envelope: E,
  dsKeys: Pick<DeliveryServiceKeys, "signingKeyPair">,
  receiverEncryptionPublicKey: string,
  incommingTimestamp: number = Date.now(),
): E {
  const postmark = createPostmark(envelope, dsKeys.signingKeyPair.privateKey, incommingTimestamp);
  return { ...envelope, postmark: encryptPostmark(postmark, receiverEncryptionPublicKey) };
}

/**
 * Receiver side: decrypts the envelope's postmark with the receiver's X25519 key pair.
 * @throws InvalidEnvelopeError (no postmark, malformed), PostmarkDecryptionFailedError
 */
export function decryptPostmark(envelope: AnyEncryptionEnvelope, receiverEncryptionKeyPair: Base64KeyPair): Postmark {
  if (envelope.postmark === undefined) throw new InvalidEnvelopeError("envelope", ["has no postmark"]);
  const text = decryptPayloadText(envelope.postmark, "postmark", receiverEncryptionKeyPair, PostmarkDecryptionFailedError);
  return parseJsonAs(text, "postmark", assertPostmark);
}

/** True when `postmark` is signed by the delivery service whose Ed25519 public key is given. */
export function isPostmarkSignatureValid(postmark: Postmark, dsPublicSigningKey: string): boolean {
  try {
    return verifyEd25519(dsPublicSigningKey, postmarkSigningText(postmark), postmark.signature);
  } catch (e) {
    if (e instanceof InvalidKeyError) return false;
    throw e;
  }
}

/**
 * Receiver side: decrypts the postmark and checks that it is for this envelope's message and signed
 * by the delivery service (its profile's signing key). Returns the postmark.
 * @throws InvalidEnvelopeError, PostmarkDecryptionFailedError, PostmarkHashMismatchError, PostmarkInvalidError
 */
export function verifyPostmark(
  envelope: AnyEncryptionEnvelope,
  receiverEncryptionKeyPair: Base64KeyPair,
  deliveryService: Pick<DeliveryServiceProfile, "publicSigningKey">,
): Postmark {
  const postmark = decryptPostmark(envelope, receiverEncryptionKeyPair);
  const expected = getPostmarkMessageHash(envelope);
  if (postmark.messageHash !== expected) throw new PostmarkHashMismatchError(expected, postmark.messageHash);
  if (!isPostmarkSignatureValid(postmark, deliveryService.publicSigningKey)) {
    throw new PostmarkInvalidError("the signature does not verify with the delivery service's profile signing key");
  }
  return postmark;
}
