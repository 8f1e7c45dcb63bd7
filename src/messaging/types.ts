// dm3 message transfer (DM3MTP) data types, field for field the reference's (dm3-protocol.md §6).

/** Every message type the reference knows. */
export const MESSAGE_TYPES = ["NEW", "DELETE_REQUEST", "EDIT", "REPLY", "REACTION", "READ_OPENED", "READ_RECEIVED", "RESEND_REQUEST"] as const;

/** A message type. */
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** An attachment: a URI (`data:`, `https:`, …) and an optional file name. */
export interface Attachment {
  name?: string;
  data: string;
}

/** Metadata of a message (signed with it). */
export interface MessageMetadata {
  /** Receiver ENS name. */
  to: string;
  /** Sender ENS name. */
  from: string;
  /** Unix milliseconds. */
  timestamp: number;
  type: MessageType;
  /** `messageHash` of the message this one refers to (edit, reply, reaction, receipt, delete). */
  referenceMessageHash?: string;
  replyDeliveryInstruction?: string;
}

/** A message without its signature: what is signed. */
export interface UnsignedMessage {
  message?: string;
  metadata: MessageMetadata;
  attachments?: Attachment[];
}

/** A signed dm3 message: Ed25519 over `stringify(unsigned message)`, base64. */
export interface Message extends UnsignedMessage {
  signature: string;
}

/** Who sends where; encrypted to the delivery service inside the envelope. */
export interface DeliveryInformation {
  to: string;
  from: string;
  deliveryInstruction?: string;
}

/** Envelope metadata as dm3 writes it today (git variant, `messageHash`). */
export interface EnvelopeMetadata {
  version: string;
  encryptionScheme?: string;
  /** `stringify(EncryptedPayload)` to the delivery service, or the decrypted object once the DS processed it. */
  deliveryInformation: string | DeliveryInformation;
  /** `sha256(stringify(message))` of the plaintext signed message. */
  messageHash: string;
  /** Sender's Ed25519 signature over `stringify(metadata without signature)`. */
  signature: string;
}

/** Envelope metadata of the npm 1.7.1 dist variant (`encryptedMessageHash`). */
export interface NpmEnvelopeMetadata extends Omit<EnvelopeMetadata, "messageHash"> {
  /** `sha256(stringify(envelope.message))` (the encrypted message string, JSON-quoted). */
  encryptedMessageHash: string;
}

/** The envelope that travels (git variant): encrypted message, metadata, and a DS postmark once delivered. */
export interface EncryptionEnvelope {
  /** `stringify(EncryptedPayload)` to the receiver. */
  message: string;
  metadata: EnvelopeMetadata;
  /** `stringify(EncryptedPayload)` of the {@link Postmark}, to the receiver, added by the DS. */
  postmark?: string;
}

/** An envelope in the npm 1.7.1 dist variant. */
export interface NpmEncryptionEnvelope extends Omit<EncryptionEnvelope, "metadata"> {
  metadata: NpmEnvelopeMetadata;
}

/** Which envelope variant was seen: `git` (`messageHash`, what the running network uses) or `npm` (`encryptedMessageHash`). */
export type EnvelopeVariant = "git" | "npm";

/** A delivery service's receipt, signed by the DS and encrypted to the receiver. Note the reference's spelling `incommingTimestamp`. */
export interface Postmark {
  /** EIP-191 hash (`hashMessage`) of `stringify(envelope.message)`. */
  messageHash: string;
  /** DS receive time, Unix milliseconds. */
  incommingTimestamp: number;
  /** DS Ed25519 signature over the text `sha256(stringify({incommingTimestamp, messageHash}))`, base64. */
  signature: string;
}

/** One envelope per receiver delivery service sharing one encrypted message (§6.5). */
export interface ProxyEnvelope {
  to: string;
  encryptedMessage: string;
  encryptionEnvelops: { encryptionEnvelop: { metadata: EnvelopeMetadata }; deliveryServiceEnsName: string }[];
}
