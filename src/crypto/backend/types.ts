/**
 * The primitives dm3 needs, and nothing more. Two implementations exist: a native one for Node
 * (libsodium through `sodium-native`, libsecp256k1, native Keccak, Node's SHA-256) and a pure-JS one (`@noble/*`)
 * that browsers get. Both produce identical bytes; only speed differs.
 *
 * Inputs are assumed to have the right lengths (the callers in `src/crypto` check them).
 */
export interface CryptoBackend {
  /** Which implementation this is (reported by benchmarks). */
  readonly name: "native" | "noble";
  /** The native modules in use (empty for noble; a native module that did not load is replaced by noble). */
  readonly nativeModules: readonly string[];
  /** `n` cryptographically secure random bytes. */
  randomBytes(n: number): Uint8Array;
  /** SHA-256. */
  sha256(data: Uint8Array): Uint8Array;
  /** Keccak-256 (Ethereum's hash, not FIPS SHA3-256). */
  keccak256(data: Uint8Array): Uint8Array;
  /** Unkeyed BLAKE2b with a `outLen`-byte digest (libsodium `crypto_generichash`), 16 to 64 bytes. */
  blake2b(data: Uint8Array, outLen: number): Uint8Array;
  /** X25519 `scalar · point`; throws when the result is all zero (a low-order point), as libsodium does. */
  x25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** X25519 public key of a 32-byte secret key. */
  x25519Base(secretKey: Uint8Array): Uint8Array;
  /** ChaCha20-Poly1305 IETF (12-byte nonce, no associated data): ciphertext ‖ 16-byte tag. */
  aeadEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Inverse of {@link aeadEncrypt}; `null` when the tag does not verify. */
  aeadDecrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array | null;
  /** Ed25519 public key (32 bytes) of a 32-byte seed (libsodium `crypto_sign_seed_keypair`). */
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  /** Ed25519 detached signature with a libsodium 64-byte secret key (seed ‖ public key). */
  ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** Ed25519 detached-signature check (RFC 8032, libsodium's rules). */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /**
   * secp256k1 public-key recovery of a 64-byte compact signature (r ‖ s) with recovery id 0/1 over
   * a 32-byte digest: the 65-byte uncompressed key, or `null` when nothing can be recovered.
   */
  secp256k1Recover(digest: Uint8Array, compact: Uint8Array, recoveryId: number): Uint8Array | null;
}
