import type { Signer } from "ethers";
import { stringify } from "../shared/json";
import { ProfileSigningFailedError } from "./errors";
import { getProfileCreationMessage } from "./message";
import { assertUserProfile } from "./schema";
import type { SignedUserProfile, UserProfile } from "./types";

/**
 * Signs `profile` with the wallet (EIP-191 `signMessage` over the profile-creation message of
 * `stringify(profile)` and the signer's address), as the reference's `createProfile` does.
 * @throws SchemaViolationError for an invalid profile, ProfileSigningFailedError
 */
export async function signProfile(signer: Signer, profile: UserProfile): Promise<SignedUserProfile> {
  const checked = assertUserProfile(profile);
  const address = await signer.getAddress();
  let signature: string;
  try {
    signature = await signer.signMessage(getProfileCreationMessage(stringify(checked), address));
  } catch (e) {
    throw new ProfileSigningFailedError((e as Error)?.message ?? String(e), { cause: e });
  }
  return { profile: checked, signature };
}
