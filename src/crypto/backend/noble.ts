import { chacha20poly1305 } from "@noble/ciphers/chacha";
import { ed25519, x25519 } from "@noble/curves/ed25519";
import { secp256k1 } from "@noble/curves/secp256k1";
import { blake2b } from "@noble/hashes/blake2b";
import { sha256 } from "@noble/hashes/sha256";
import { keccak_256 } from "@noble/hashes/sha3";
import type { CryptoBackend } from "./types";

function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const b of bytes) acc |= b;
  return acc === 0;
}

/** Pure-JS back-end (`@noble/*` and WebCrypto's random source): what a browser bundle uses. */
export const nobleBackend: CryptoBackend = {
  name: "noble",
  nativeModules: [],
  randomBytes: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
  sha256: (data) => sha256(data),
  keccak256: (data) => keccak_256(data),
  blake2b: (data, outLen) => blake2b(data, { dkLen: outLen }),
  x25519: (secretKey, publicKey) => {
    const shared = x25519.getSharedSecret(secretKey, publicKey);
    if (isAllZero(shared)) throw new Error("x25519: low-order point");
    return shared;
  },
  x25519Base: (secretKey) => x25519.getPublicKey(secretKey),
  aeadEncrypt: (key, nonce, plaintext) => chacha20poly1305(key, nonce).encrypt(plaintext),
  aeadDecrypt: (key, nonce, ciphertext) => {
    try {
      return chacha20poly1305(key, nonce).decrypt(ciphertext);
    } catch {
      return null;
    }
  },
  ed25519PublicKey: (seed) => ed25519.getPublicKey(seed),
  ed25519Sign: (secretKey, message) => ed25519.sign(message, secretKey.subarray(0, 32)),
  ed25519Verify: (publicKey, message, signature) => {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  secp256k1Recover: (digest, compact, recoveryId) => {
    try {
      const sig = secp256k1.Signature.fromCompact(compact).addRecoveryBit(recoveryId);
      return sig.recoverPublicKey(digest).toRawBytes(false);
    } catch {
      return null;
    }
  },
};

/** The default back-end where this module replaces ./native.ts (browser bundles). */
export const defaultBackend: CryptoBackend = nobleBackend;
