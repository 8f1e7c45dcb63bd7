import { Interface, type Provider } from "ethers";
import { shortError } from "../shared/errors";

/** `bytes4(keccak256("isValidSignature(bytes32,bytes)"))`, the ERC-1271 success value. */
export const ERC1271_MAGIC_VALUE = "0x1626ba7e";

const erc1271 = new Interface(["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"]);

/** Outcome of one signature check. */
export interface SignatureCheck {
  valid: boolean;
  reason?: string;
}

/**
 * Asks the contract at `account` whether `signature` is valid for `hash` (ERC-1271
 * `isValidSignature`). A revert or any answer other than the magic value is "invalid".
 */
export async function checkErc1271Signature(
  provider: Pick<Provider, "call">,
  account: string,
  hash: string,
  signature: string,
): Promise<SignatureCheck> {
  let answer: string;
  try {
    answer = await provider.call({ to: account, data: erc1271.encodeFunctionData("isValidSignature", [hash, signature]) });
  } catch (e) {
    return { valid: false, reason: `ERC-1271 isValidSignature on ${account} reverted (${shortError(e)})` };
  }
  if (answer.length >= 10 && answer.slice(0, 10).toLowerCase() === ERC1271_MAGIC_VALUE) return { valid: true };
  return { valid: false, reason: `ERC-1271 account ${account} rejected the signature (answered ${answer.slice(0, 10) || "nothing"})` };
}

