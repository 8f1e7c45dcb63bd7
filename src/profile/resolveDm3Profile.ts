import type { Provider } from "ethers";
import { resolveDm3Name, type Dm3NameResolution, type ResolveDm3NameOptions } from "../resolution/resolveDm3Name";
import type { ReadRecordOptions } from "./records";
import { verifyProfileRecord, type ResolvedProfile, type VerifiedRecord } from "./resolve";

/** A dm3 profile resolved in one call, parsed and verified: the name resolution plus the profile SDK's verified record. */
export interface Dm3ResolvedProfile extends Dm3NameResolution, VerifiedRecord {
  /** As in the profile SDK's `ResolvedProfile`: the account that must have signed (never null here). */
  address: ResolvedProfile["address"];
  /** The raw `network.dm3.profile` text record (never null here). */
  profileRecord: string;
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
