import { getAddress } from "ethers";

/**
 * The exact text a wallet signs (EIP-191) to authorize a dm3 profile (dm3-protocol.md §4.2),
 * including the reference's wording "wants you register".
 * @param stringifiedProfile `stringify(userProfile)` (canonical JSON)
 * @param address any-case address; shown EIP-55 checksummed
 */
export function getProfileCreationMessage(stringifiedProfile: string, address: string): string {
  return (
    "dm3.chat wants you register your dm3 profile with your Ethereum account:\n" +
    `${getAddress(address)}\n\n` +
    "This is required only once!\n" +
    "(There is no paid transaction initiated. The signature is used off-chain only.)\n\n" +
    "URI: https://dm3.chat\n" +
    "Version: 1\n" +
    `dm3 Profile: ${stringifiedProfile}`
  );
}
