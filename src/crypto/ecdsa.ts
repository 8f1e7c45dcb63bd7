import { getAddress } from "ethers";
import { cryptoBackend } from "./backend";
import { fromHex, toHex, utf8 } from "./encoding";
import { CryptoInputError } from "./errors";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const EIP191_PREFIX = "\x19Ethereum Signed Message:\n";

/** EIP-191 `personal_sign` digest of `text` (ethers' `hashMessage`), as 32 bytes. */
export function hashMessageBytes(text: string): Uint8Array {
  const body = utf8(text);
  const prefix = utf8(EIP191_PREFIX + body.length);
  const all = new Uint8Array(prefix.length + body.length);
  all.set(prefix, 0);
  all.set(body, prefix.length);
  return cryptoBackend().keccak256(all);
}

/**
 * Splits a 65-byte `r ‖ s ‖ v` signature into a low-s compact signature and a recovery id,
 * accepting what ethers 5's `recoverAddress` accepts: `v` as 0/1 or any value >= 27 by parity, a
 * high `s` (replaced by n - s with the recovery bit flipped: the same key is recovered), and the
 * 64-byte EIP-2098 form (`r ‖ yParity·2^255 + s`).
 * @throws CryptoInputError
 */
export function splitEcdsaSignature(signature: string): { compact: Uint8Array; recoveryId: number } {
  const bytes = fromHex(signature, "ECDSA signature");
  if (bytes.length === 64) {
    const compact = bytes.slice();
    const recoveryId = compact[32] >> 7;
    compact[32] &= 0x7f;
    return { compact, recoveryId };
  }
  if (bytes.length !== 65) throw new CryptoInputError("ECDSA signature", `${bytes.length} bytes, expected 65 (or 64, EIP-2098)`);
  const v = bytes[64];
  if (v >= 2 && v < 27) throw new CryptoInputError("ECDSA signature", `invalid v ${v}`);
  let recoveryId = v < 27 ? v : v % 2 === 1 ? 0 : 1;
  const compact = bytes.slice(0, 64);
  const s = BigInt(toHex(compact.subarray(32, 64)));
  if (s > SECP256K1_N / 2n) {
    const low = (SECP256K1_N - s).toString(16).padStart(64, "0");
    compact.set(fromHex("0x" + low, "s"), 32);
    recoveryId ^= 1;
  }
  return { compact, recoveryId };
}

/**
 * The address that produced a 65-byte (or 64-byte EIP-2098) secp256k1 signature over `digest` (32 bytes), EIP-55
 * checksummed, or `undefined` when no key can be recovered. Uses the crypto back-end (libsecp256k1
 * under Node, noble in browsers).
 * @throws CryptoInputError for a signature that is not 65 (64) bytes of 0x-hex or has an invalid `v`
 */
export function recoverAddressFromDigest(digest: Uint8Array, signature: string): string | undefined {
  const { compact, recoveryId } = splitEcdsaSignature(signature);
  const publicKey = cryptoBackend().secp256k1Recover(digest, compact, recoveryId);
  if (publicKey === null) return undefined;
  return getAddress(toHex(cryptoBackend().keccak256(publicKey.subarray(1)).subarray(12)));
}
