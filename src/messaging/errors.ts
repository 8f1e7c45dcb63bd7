import { Dm3Error } from "../errors";

/** Stable codes of the errors `src/messaging` throws. */
export type MessagingErrorCode =
  | "MESSAGE_INVALID"
  | "ENVELOPE_INVALID"
  | "MESSAGE_SIGNING_FAILED"
  | "MESSAGE_DECRYPTION_FAILED"
  | "MESSAGE_SIGNATURE_INVALID"
  | "SENDER_NAME_INVALID"
  | "SENDER_NAME_MISMATCH"
  | "RECEIVER_NAME_MISMATCH"
  | "MESSAGE_HASH_MISMATCH"
  | "METADATA_SIGNATURE_INVALID"
  | "DELIVERY_INFORMATION_DECRYPTION_FAILED"
  | "POSTMARK_DECRYPTION_FAILED"
  | "POSTMARK_INVALID"
  | "POSTMARK_HASH_MISMATCH"
  | "POSTMARK_UNVERIFIABLE"
  | "SENDER_PROFILE_INVALID"
  | "RECEIVER_PROFILE_UNUSABLE"
  | "NO_DELIVERY_SERVICE"
  | "PROVIDER_REQUIRED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<MessagingErrorCode, true> {}
}

/** Base of every messaging error; `code` is a {@link MessagingErrorCode}. */
export abstract class MessagingError extends Dm3Error {
  declare readonly code: MessagingErrorCode;

  constructor(code: MessagingErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A message does not match the dm3 Message schema, or its fields break a rule (names, types). */
export class InvalidMessageError extends MessagingError {
  readonly violations: string[];

  constructor(violations: string[]) {
    super("MESSAGE_INVALID", `not a valid dm3 message: ${violations.join("; ")}`);
    this.violations = violations;
  }
}

/** An envelope (or postmark, delivery information, proxy envelope) does not match its schema or is not JSON. */
export class InvalidEnvelopeError extends MessagingError {
  readonly violations: string[];

  constructor(what: string, violations: string[]) {
    super("ENVELOPE_INVALID", `not a valid ${what}: ${violations.join("; ")}`);
    this.violations = violations;
  }
}

/** The message could not be signed (bad signing key). */
export class MessageSigningFailedError extends MessagingError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("MESSAGE_SIGNING_FAILED", `cannot sign the message: ${detail}`, options);
  }
}

/** The envelope's message does not decrypt with the receiver's key (tampered, or not for us). */
export class MessageDecryptionFailedError extends MessagingError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("MESSAGE_DECRYPTION_FAILED", `the message does not decrypt: ${detail}`, options);
  }
}

/** The message signature does not verify with the sender's resolved profile key. */
export class MessageSignatureInvalidError extends MessagingError {
  readonly sender: string;

  constructor(sender: string) {
    super("MESSAGE_SIGNATURE_INVALID", `the message signature does not verify with ${sender}'s profile signing key`);
    this.sender = sender;
  }
}

/** The message's `from` is not a normalized ENS name (dm3kit refuses what the reference would nameprep). */
export class SenderNameInvalidError extends MessagingError {
  readonly from: string;

  constructor(from: string, detail: string) {
    super("SENDER_NAME_INVALID", `the sender name "${from}" is not usable: ${detail}`);
    this.from = from;
  }
}

/** The sender name differs between places that must agree (message `from`, delivery information, resolved profile). */
export class SenderNameMismatchError extends MessagingError {
  constructor(detail: string) {
    super("SENDER_NAME_MISMATCH", `sender name mismatch: ${detail}`);
  }
}

/** The message's `to` is not the name the caller expected (or builds for). */
export class ReceiverNameMismatchError extends MessagingError {
  constructor(detail: string) {
    super("RECEIVER_NAME_MISMATCH", `receiver name mismatch: ${detail}`);
  }
}

/** The envelope's `messageHash` (git) or `encryptedMessageHash` (npm) does not match what it carries. */
export class MessageHashMismatchError extends MessagingError {
  constructor(field: string, expected: string, actual: string) {
    super("MESSAGE_HASH_MISMATCH", `metadata.${field} is ${actual}, but the envelope's message hashes to ${expected}`);
  }
}

/** The envelope metadata signature does not verify with the sender's signing key. */
export class MetadataSignatureInvalidError extends MessagingError {
  constructor(sender: string) {
    super("METADATA_SIGNATURE_INVALID", `the envelope metadata signature does not verify with ${sender}'s profile signing key`);
  }
}

/** A delivery service cannot decrypt `deliveryInformation` with its key. */
export class DeliveryInformationDecryptionFailedError extends MessagingError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("DELIVERY_INFORMATION_DECRYPTION_FAILED", `the delivery information does not decrypt: ${detail}`, options);
  }
}

/** The postmark does not decrypt with the receiver's key. */
export class PostmarkDecryptionFailedError extends MessagingError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("POSTMARK_DECRYPTION_FAILED", `the postmark does not decrypt: ${detail}`, options);
  }
}

/** The postmark signature does not verify with the delivery service's profile signing key. */
export class PostmarkInvalidError extends MessagingError {
  constructor(detail: string) {
    super("POSTMARK_INVALID", `the postmark is not validly signed: ${detail}`);
  }
}

/** The postmark's `messageHash` is not the hash of this envelope's message. */
export class PostmarkHashMismatchError extends MessagingError {
  constructor(expected: string, actual: string) {
    super("POSTMARK_HASH_MISMATCH", `the postmark is for message ${actual}, but this envelope's message hashes to ${expected}`);
  }
}

/** A postmark is present but no delivery service was given to verify it against. */
export class PostmarkUnverifiableError extends MessagingError {
  constructor(detail: string) {
    super("POSTMARK_UNVERIFIABLE", `the postmark cannot be verified: ${detail}`);
  }
}

/** The sender's resolved profile is not validly signed by the name's address. */
export class SenderProfileInvalidError extends MessagingError {
  constructor(sender: string, reason: string) {
    super("SENDER_PROFILE_INVALID", `${sender}'s dm3 profile is not valid: ${reason}`);
  }
}

/** The receiver's profile cannot be used to send (not validly signed, or unusable keys). */
export class ReceiverProfileUnusableError extends MessagingError {
  constructor(receiver: string, reason: string) {
    super("RECEIVER_PROFILE_UNUSABLE", `cannot send to ${receiver}: ${reason}`);
  }
}

/** None of the receiver's delivery services has a usable profile. */
export class NoDeliveryServiceError extends MessagingError {
  readonly failures: { name: string; reason: string }[];

  constructor(receiver: string, failures: { name: string; reason: string }[]) {
    const detail = failures.length ? failures.map((f) => `${f.name}: ${f.reason}`).join("; ") : "the profile lists none";
    super("NO_DELIVERY_SERVICE", `no delivery service of ${receiver} is usable: ${detail}`);
    this.failures = failures;
  }
}

/** A function that resolves names was called without a provider (and without the resolver callbacks that replace it). */
export class ProviderRequiredError extends MessagingError {
  constructor(what: string) {
    super("PROVIDER_REQUIRED", `${what} needs options.provider to resolve names`);
  }
}
