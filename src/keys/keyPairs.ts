import { ed25519, x25519 } from "@noble/curves/ed25519";
import { blake2b } from "@noble/hashes/blake2b";
import { decodeBase64, encodeBase64, getBytes, sha256 as ethersSha256, toUtf8Bytes } from "ethers";
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
  return encodeBase64(ethersSha256(toUtf8Bytes(sigHex)));
}

/** Decodes a base64 seed and checks it is 32 bytes. */
export function decodeSeed(seedB64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(seedB64) || seedB64.length % 4 !== 0) {
    throw new InvalidKeyMaterialError("seed", "not standard padded base64");
  }
  const seed = getBytes(decodeBase64(seedB64));
  if (seed.length !== SEED_BYTES) throw new InvalidKeyMaterialError("seed", `${seed.length} bytes, expected ${SEED_BYTES}`);
  return seed;
}

/**
 * X25519 encryption key pair from a seed, as libsodium's `crypto_kx_seed_keypair`:
 * private key = BLAKE2b-256(seed), public key = X25519(private, base point). Both base64.
 */
export function createKeyPair(seedB64: string): KeyPair {
  const secret = blake2b(decodeSeed(seedB64), { dkLen: 32 });
  return { publicKey: encodeBase64(x25519.getPublicKey(secret)), privateKey: encodeBase64(secret) };
}

/**
 * Ed25519 signing key pair from a seed, as libsodium's `crypto_sign_seed_keypair`:
 * public key 32 bytes, private key 64 bytes = seed ‖ public key. Both base64.
 */
export function createSigningKeyPair(seedB64: string): KeyPair {
  const seed = decodeSeed(seedB64);
  const publicKey = ed25519.getPublicKey(seed);
  const privateKey = new Uint8Array(64);
  privateKey.set(seed, 0);
  privateKey.set(publicKey, 32);
  return { publicKey: encodeBase64(publicKey), privateKey: encodeBase64(privateKey) };
}
