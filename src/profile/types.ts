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

// The key types belong to keys/ (profiles are built from keys, never the other way round).
export type { KeyPair, ProfileKeys } from "../keys/types";
