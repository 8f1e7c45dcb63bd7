import { EnsPlugin, Interface, ZeroAddress, getAddress, type AbstractProvider, type Provider, type Signer } from "ethers";
import { ENSRegistry__factory, PublicResolver__factory } from "../../typechain-types";
import { DELIVERY_SERVICE_RECORD_KEY, PROFILE_RECORD_KEY } from "../ens/constants";
import { namehash } from "../names/encode";
import { assertNormalized } from "../names/normalize";
import { shortError } from "../shared/errors";
import { TransactionFailedError } from "../errors";
import { MalformedRecordError, NoEnsError, NoResolverError, NotAuthorizedError, WrongSignerError } from "./errors";
import { toDataUri, toLinkRecord } from "./records";
import { assertDeliveryServiceProfile, assertSignedUserProfile } from "./schema";
import type { DeliveryServiceProfile, SignedUserProfile } from "./types";
import { verifyProfileSignature } from "./verify";

/** Options of {@link publishProfile} and {@link publishDeliveryServiceProfile}. */
export interface PublishOptions {
  /** Reads ENS through this provider (default: the signer's). Its network must know the ENS registry. */
  provider?: Pick<AbstractProvider, "getNetwork" | "getCode" | "call">;
  /** Registry address, overriding the provider network's ENS plugin. */
  ensAddress?: string;
  /** `data` (default): inline data URI. `link`: `url` + `dm3Hash`; host the JSON at `url` yourself. */
  format?: "data" | "link";
  /** Where the JSON is hosted, for `format: "link"`. */
  url?: string;
  /** Publish even when the profile's signature does not verify for the name's address. */
  skipVerification?: boolean;
}

/** What was written. */
export interface PublishResult {
  /** Hashes of the mined transactions, in order. */
  txHashes: string[];
  /** The text record value written. */
  record: string;
  resolver: string;
  /** True when the `addr` record was missing and was set to the signer's address. */
  wroteAddr: boolean;
  /** True when all writes went in one `multicall` transaction. */
  multicall: boolean;
  /** Total gas of the transactions. */
  gasUsed: bigint;
}

const resolverInterface: Interface = PublicResolver__factory.createInterface() as unknown as Interface;

/**
 * Publishes a signed user profile as `network.dm3.profile` of `name`, with the signer (the
 * name's owner or an account the resolver authorises). Looks up the name's resolver in the
 * ENS registry, sets the text record and, when the name has no `addr` record, `addr` = the
 * signer's address: one `multicall` transaction where the resolver has `multicall(bytes[])`,
 * else one transaction each. The profile must verify for the resulting address unless
 * `skipVerification`.
 * @throws NameNotNormalizedError, NoEnsError, NoResolverError, NotAuthorizedError, WrongSignerError, SchemaViolationError
 */
export async function publishProfile(
  signer: Signer,
  name: string,
  signedProfile: SignedUserProfile,
  options: PublishOptions = {},
): Promise<PublishResult> {
  assertSignedUserProfile(signedProfile);
  const target = await locate(signer, name, options);
  const signerAddress = await signer.getAddress();
  const resolver = PublicResolver__factory.connect(target.resolver, target.provider as Provider);
  const currentAddr = await resolver["addr(bytes32)"](target.node);
  const wroteAddr = currentAddr === ZeroAddress;
  const address = wroteAddr ? signerAddress : getAddress(currentAddr);
  if (!options.skipVerification) {
    const check = await verifyProfileSignature(signedProfile, address, { provider: target.provider });
    if (!check.valid) throw new WrongSignerError(address, check.reason ?? "invalid signature");
  }
  const record = formatRecord(signedProfile, options);
  const calls = [resolverInterface.encodeFunctionData("setText", [target.node, PROFILE_RECORD_KEY, record])];
  if (wroteAddr) calls.push(resolverInterface.encodeFunctionData("setAddr(bytes32,address)", [target.node, signerAddress]));
  return { ...(await send(signer, signerAddress, name, target, calls)), record, wroteAddr };
}

