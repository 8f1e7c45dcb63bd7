import { decodeBase64, getBytes, sha256 } from "ethers";
import { createKeyPair, createSigningKeyPair } from "../keys/keyPairs";
import type { DeliveryServiceKeys } from "../messaging";
import { DeliveryConfigError } from "./errors";

export type { DeliveryServiceKeys };

/** Environment variable holding the delivery service's key seed. */
export const DS_KEY_SEED_ENV = "DM3_DS_KEY_SEED";

/**
 * The delivery service's keys from a 32-byte seed (base64), derived exactly as dm3 profile
 * keys are (X25519 = crypto_kx_seed_keypair, Ed25519 = crypto_sign_seed_keypair), so a seed
 * from `dm3:keys` (its "storage key") gives the keys of that account's published DS profile.
 * @throws DeliveryConfigError (never showing the seed)
 */
export function deliveryServiceKeysFromSeed(seedB64: string): DeliveryServiceKeys {
  try {
    return { encryptionKeyPair: createKeyPair(seedB64), signingKeyPair: createSigningKeyPair(seedB64) };
  } catch {
    throw new DeliveryConfigError(`${DS_KEY_SEED_ENV} must be a 32-byte seed in base64`);
  }
}

/** The keys from the environment (`DM3_DS_KEY_SEED`). @throws DeliveryConfigError */
export function deliveryServiceKeysFromEnv(env: Record<string, string | undefined> = process.env): DeliveryServiceKeys {
  const seed = env[DS_KEY_SEED_ENV];
  if (!seed) throw new DeliveryConfigError(`no delivery-service keys: set ${DS_KEY_SEED_ENV} (a base64 32-byte seed)`);
  return deliveryServiceKeysFromSeed(seed);
}

/**
 * The JWT secret, as the reference derives it (`getServerSecret`): the `0x` hex SHA-256 of the
 * signing private key's bytes, so tokens stay valid across restarts and instances with the same keys.
 */
export function serverSecret(keys: DeliveryServiceKeys): string {
  return sha256(getBytes(decodeBase64(keys.signingKeyPair.privateKey)));
}
