/* eslint-disable @typescript-eslint/no-require-imports */
// Node back-end: libsodium (sodium-native), libsecp256k1 and Keccak (native bindings shipped as
// prebuilds inside their npm packages), Node's SHA-256 and random source. A browser bundle never
// sees this file: package.json's "browser" field maps it to ./noble.ts. Under Node each native
// module that cannot load is replaced by its pure-JS counterpart.
import { createHash, randomFillSync } from "node:crypto";
import { nobleBackend } from "./noble";
import type { CryptoBackend } from "./types";

/** The part of sodium-native's API we call (it ships no types). */
interface Sodium {
  crypto_generichash(out: Uint8Array, input: Uint8Array): void;
  crypto_scalarmult(q: Uint8Array, n: Uint8Array, p: Uint8Array): void;
  crypto_scalarmult_base(q: Uint8Array, n: Uint8Array): void;
  crypto_aead_chacha20poly1305_ietf_encrypt(c: Uint8Array, m: Uint8Array, ad: null, nsec: null, npub: Uint8Array, k: Uint8Array): number;
  crypto_aead_chacha20poly1305_ietf_decrypt(m: Uint8Array, nsec: null, c: Uint8Array, ad: null, npub: Uint8Array, k: Uint8Array): number;
  crypto_sign_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(sig: Uint8Array, m: Uint8Array, sk: Uint8Array): void;
  crypto_sign_verify_detached(sig: Uint8Array, m: Uint8Array, pk: Uint8Array): boolean;
}

/** The part of secp256k1's native binding (libsecp256k1) we call; it throws when nothing is recovered. */
interface Secp256k1 {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
}

/** The part of keccak's native binding we call. */
type KeccakFactory = (algorithm: "keccak256") => { update(data: Buffer): { digest(): Buffer } };

/** A native module's binding, or undefined when it does not load (no prebuild for this platform). */
function optional<T>(id: string, check: (m: T) => boolean): T | undefined {
  try {
    const m = require(id) as T;
    return check(m) ? m : undefined;
  } catch {
    return undefined;
  }
}

function load(): CryptoBackend {
  let sodium: Sodium;
  try {
    sodium = require("sodium-native") as Sodium;
  } catch {
    return nobleBackend;
  }
  // The bindings themselves, not the package entries (which silently fall back to pure JS).
  const secp = optional<Secp256k1>("secp256k1/bindings", (m) => typeof m.ecdsaRecover === "function");
  const keccak = optional<KeccakFactory>("keccak/bindings", (m) => typeof m === "function");
  return {
    name: "native",
    nativeModules: ["sodium-native", ...(secp ? ["secp256k1"] : []), ...(keccak ? ["keccak"] : [])],
    randomBytes: (n) => randomFillSync(new Uint8Array(n)),
    sha256: (data) => createHash("sha256").update(data).digest(),
    keccak256: keccak ? (data) => keccak("keccak256").update(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).digest() : nobleBackend.keccak256,
    blake2b: (data, outLen) => {
      const out = new Uint8Array(outLen);
      sodium.crypto_generichash(out, data);
      return out;
    },
    x25519: (secretKey, publicKey) => {
      const out = new Uint8Array(32);
      sodium.crypto_scalarmult(out, secretKey, publicKey); // throws on an all-zero result
      return out;
    },
    x25519Base: (secretKey) => {
      const out = new Uint8Array(32);
      sodium.crypto_scalarmult_base(out, secretKey);
      return out;
    },
    aeadEncrypt: (key, nonce, plaintext) => {
      const out = new Uint8Array(plaintext.length + 16);
      sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, null, null, nonce, key);
      return out;
    },
    aeadDecrypt: (key, nonce, ciphertext) => {
      if (ciphertext.length < 16) return null;
      const out = new Uint8Array(ciphertext.length - 16);
      try {
        sodium.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, ciphertext, null, nonce, key);
      } catch {
        return null;
      }
      return out;
    },
    ed25519PublicKey: (seed) => {
      const pk = new Uint8Array(32);
      sodium.crypto_sign_seed_keypair(pk, new Uint8Array(64), seed);
      return pk;
    },
    ed25519Sign: (secretKey, message) => {
      const sig = new Uint8Array(64);
      sodium.crypto_sign_detached(sig, message, secretKey);
      return sig;
    },
    ed25519Verify: (publicKey, message, signature) => sodium.crypto_sign_verify_detached(signature, message, publicKey),
    secp256k1Recover: secp
      ? (digest, compact, recoveryId) => {
          try {
            return secp!.ecdsaRecover(compact, recoveryId, digest, false);
          } catch {
            return null;
          }
        }
      : nobleBackend.secp256k1Recover,
  };
}

/**
 * Native back-end for Node: libsodium (sodium-native), libsecp256k1, Keccak and Node's SHA-256. A browser
 * bundle gets ./noble.ts's `defaultBackend` under the same name instead.
 */
export const defaultBackend: CryptoBackend = load();
