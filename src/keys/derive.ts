import type { Signer } from "ethers";
import type { ProfileKeys } from "./types";
import { KeySigningFailedError } from "./errors";
import { createKeyPair, createSigningKeyPair, createStorageKey } from "./keyPairs";
import { DEFAULT_NONCE, getStorageKeyCreationMessage } from "./messages";

/**
 * All profile keys from a storage key (the base64 seed), as the reference's
 * `createProfileKeys(storageKey, nonce)`: X25519 + Ed25519 pairs from the same seed.
 */
export function createProfileKeys(storageKeyB64: string, nonce: string): ProfileKeys {
  return {
    encryptionKeyPair: createKeyPair(storageKeyB64),
    signingKeyPair: createSigningKeyPair(storageKeyB64),
    storageEncryptionKey: storageKeyB64,
    storageEncryptionNonce: nonce,
  };
}

/**
 * Derives the dm3 profile keys of `signer`'s account: the wallet signs (EIP-191
 * `signMessage`) the key-derivation message with `nonce`; the seed is
 * `createStorageKey(signature)`. Unlike the reference, the caller's nonce is honoured; with
 * the default nonce the keys equal the reference's.
 * @throws KeySigningFailedError when the wallet does not sign
 */
export async function deriveProfileKeys(signer: Signer, nonce: string = DEFAULT_NONCE): Promise<ProfileKeys> {
  const address = await signer.getAddress();
  let signature: string;
  try {
    signature = await signer.signMessage(getStorageKeyCreationMessage(nonce, address));
  } catch (e) {
    throw new KeySigningFailedError((e as Error)?.message ?? String(e), { cause: e });
  }
  return createProfileKeys(createStorageKey(signature), nonce);
}
