import type { Provider } from "ethers";
import { type ReadRecordOptions, type RecordFormat } from "../profile/records";
import { verifyProfileRecord } from "../profile/resolve";
import type { SignedUserProfile, UserProfile } from "../profile/types";
import type { VerificationMethod } from "../profile/verify";
import { resolveDm3Name, type Dm3NameResolution, type ResolveDm3NameOptions } from "./resolveDm3Name";

/** A dm3 profile resolved in one call, parsed and verified. */
export interface Dm3ResolvedProfile extends Dm3NameResolution {
  /** Same as the profile SDK's `ResolvedProfile`: the account that must have signed. */
  address: string;
  profileRecord: string;
  format: RecordFormat;
  profile: UserProfile;
  signedProfile: SignedUserProfile;
  /** True when `address` signed the profile (EOA, ERC-1271 or ERC-6492). */
  valid: boolean;
  reason?: string;
  method: VerificationMethod;
}

/**
 * {@link resolveDm3Name} followed by the profile SDK's record parsing and signature check: the
 * one-call counterpart of `resolveProfile` (src/profile/resolve.ts), accepting aliased and
 * user-typed names. A bad signature is reported (`valid: false` + `reason`), other problems thrown.
 * @throws the errors of {@link resolveDm3Name}; NoRecordError, NoAddressError and the profile
 *   SDK's record errors (MalformedRecordError, SchemaViolationError, HashMismatchError, ...)
 */
export async function resolveDm3Profile(
  provider: Provider,
  input: string,
  options: ResolveDm3NameOptions & ReadRecordOptions,
): Promise<Dm3ResolvedProfile> {
  const resolution = await resolveDm3Name(provider, input, options);
  const checked = await verifyProfileRecord(provider, resolution.canonicalName, resolution.profileRecord, resolution.address, options);
  return { ...resolution, profileRecord: resolution.profileRecord!, ...checked };
}
