import type { AbstractProvider } from "ethers";
import { DELIVERY_SERVICE_RECORD_KEY, PROFILE_RECORD_KEY } from "../ens/constants";
import { assertNormalized } from "../names/normalize";
import { NoAddressError, NoRecordError, NoResolverError } from "./errors";
import { readDeliveryServiceRecord, readProfileRecord, type ReadRecordOptions, type RecordFormat } from "./records";
import type { DeliveryServiceProfile, SignedUserProfile, UserProfile } from "./types";
import { verifyProfileSignature, type VerificationMethod } from "./verify";
import { resolveName } from "../alias/resolve";
import { resolveDm3Name } from "../resolution/resolveDm3Name";

/**
 * What resolution needs from a provider: ethers' own ENS machinery (`getResolver`, which
 * follows ENSIP-10 wildcards and CCIP-Read, and `resolveName`) plus `getCode`/`call` for
 * contract-account signatures. A `JsonRpcProvider` or `BrowserProvider` whose network has an
 * ENS plugin fits (see `src/ens/provider.ts`).
 */
export type EnsProvider = Pick<AbstractProvider, "getResolver" | "resolveName" | "getCode" | "call" | "provider">;

/** A resolved, parsed and verified user profile. */
export interface ResolvedProfile {
  /** The canonical ENS name. */
  name: string;
  /** The aliased form the caller passed (e.g. `dave.gno`), when an alias was applied. */
  alias?: string;
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

/** Options of {@link resolveProfile}. */
export interface ResolveProfileOptions extends ReadRecordOptions {
  /**
   * A deployed `Dm3UniversalResolver`: the name (aliased or not, as typed) is resolved in one
   * `eth_call` (2 RPC + 1 HTTP behind CCIP-Read) instead of ethers' resolver walk.
   */
  universalResolver?: string;
  /** Without a universal resolver: an alias registry, so aliased names (`dave.gno`) resolve too. */
  aliasRegistry?: string;
}

/** The parsed and verified part of a resolved profile. */
export type VerifiedRecord = Pick<ResolvedProfile, "format" | "profile" | "signedProfile" | "valid" | "reason" | "method">;

/**
 * Parses a `network.dm3.profile` record (any format) and checks its signature against
 * `address`, the name's `addr` record. Shared by every resolution path.
 * @throws NoRecordError, NoAddressError and the record errors of {@link readProfileRecord}
 */
export async function verifyProfileRecord(
  provider: Pick<AbstractProvider, "getCode" | "call">,
  name: string,
  record: string | null,
  address: string | null,
  options: ReadRecordOptions = {},
): Promise<VerifiedRecord & { address: string }> {
  if (record === null || record === "") throw new NoRecordError(name, PROFILE_RECORD_KEY);
  const { format, signedProfile } = await readProfileRecord(record, options);
  if (!address) throw new NoAddressError(name);
  const verification = await verifyProfileSignature(signedProfile, address, { provider });
  return { address, format, profile: signedProfile.profile, signedProfile, ...verification };
}

/**
 * Resolves `name`'s dm3 profile and checks it: the `network.dm3.profile` record (any of the three
 * formats, schema-checked) and the signature against the name's `addr` record.
 * - With `universalResolver`: one call through the one-call resolver, which also maps aliases.
 * - Otherwise through ethers' own resolver (CCIP-Read enabled; text and addr read in parallel
 *   from one resolver lookup), after mapping an alias when `aliasRegistry` is given.
 * Without either option the name must be ENSIP-15 normalized. A bad signature is reported
 * (`valid: false` + `reason`), every other problem is thrown.
 * @throws NameNotNormalizedError, NoResolverError, NoRecordError, NoAddressError, MalformedRecordError,
 *   SchemaViolationError, HashMismatchError, CidMismatchError, UnsupportedCidError, LinkUnreachableError
 */
export async function resolveProfile(provider: EnsProvider, name: string, options: ResolveProfileOptions = {}): Promise<ResolvedProfile> {
  if (options.universalResolver) {
    const r = await resolveDm3Name(provider, name, { universalResolver: options.universalResolver });
    const checked = await verifyProfileRecord(provider, r.canonicalName, r.profileRecord, r.address, options);
    return { name: r.canonicalName, ...(r.alias ? { alias: r.alias } : {}), ...checked };
  }
  let canonical = name;
  let alias: string | undefined;
  if (options.aliasRegistry) {
    const mapped = await resolveName(provider, name, { aliasRegistry: options.aliasRegistry });
    canonical = mapped.name;
    alias = mapped.alias;
  }
  const resolver = await provider.getResolver(assertNormalized(canonical));
  if (!resolver) throw new NoResolverError(canonical);
  // One resolver lookup for both records, read in parallel (ethers' resolveName would look the
  // resolver up again): 3-4 eth_calls for an on-chain name instead of 6-7.
  const [record, address] = await Promise.all([resolver.getText(PROFILE_RECORD_KEY), resolver.getAddress()]);
  const checked = await verifyProfileRecord(provider, canonical, record, address, options);
  return { name: canonical, ...(alias ? { alias } : {}), ...checked };
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
