import { createPostmark, decryptDeliveryInformation, encryptPostmark } from "../messaging";
import type { KeyPair } from "../profile/types";

/**
 * The message-layer crypto the delivery service needs (dm3 envelope format): decrypting the
 * delivery information sent to its X25519 key and writing the postmark encrypted to the
 * receiver. Supplied by the SDK's messaging module; injectable for tests and benchmarks.
 */
export interface EnvelopeCrypto {
  /** Decrypts an envelope's `metadata.deliveryInformation` (stringified EncryptedPayload) and parses the JSON inside. */
  decryptDeliveryInformation(encrypted: string, dsEncryptionKeyPair: KeyPair): Promise<unknown>;
  /**
   * The envelope's `postmark` field: the postmark (hash of `encryptedMessage`, `incomingTimestamp`,
   * the delivery service's Ed25519 signature) encrypted to the receiver, stringified.
   */
  createPostmark(encryptedMessage: string, receiverPublicEncryptionKey: string, dsSigningKeyPair: KeyPair, incomingTimestamp: number): Promise<string>;
}

/** The SDK's messaging module as {@link EnvelopeCrypto} (the delivery service's default). */
export const sdkEnvelopeCrypto: EnvelopeCrypto = {
  decryptDeliveryInformation: async (encrypted, dsEncryptionKeyPair) =>
    decryptDeliveryInformation({ message: "", metadata: { version: "v1", deliveryInformation: encrypted, messageHash: "", signature: "" } }, { encryptionKeyPair: dsEncryptionKeyPair }),
  createPostmark: async (encryptedMessage, receiverPublicEncryptionKey, dsSigningKeyPair, incomingTimestamp) =>
    encryptPostmark(createPostmark({ message: encryptedMessage }, dsSigningKeyPair.privateKey, incomingTimestamp), receiverPublicEncryptionKey),
};