/**
 * Publishes a delivery-service profile as `network.dm3.deliveryService` of `name` (no `addr`
 * write; delivery-service profiles are unsigned).
 * @throws NameNotNormalizedError, NoEnsError, NoResolverError, NotAuthorizedError, SchemaViolationError
 */
export async function publishDeliveryServiceProfile(
  signer: Signer,
  name: string,
  profile: DeliveryServiceProfile,
  options: PublishOptions = {},
): Promise<PublishResult> {
  assertDeliveryServiceProfile(profile);
  const target = await locate(signer, name, options);
  const record = formatRecord(profile, options);
  const calls = [resolverInterface.encodeFunctionData("setText", [target.node, DELIVERY_SERVICE_RECORD_KEY, record])];
  return { ...(await send(signer, await signer.getAddress(), name, target, calls)), record, wroteAddr: false };
}

interface Target {
  provider: Pick<AbstractProvider, "getNetwork" | "getCode" | "call">;
  registry: string;
  node: string;
  resolver: string;
  owner: string;
}

function formatRecord(obj: unknown, options: PublishOptions): string {
  if (options.format === "link") {
    if (!options.url) throw new MalformedRecordError('format "link" needs options.url (where the profile JSON is hosted)');
    return toLinkRecord(options.url, obj);
  }
  return toDataUri(obj);
}

async function locate(signer: Signer, name: string, options: PublishOptions): Promise<Target> {
  assertNormalized(name);
  const provider = options.provider ?? (signer.provider as AbstractProvider | null);
  if (!provider) throw new NoEnsError("the signer has no provider and none was given");
  let registry = options.ensAddress;
  if (!registry) {
    const plugin = (await provider.getNetwork()).getPlugin<EnsPlugin>("org.ethers.plugins.network.Ens");
    if (!plugin) throw new NoEnsError("the provider's network has no ENS plugin (pass options.provider or options.ensAddress)");
    registry = plugin.address;
  }
  const node = namehash(name);
  const ens = ENSRegistry__factory.connect(registry, provider as Provider);
  const [resolver, owner] = await Promise.all([ens.resolver(node), ens.owner(node)]);
  if (resolver === ZeroAddress) throw new NoResolverError(name);
  return { provider, registry, node, resolver, owner };
}

async function supportsMulticall(provider: Pick<Provider, "call">, resolver: string, from: string): Promise<boolean> {
  try {
    await provider.call({ to: resolver, from, data: resolverInterface.encodeFunctionData("multicall", [[]]) });
    return true;
  } catch {
    return false;
  }
}

async function send(
  signer: Signer,
  from: string,
  name: string,
  target: Target,
  calls: string[],
): Promise<{ txHashes: string[]; resolver: string; multicall: boolean; gasUsed: bigint }> {
  const multicall = calls.length > 1 && (await supportsMulticall(target.provider, target.resolver, from));
  const payloads = multicall ? [resolverInterface.encodeFunctionData("multicall", [calls])] : calls;
  // Simulate first, so an unauthorised signer gets a clear error instead of a reverted transaction.
  for (const data of payloads) {
    try {
      await target.provider.call({ to: target.resolver, from, data });
    } catch (e) {
      const detail = target.owner.toLowerCase() === from.toLowerCase() ? shortError(e) : `the name is owned by ${target.owner}`;
      throw new NotAuthorizedError(name, from, detail);
    }
  }
  const txHashes: string[] = [];
  let gasUsed = 0n;
  for (const data of payloads) {
    const tx = await signer.sendTransaction({ to: target.resolver, data });
    const receipt = await tx.wait();
    if (!receipt || receipt.status !== 1) throw new TransactionFailedError(tx.hash, `publishing a record of ${name}`);
    txHashes.push(receipt.hash);
    gasUsed += receipt.gasUsed;
  }
  return { txHashes, resolver: target.resolver, multicall, gasUsed };
}
