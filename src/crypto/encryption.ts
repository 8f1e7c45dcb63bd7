import { cryptoBackend } from "./backend";
import { fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from "./encoding";
import { CryptoInputError, DecryptionFailedError } from "./errors";
import { clientToServerKey, decodeKey, kxRandomKeyPair, serverFromClientKey } from "./keys";
import { PAD_BLOCK_SIZE, pad, unpad } from "./padding";

/** Name of dm3's only encryption scheme (`metadata.encryptionScheme`). */
export const ENCRYPTION_SCHEME = "x25519-chacha20-poly1305";
/** Byte length of a ChaCha20-Poly1305 IETF nonce. */
export const NONCE_BYTES = 12;

/**
 * An encrypted dm3 payload, field for field the reference's `EncryptedPayload`: base64 of
 * ciphertext ‖ tag, 0x-hex nonce, and for asymmetric encryption the sender's ephemeral X25519
 * public key (base64). On the wire it travels as `stringify(payload)`.
 */
export interface EncryptedPayload {
  ciphertext: string;
  nonce: string;
  ephemPublicKey?: string;
}

/** An X25519 key pair in dm3's encoding (base64); the reference's `KeyPair`. */
export interface Base64KeyPair {
  publicKey: string;
  privateKey: string;
}

function seal(key: Uint8Array, nonce: Uint8Array, plaintext: string, padding: number): string {
  return toBase64(cryptoBackend().aeadEncrypt(key, nonce, pad(utf8(plaintext), padding)));
}

function open(key: Uint8Array, payload: EncryptedPayload, padding: number): string {
  if (payload === null || typeof payload !== "object") throw new CryptoInputError("encrypted payload", "not an object");
  const nonce = fromHex(payload.nonce, "nonce", NONCE_BYTES);
  const ciphertext = fromBase64(payload.ciphertext, "ciphertext");
  const padded = cryptoBackend().aeadDecrypt(key, nonce, ciphertext);
  if (padded === null) throw new DecryptionFailedError("the authentication tag does not verify (wrong key or tampered payload)");
  const text = fromUtf8(unpad(padded, padding));
  if (text === undefined) throw new DecryptionFailedError("the plaintext is not UTF-8");
  return text;
}

/**
 * Symmetric encryption as the reference's `encrypt(key, payload, prevNonce?, padding)`:
 * ChaCha20-Poly1305 IETF over the ISO-padded UTF-8 text. With `nonce` (0x-hex, 12 bytes) the
 * caller's nonce is used unchanged (deterministic output, as the reference in effect does);
 * otherwise a random one.
 * @throws InvalidKeyError, CryptoInputError
 */
export function encryptSymmetric(keyB64: string, plaintext: string, nonce?: string, padding: number = PAD_BLOCK_SIZE): EncryptedPayload {
  const key = decodeKey(keyB64, "symmetric key", 32);
  const n = nonce === undefined ? cryptoBackend().randomBytes(NONCE_BYTES) : fromHex(nonce, "nonce", NONCE_BYTES);
  return { ciphertext: seal(key, n, plaintext, padding), nonce: toHex(n) };
}

/**
 * Inverse of {@link encryptSymmetric} (the reference's `decrypt`).
 * @throws InvalidKeyError, CryptoInputError, DecryptionFailedError, InvalidPaddingError
 */
export function decryptSymmetric(keyB64: string, payload: EncryptedPayload, padding: number = PAD_BLOCK_SIZE): string {
  return open(decodeKey(keyB64, "symmetric key", 32), payload, padding);
}

/**
 * Encrypts `plaintext` to an X25519 public key exactly as the reference's `encryptAsymmetric`:
 * a fresh ephemeral key pair, the `crypto_kx` client→server session key, a random nonce, 2,048-byte
 * ISO padding, ChaCha20-Poly1305 IETF. Any text under 2,048 UTF-8 bytes gives a 2,064-byte ciphertext.
 * @throws InvalidKeyError
 */
export function encryptAsymmetric(receiverPublicKeyB64: string, plaintext: string, padding: number = PAD_BLOCK_SIZE): EncryptedPayload {
  const receiver = decodeKey(receiverPublicKeyB64, "receiver public key", 32);
  const ephemeral = kxRandomKeyPair();
  const key = clientToServerKey(ephemeral, receiver);
  const nonce = cryptoBackend().randomBytes(NONCE_BYTES);
  return { ciphertext: seal(key, nonce, plaintext, padding), nonce: toHex(nonce), ephemPublicKey: toBase64(ephemeral.publicKey) };
}

/**
 * Decrypts a payload made by {@link encryptAsymmetric} (or the reference's) with the receiver's
 * X25519 key pair.
 * @throws InvalidKeyError, CryptoInputError (e.g. `ephemPublicKey` missing), DecryptionFailedError, InvalidPaddingError
 */
export function decryptAsymmetric(ownKeyPair: Base64KeyPair, payload: EncryptedPayload, padding: number = PAD_BLOCK_SIZE): string {
  if (payload === null || typeof payload !== "object") throw new CryptoInputError("encrypted payload", "not an object");
  if (payload.ephemPublicKey === undefined) throw new CryptoInputError("encrypted payload", "ephemPublicKey is missing");
  const own = { publicKey: decodeKey(ownKeyPair.publicKey, "own public key", 32), secretKey: decodeKey(ownKeyPair.privateKey, "own private key", 32) };
  let ephemeral: Uint8Array;
  try {
    ephemeral = fromBase64(payload.ephemPublicKey, "ephemPublicKey", 32);
  } catch (e) {
    throw e instanceof CryptoInputError ? e : new CryptoInputError("ephemPublicKey", String(e));
  }
  let key: Uint8Array;
  try {
    key = serverFromClientKey(own, ephemeral);
  } catch {
    throw new DecryptionFailedError("the ephemeral public key is a low-order point");
  }
  return open(key, payload, padding);
}
