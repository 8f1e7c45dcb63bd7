import { getAddress } from "ethers";
import { sha256 } from "../shared/json";

/**
 * The default key-derivation nonce: `sha256("dm3_default_nonce")`. The reference library
 * always uses it in `createProfile`, so keys derived with it equal the reference's.
 */
export const DEFAULT_NONCE = sha256("dm3_default_nonce");

/**
 * The exact text the wallet signs (EIP-191) to derive dm3 keys (dm3-protocol.md §5.1).
 * @param nonce inserted verbatim (the reference app uses its configured nonce string)
 * @param address any-case Ethereum address; shown EIP-55 checksummed
 */
export function getStorageKeyCreationMessage(nonce: string, address: string): string {
  return (
    "dm3.chat wants you to sign in with your Ethereum account:\n" +
    `${getAddress(address)}\n\n` +
    "Connect the DM3 MESSENGER with your wallet. Keys for secure communication are derived from this signature.\n\n" +
    "(There is no paid transaction initiated. The signature is used off-chain only.)\n\n" +
    "URI: https://dm3.chat\n" +
    "Version: 1\n" +
    `Nonce: ${nonce}`
  );
}
