import type { Signer } from "ethers";
import { stringify } from "../shared/json";
import { ProfileSigningFailedError } from "./errors";
import { getProfileCreationMessage } from "./message";
import { assertUserProfile } from "./schema";
import type { SignedUserProfile, UserProfile } from "./types";

/** Options of {@link signProfile}. */
export interface SignProfileOptions {
  /**
   * The account the profile belongs to, shown in the signed message (default: the signer's
   * address). Set it when the signer is the key of a smart account (ERC-1271/ERC-6492).
   */
  account?: string;
}

/**
 * Signs `profile` with the wallet (EIP-191 `signMessage` over the profile-creation message of
 * `stringify(profile)` and the account's address), as the reference's `createProfile` does.
 * @throws SchemaViolationError for an invalid profile, ProfileSigningFailedError
 */
export async function signProfile(signer: Signer, profile: UserProfile, options: SignProfileOptions = {}): Promise<SignedUserProfile> {
  const checked = assertUserProfile(profile);
  const address = options.account ?? (await signer.getAddress());
  let signature: string;
  try {
    signature = await signer.signMessage(getProfileCreationMessage(stringify(checked), address));
  } catch (e) {
    throw new ProfileSigningFailedError((e as Error)?.message ?? String(e), { cause: e });
  }
  return { profile: checked, signature };
}
