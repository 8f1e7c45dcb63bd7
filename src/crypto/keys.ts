import { cryptoBackend } from "./backend";
import { fromBase64, toBase64 } from "./encoding";
import { CryptoInputError, InvalidKeyError } from "./errors";

/** A key pair as raw bytes. `secretKey` is 32 bytes for X25519 and 64 (seed ‖ public) for Ed25519. */
export interface RawKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/**
 * Decodes a base64 key of `length` bytes.
 * @throws InvalidKeyError
 */
export function decodeKey(keyB64: string, what: string, length: number): Uint8Array {
  try {
    return fromBase64(keyB64, what, length);
  } catch (e) {
    throw new InvalidKeyError(what, e instanceof CryptoInputError ? e.message.replace(`${what} is malformed: `, "") : String(e));
  }
}

function checkSeed(seed: Uint8Array): void {
  if (seed.length !== 32) throw new InvalidKeyError("seed", `${seed.length} bytes, expected 32`);
}

/**
 * X25519 key pair from a 32-byte seed, as libsodium's `crypto_kx_seed_keypair`:
 * secret = BLAKE2b-256(seed), public = X25519(secret, base point).
 */
export function kxSeedKeyPair(seed: Uint8Array): RawKeyPair {
  checkSeed(seed);
  const b = cryptoBackend();
  const secretKey = b.blake2b(seed, 32);
  return { publicKey: b.x25519Base(secretKey), secretKey };
}

/** A fresh random X25519 key pair (libsodium `crypto_kx_keypair`). */
export function kxRandomKeyPair(): RawKeyPair {
  const b = cryptoBackend();
  const secretKey = b.randomBytes(32);
  return { publicKey: b.x25519Base(secretKey), secretKey };
}

/**
 * Ed25519 key pair from a 32-byte seed, as libsodium's `crypto_sign_seed_keypair`:
 * secret key = seed ‖ public key (64 bytes).
 */
export function signSeedKeyPair(seed: Uint8Array): RawKeyPair {
  checkSeed(seed);
  const publicKey = cryptoBackend().ed25519PublicKey(seed);
  const secretKey = new Uint8Array(64);
  secretKey.set(seed, 0);
  secretKey.set(publicKey, 32);
  return { publicKey, secretKey };
}

/** Session keys of a key exchange (libsodium `crypto_kx_*_session_keys`), base64. */
export interface SessionKeys {
  sharedRx: string;
  sharedTx: string;
}

function kxHash(shared: Uint8Array, clientPk: Uint8Array, serverPk: Uint8Array): Uint8Array {
  const input = new Uint8Array(96);
  input.set(shared, 0);
  input.set(clientPk, 32);
  input.set(serverPk, 64);
  return cryptoBackend().blake2b(input, 64);
}

/** X25519 shared secret; a low-order public key is a key error, as in libsodium. */
function sharedSecret(secretKey: Uint8Array, publicKey: Uint8Array, what: string): Uint8Array {
  try {
    return cryptoBackend().x25519(secretKey, publicKey);
  } catch {
    throw new InvalidKeyError(what, "low-order X25519 point");
  }
}

/**
 * The client→server key of `crypto_kx`: BLAKE2b-512(X25519(clientSk, serverPk) ‖ clientPk ‖ serverPk)[32..64].
 * The sender of an encrypted payload is the client (its ephemeral key), the receiver the server.
 */
export function clientToServerKey(client: RawKeyPair, serverPk: Uint8Array): Uint8Array {
  return kxHash(sharedSecret(client.secretKey, serverPk, "receiver public key"), client.publicKey, serverPk).subarray(32, 64);
}

/** The same key computed by the server (receiver): BLAKE2b-512(X25519(serverSk, clientPk) ‖ clientPk ‖ serverPk)[32..64]. */
export function serverFromClientKey(server: RawKeyPair, clientPk: Uint8Array): Uint8Array {
  return kxHash(sharedSecret(server.secretKey, clientPk, "ephemeral public key"), clientPk, server.publicKey).subarray(32, 64);
}

/** The reference's `createSenderSessionKey(keyPair, otherPublicKey)` (`crypto_kx_client_session_keys`). */
export function createSenderSessionKeys(keyPair: { publicKey: string; privateKey: string }, serverPublicKeyB64: string): SessionKeys {
  const pk = decodeKey(keyPair.publicKey, "public key", 32);
  const sk = decodeKey(keyPair.privateKey, "private key", 32);
  const server = decodeKey(serverPublicKeyB64, "other public key", 32);
  const h = kxHash(sharedSecret(sk, server, "other public key"), pk, server);
  return { sharedRx: toBase64(h.subarray(0, 32)), sharedTx: toBase64(h.subarray(32, 64)) };
}

/** The reference's `createReceiverSessionKey(keyPair, otherPublicKey)` (`crypto_kx_server_session_keys`). */
export function createReceiverSessionKeys(keyPair: { publicKey: string; privateKey: string }, clientPublicKeyB64: string): SessionKeys {
  const pk = decodeKey(keyPair.publicKey, "public key", 32);
  const sk = decodeKey(keyPair.privateKey, "private key", 32);
  const client = decodeKey(clientPublicKeyB64, "other public key", 32);
  const h = kxHash(sharedSecret(sk, client, "other public key"), client, pk);
  return { sharedRx: toBase64(h.subarray(32, 64)), sharedTx: toBase64(h.subarray(0, 32)) };
}
