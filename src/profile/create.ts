import type { Signer } from "ethers";
import { deriveProfileKeys } from "../keys/derive";
import { DEFAULT_NONCE } from "../keys/messages";
import { assertNormalized } from "../names/normalize";
import { toDataUri } from "./records";
import { signProfile } from "./sign";
import type { ProfileKeys } from "../keys/types";
import type { SignedUserProfile } from "./types";

/** Options of {@link createProfile}. */
export interface CreateProfileOptions {
  /** Key-derivation nonce (default {@link DEFAULT_NONCE}, which gives the reference's keys). */
  nonce?: string;
  /** Use these keys instead of deriving them from a wallet signature. */
  keys?: ProfileKeys;
}

/** What {@link createProfile} returns. */
export interface CreatedProfile {
  signedProfile: SignedUserProfile;
  keys: ProfileKeys;
  /** The text record to publish: `data:application/json,` + stringify(signedProfile). */
  record: string;
}

/**
 * Creates and signs a dm3 profile for `signer`'s account: derives the keys (one wallet
 * signature, unless `options.keys` is given), builds the profile with the given delivery
 * services (normalized ENS names, by preference) and signs it (a second wallet signature).
 * @throws NameNotNormalizedError (and other name errors) for a delivery-service name
 */
export async function createProfile(
  signer: Signer,
  deliveryServices: string[],
  options: CreateProfileOptions = {},
): Promise<CreatedProfile> {
  deliveryServices.forEach((name) => assertNormalized(name));
  const keys = options.keys ?? (await deriveProfileKeys(signer, options.nonce ?? DEFAULT_NONCE));
  const signedProfile = await signProfile(signer, {
    publicEncryptionKey: keys.encryptionKeyPair.publicKey,
    publicSigningKey: keys.signingKeyPair.publicKey,
    deliveryServices: [...deliveryServices],
  });
  return { signedProfile, keys, record: toDataUri(signedProfile) };
}
