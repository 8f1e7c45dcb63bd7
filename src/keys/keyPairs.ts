import { fromBase64, kxSeedKeyPair, sha256Bytes, signSeedKeyPair, toBase64, utf8 } from "../crypto";
import type { KeyPair } from "./types";
import { InvalidKeyMaterialError } from "./errors";

/** Byte length of a dm3 key seed (the storage key). */
export const SEED_BYTES = 32;

/**
 * The storage key (= key seed) from the wallet's key-derivation signature:
 * `base64(sha256(utf8(sigHex)))`, SHA-256 over the *text* of the hex string, as the reference
 * does. The exact string matters (case, `0x` prefix).
 */
export function createStorageKey(sigHex: string): string {
  if (sigHex === "") throw new InvalidKeyMaterialError("signature", "empty");
  return toBase64(sha256Bytes(utf8(sigHex)));
}

/** Decodes a base64 seed and checks it is 32 bytes. */
export function decodeSeed(seedB64: string): Uint8Array {
  let seed: Uint8Array;
  try {
    seed = fromBase64(seedB64, "seed");
  } catch {
    throw new InvalidKeyMaterialError("seed", "not standard padded base64");
  }
  if (seed.length !== SEED_BYTES) throw new InvalidKeyMaterialError("seed", `${seed.length} bytes, expected ${SEED_BYTES}`);
  return seed;
}

/**
 * X25519 encryption key pair from a seed, as libsodium's `crypto_kx_seed_keypair`:
 * private key = BLAKE2b-256(seed), public key = X25519(private, base point). Both base64.
 */
export function createKeyPair(seedB64: string): KeyPair {
  const { publicKey, secretKey } = kxSeedKeyPair(decodeSeed(seedB64));
  return { publicKey: toBase64(publicKey), privateKey: toBase64(secretKey) };
}

/**
 * Ed25519 signing key pair from a seed, as libsodium's `crypto_sign_seed_keypair`:
 * public key 32 bytes, private key 64 bytes = seed ‖ public key. Both base64.
 */
export function createSigningKeyPair(seedB64: string): KeyPair {
  const { publicKey, secretKey } = signSeedKeyPair(decodeSeed(seedB64));
  return { publicKey: toBase64(publicKey), privateKey: toBase64(secretKey) };
}
