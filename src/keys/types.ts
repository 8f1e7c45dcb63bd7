/** A key pair in the reference's encoding (base64, standard alphabet with padding). */
export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** Keys derived from a wallet signature, as the reference's `createProfileKeys` returns them. */
export interface ProfileKeys {
  encryptionKeyPair: KeyPair;
  signingKeyPair: KeyPair;
  /** The 32-byte seed, base64. */
  storageEncryptionKey: string;
  storageEncryptionNonce: string;
}
