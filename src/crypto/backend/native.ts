/* eslint-disable @typescript-eslint/no-require-imports */
// Node back-end: libsodium (sodium-native), libsecp256k1 and Keccak (native bindings shipped as
// prebuilds inside their npm packages), Node's SHA-256 and libsodium's random source (a quarter of
// the cost per call of Node's randomFillSync for a nonce or key). A browser bundle never
// sees this file: package.json's "browser" field maps it to ./noble.ts. Under Node each native
// module that cannot load is replaced by its pure-JS counterpart.
import { createHash } from "node:crypto";
import { nobleBackend } from "./noble";
import type { CryptoBackend } from "./types";

/** The part of sodium-native's API we call (it ships no types). */
interface Sodium {
  randombytes_buf(out: Uint8Array): void;
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

/**
 * The native Keccak sponge of the keccak package (its own entry wraps each hash in a stream
 * object, which costs more than hashing a few kilobytes).
 */
interface KeccakSponge {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  squeeze(length: number): Buffer;
}
type KeccakSpongeClass = new () => KeccakSponge;

/** A native module's binding, or undefined when it does not load (no prebuild for this platform). */
function optional<T>(id: string, check: (m: T) => boolean): T | undefined {
  try {
    const m = require(id) as T;
    return check(m) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Keccak-256 (rate 1088, capacity 512, Keccak padding) with the native sponge. */
function keccak256With(Sponge: KeccakSpongeClass, data: Uint8Array): Uint8Array {
  const sponge = new Sponge();
  sponge.initialize(1088, 512);
  sponge.absorb(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return sponge.squeeze(32);
}

/**
 * The keccak package's native addon, loaded as its own bindings.js loads it, and checked against
 * the known digest of the empty input; undefined when it does not load.
 */
function keccakSponge(): KeccakSpongeClass | undefined {
  try {
    const dir = require.resolve("keccak/package.json").slice(0, -"/package.json".length);
    const Sponge = require(require.resolve("node-gyp-build", { paths: [dir] }))(dir) as KeccakSpongeClass;
    if (typeof Sponge !== "function") return undefined;
    const empty = Buffer.from(keccak256With(Sponge, new Uint8Array(0))).toString("hex");
    return empty === "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" ? Sponge : undefined;
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
  const keccak = keccakSponge();
  return {
    name: "native",
    nativeModules: ["sodium-native", ...(secp ? ["secp256k1"] : []), ...(keccak ? ["keccak"] : [])],
    randomBytes: (n) => {
      const out = new Uint8Array(n);
      sodium.randombytes_buf(out);
      return out;
    },
    sha256: (data) => createHash("sha256").update(data).digest(),
    keccak256: keccak ? (data) => keccak256With(keccak, data) : nobleBackend.keccak256,
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
