/** A dm3 user profile (`network.dm3.profile`), exactly the reference's fields. */
export interface UserProfile {
  /** X25519 public key, base64 (32 bytes). */
  publicEncryptionKey: string;
  /** Ed25519 public key, base64 (32 bytes). */
  publicSigningKey: string;
  /** ENS names of the delivery services that accept messages for this user, by preference. */
  deliveryServices: string[];
}

/** A user profile with the owner's EIP-191 signature over the profile-creation message. */
export interface SignedUserProfile {
  profile: UserProfile;
  /** 0x-hex signature (65 bytes for an EOA; any length for ERC-1271/ERC-6492 accounts). */
  signature: string;
}

/** A delivery service's profile (`network.dm3.deliveryService`). */
export interface DeliveryServiceProfile {
  publicSigningKey: string;
  publicEncryptionKey: string;
  url: string;
}

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
