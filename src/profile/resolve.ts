import type { AbstractProvider } from "ethers";
import { DELIVERY_SERVICE_RECORD_KEY, PROFILE_RECORD_KEY } from "../ens/constants";
import { assertNormalized } from "../names/normalize";
import { NoAddressError, NoRecordError, NoResolverError } from "./errors";
import { readDeliveryServiceRecord, readProfileRecord, type ReadRecordOptions, type RecordFormat } from "./records";
import type { DeliveryServiceProfile, SignedUserProfile, UserProfile } from "./types";
import { verifyProfileSignature, type VerificationMethod } from "./verify";

/**
 * What resolution needs from a provider: ethers' own ENS machinery (`getResolver`, which
 * follows ENSIP-10 wildcards and CCIP-Read, and `resolveName`) plus `getCode`/`call` for
 * contract-account signatures. A `JsonRpcProvider` or `BrowserProvider` whose network has an
 * ENS plugin fits (see `src/ens/provider.ts`).
 */
export type EnsProvider = Pick<AbstractProvider, "getResolver" | "resolveName" | "getCode" | "call">;

/** A resolved, parsed and verified user profile. */
export interface ResolvedProfile {
  name: string;
  /** The name's `addr` record (coin type 60): the account that must have signed. */
  address: string;
  format: RecordFormat;
  profile: UserProfile;
  signedProfile: SignedUserProfile;
  /** True when `address` signed the profile (EOA, ERC-1271 or ERC-6492). */
  valid: boolean;
  reason?: string;
  method: VerificationMethod;
}

/** A resolved and parsed delivery-service profile. */
export interface ResolvedDeliveryService {
  name: string;
  format: RecordFormat;
  profile: DeliveryServiceProfile;
}

/**
 * Reads text record `key` of `name` through ethers' own resolver.
 * @throws NoResolverError, NoRecordError
 */
export async function getTextRecord(provider: Pick<AbstractProvider, "getResolver">, name: string, key: string): Promise<string> {
  const resolver = await provider.getResolver(assertNormalized(name));
  if (!resolver) throw new NoResolverError(name);
  const value = await resolver.getText(key);
  if (value === null || value === "") throw new NoRecordError(name, key);
  return value;
}

/**
 * Resolves `name`'s dm3 profile: `network.dm3.profile` through ethers' resolver (CCIP-Read
 * enabled), any of the three record formats, schema check, and the signature checked against
 * the name's `addr` record. A bad signature is reported (`valid: false` + `reason`), every
 * other problem is thrown.
 * @throws NameNotNormalizedError, NoResolverError, NoRecordError, NoAddressError, MalformedRecordError,
 *   SchemaViolationError, HashMismatchError, CidMismatchError, UnsupportedCidError, LinkUnreachableError
 */
export async function resolveProfile(provider: EnsProvider, name: string, options: ReadRecordOptions = {}): Promise<ResolvedProfile> {
  const resolver = await provider.getResolver(assertNormalized(name));
  if (!resolver) throw new NoResolverError(name);
  // One resolver lookup for both records, read in parallel (ethers' resolveName would look the
  // resolver up again): 4 eth_calls for an on-chain name instead of 6.
  const [record, address] = await Promise.all([resolver.getText(PROFILE_RECORD_KEY), resolver.getAddress()]);
  if (record === null || record === "") throw new NoRecordError(name, PROFILE_RECORD_KEY);
  const { format, signedProfile } = await readProfileRecord(record, options);
  if (!address) throw new NoAddressError(name);
  const verification = await verifyProfileSignature(signedProfile, address, { provider });
  return { name, address, format, profile: signedProfile.profile, signedProfile, ...verification };
}

/**
 * Resolves a delivery service's profile (`network.dm3.deliveryService`), any record format,
 * schema-checked. Delivery-service profiles carry no signature.
 * @throws the same errors as {@link resolveProfile} except NoAddressError
 */
export async function resolveDeliveryServiceProfile(
  provider: Pick<AbstractProvider, "getResolver">,
  name: string,
  options: ReadRecordOptions = {},
): Promise<ResolvedDeliveryService> {
  const record = await getTextRecord(provider, name, DELIVERY_SERVICE_RECORD_KEY);
  const { format, profile } = await readDeliveryServiceRecord(record, options);
  return { name, format, profile };
}
