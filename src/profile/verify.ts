import { Signature, getAddress, getBytes, hexlify, isHexString, toBeHex, type Provider } from "ethers";
import { fromHex, hashMessageBytes, recoverAddressFromDigest, toHex } from "../crypto";
import { stringify } from "../shared/json";
import { checkErc1271Signature } from "./erc1271";
import { checkErc6492Signature, isErc6492Signature } from "./erc6492";
import { InvalidAddressError, MalformedSignatureError } from "./errors";
import { getProfileCreationMessage } from "./message";
import { assertSignedUserProfile } from "./schema";
import type { SignedUserProfile } from "./types";

/** How a signature was checked. */
export type VerificationMethod = "eoa" | "erc1271" | "erc6492";

/** Answer of {@link verifyProfileSignature}. */
export interface VerificationResult {
  valid: boolean;
  /** Why the signature is not valid (absent when valid). */
  reason?: string;
  method: VerificationMethod;
}

/** Options of {@link verifyProfileSignature}. */
export interface VerifyOptions {
  /**
   * Chain access, needed for contract accounts (ERC-1271) and counterfactual ones (ERC-6492).
   * Without it only EOA (ECDSA) signatures can be valid.
   */
  provider?: Pick<Provider, "getCode" | "call">;
}

/** EIP-7702: an EOA whose code is a delegation designator still signs with its key. */
function isDelegatedEoa(code: string): boolean {
  return code.length === 2 + 23 * 2 && code.toLowerCase().startsWith("0xef0100");
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Brings a 65-byte signature into the canonical form ethers v6 accepts, accepting exactly what
 * the reference (ethers 5 `recoverAddress`) accepts: `v` as 0/1 or any value >= 27 by parity,
 * and a high `s` (replaced by n - s with the recovery bit flipped, which recovers the same key).
 * Other lengths are returned unchanged.
 */
export function canonicalEcdsaSignature(signature: string): string {
  const bytes = getBytes(signature);
  if (bytes.length !== 65) return signature;
  let v = bytes[64];
  if (v < 27) {
    if (v > 1) throw new MalformedSignatureError(`v = ${v} is neither 0/1 nor 27 or more`);
    v += 27;
  } else {
    v = v % 2 === 1 ? 27 : 28;
  }
  let s = BigInt(hexlify(bytes.slice(32, 64)));
  if (s > SECP256K1_N / 2n) {
    s = SECP256K1_N - s;
    v = v === 27 ? 28 : 27;
  }
  return Signature.from({ r: hexlify(bytes.slice(0, 32)), s: toBeHex(s, 32), v }).serialized;
}

function checkEcdsa(hash: string, signature: string, expected: string): { valid: boolean; reason?: string } {
  // The crypto back-end's recovery (libsecp256k1 under Node): an order of magnitude faster than
  // ethers' pure-JS recoverAddress, same accepted encodings (see splitEcdsaSignature).
  let recovered: string | undefined;
  try {
    recovered = recoverAddressFromDigest(fromHex(hash, "digest", 32), signature);
  } catch {
    recovered = undefined;
  }
  if (recovered === undefined) return { valid: false, reason: "the signature is not a valid 65-byte ECDSA signature" };
  return recovered === expected ? { valid: true } : { valid: false, reason: `wrong signer: signed by ${recovered}, expected ${expected}` };
}

/**
 * Verifies that `address` signed `signedProfile` (EIP-191 over the profile-creation message):
 * - ERC-6492 wrapped signatures (magic suffix) through a deployless validator `eth_call`;
 * - with a provider and code at `address`: ERC-1271 `isValidSignature(hashMessage(msg), sig)`;
 * - otherwise ECDSA recovery, as the reference's `checkUserProfileWithAddress`.
 * A bad signature is an answer (`valid: false` with a reason), not an exception.
 * @throws SchemaViolationError when `signedProfile` is not a SignedUserProfile, InvalidAddressError
 */
export async function verifyProfileSignature(
  signedProfile: SignedUserProfile,
  address: string,
  options: VerifyOptions = {},
): Promise<VerificationResult> {
  const { profile, signature } = assertSignedUserProfile(signedProfile);
  let expected: string;
  try {
    expected = getAddress(address);
  } catch {
    throw new InvalidAddressError(address);
  }
  const hash = toHex(hashMessageBytes(getProfileCreationMessage(stringify(profile), expected)));
  const { provider } = options;

  if (!isHexString(signature)) return { valid: false, method: "eoa", reason: "the signature is not 0x-hex" };
  if (isErc6492Signature(signature)) {
    if (!provider) return { valid: false, method: "erc6492", reason: "an ERC-6492 (counterfactual account) signature needs a provider" };
    return { ...(await checkErc6492Signature(provider, expected, hash, signature)), method: "erc6492" };
  }
  if (provider) {
    const code = await provider.getCode(expected);
    if (code !== "0x" && !isDelegatedEoa(code)) {
      return { ...(await checkErc1271Signature(provider, expected, hash, signature)), method: "erc1271" };
    }
    if (isDelegatedEoa(code)) {
      const ecdsa = checkEcdsa(hash, signature, expected);
      if (ecdsa.valid) return { ...ecdsa, method: "eoa" };
      return { ...(await checkErc1271Signature(provider, expected, hash, signature)), method: "erc1271" };
    }
  }
  const ecdsa = checkEcdsa(hash, signature, expected);
  if (!ecdsa.valid && !provider) ecdsa.reason += " (a contract account's signature needs a provider)";
  return { ...ecdsa, method: "eoa" };
}
