import { getAddress, type AbstractProvider } from "ethers";
import { Dm3Error } from "../errors";
import { resolveProfile, type EnsProvider, type ResolveProfileOptions } from "../profile/resolve";
import type { SignedUserProfile, UserProfile } from "../profile/types";
import { shortError } from "../shared/errors";
import { TtlCache } from "../shared/ttlCache";
import { ResourceUnavailableError } from "./errors";

/** A name's published, verified dm3 profile as the delivery service uses it. */
export interface DirectoryProfile {
  /** The name's `addr` record, checksummed. */
  address: string;
  profile: UserProfile;
  signedProfile: SignedUserProfile;
}

/** Answer of a lookup: found, or a permanent "this name has no (valid) profile/address". */
export type Lookup<T> = { found: true; value: T } | { found: false; reason: string };

/**
 * How the delivery service learns about names: the address a name points to and the verified
 * profile it publishes. Implementations cache; the default reads ENS through ethers.
 */
export interface Directory {
  /** The address `name` resolves to (checksummed). @throws ResourceUnavailableError when ENS cannot be read now */
  address(name: string): Promise<Lookup<string>>;
  /** `name`'s published profile, only when its signature is valid. @throws ResourceUnavailableError */
  profile(name: string): Promise<Lookup<DirectoryProfile>>;
  /** Forgets what is cached about `name` (sign-up and login read fresh). */
  forget(name: string): void;
}

/** Options of {@link EnsDirectory}. */
export interface EnsDirectoryOptions {
  /** How long a found answer is reused (default 60 s). */
  ttlMs?: number;
  /** How long a "not found" answer is reused (default 10 s). */
  negativeTtlMs?: number;
  maxEntries?: number;
  /** Passed to {@link resolveProfile} (universal resolver, alias registry, link fetch limits). */
  resolve?: ResolveProfileOptions;
}

// Errors that mean "this name has no usable profile", as opposed to "ENS cannot be read now".
const PERMANENT = new Set([
  "NO_RESOLVER",
  "NO_RECORD",
  "NO_ADDRESS",
  "MALFORMED_RECORD",
  "SCHEMA_VIOLATION",
  "HASH_MISMATCH",
  "CID_MISMATCH",
  "UNSUPPORTED_CID",
  "NAME_NOT_NORMALIZED",
  "NAME_INVALID",
  "NAME_EMPTY",
  "NAME_TOO_LONG",
  "INVALID_ADDRESS",
]);

function classify<T>(name: string, e: unknown): Lookup<T> {
  if (e instanceof Dm3Error && PERMANENT.has(e.code)) return { found: false, reason: e.message };
  throw new ResourceUnavailableError(`cannot resolve ${name} now: ${shortError(e).slice(0, 160)}`, { cause: e });
}

/** A {@link Directory} over ENS (ethers' resolver, CCIP-Read included) with a TTL cache. */
export class EnsDirectory implements Directory {
  private readonly addresses: TtlCache<Lookup<string>>;
  private readonly profiles: TtlCache<Lookup<DirectoryProfile>>;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;

  constructor(
    private readonly provider: EnsProvider & Pick<AbstractProvider, "resolveName">,
    private readonly options: EnsDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 10_000;
    this.addresses = new TtlCache(this.ttlMs, Date.now, options.maxEntries ?? 10_000);
    this.profiles = new TtlCache(this.ttlMs, Date.now, options.maxEntries ?? 10_000);
  }

  private ttl = (l: Lookup<unknown>): number => (l.found ? this.ttlMs : this.negativeTtlMs);

  address(name: string): Promise<Lookup<string>> {
    return this.addresses.getOrLoad(
      name,
      async () => {
        try {
          const address = await this.provider.resolveName(name);
          return address ? { found: true, value: getAddress(address) } : { found: false, reason: `${name} does not resolve to an address` };
        } catch (e) {
          return classify<string>(name, e);
        }
      },
      this.ttl,
    );
  }

  profile(name: string): Promise<Lookup<DirectoryProfile>> {
    return this.profiles.getOrLoad(
      name,
      async () => {
        try {
          const r = await resolveProfile(this.provider, name, this.options.resolve);
          if (!r.valid) return { found: false, reason: `the profile of ${name} is not signed by its address: ${r.reason ?? "invalid signature"}` };
          return { found: true, value: { address: r.address, profile: r.profile, signedProfile: r.signedProfile } };
        } catch (e) {
          return classify<DirectoryProfile>(name, e);
        }
      },
      this.ttl,
    );
  }

  forget(name: string): void {
    this.addresses.delete(name);
    this.profiles.delete(name);
  }
}
