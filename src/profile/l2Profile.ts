import { ZeroAddress, getAddress, toUtf8Bytes, type Signer } from "ethers";
import { Dm3L2Registry__factory } from "../../typechain-types";
import { PROFILE_RECORD_KEY } from "../ens/constants";
import { InvalidL2RecordError, L2NotAuthorizedError } from "../registry/errors";
import { readProfileRecord, toDataUri } from "./records";
import { assertSignedUserProfile } from "./schema";
import type { SignedUserProfile } from "./types";
import { decodeDnsName } from "../names/encode";

/**
 * The `network.dm3.profile` record for `profile`: a SignedUserProfile becomes its data URI
 * (`toDataUri`, dm3's canonical JSON); a string is either such a `data:` URI, kept as given once it
 * is found to carry a schema-valid signed profile, or the profile's JSON.
 * @throws InvalidL2RecordError (neither a data: URI nor JSON), MalformedRecordError, SchemaViolationError
 */
export async function profileRecordOf(profile: SignedUserProfile | string): Promise<string> {
  if (typeof profile !== "string") return toDataUri(assertSignedUserProfile(profile));
  const text = profile.trim();
  if (text.startsWith("data:")) {
    await readProfileRecord(text); // a data: URI is read locally, never fetched
    return text;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidL2RecordError("the profile is neither a data: URI nor JSON");
  }
  return toDataUri(assertSignedUserProfile(parsed));
}

/** What {@link setProfile} writes. */
export interface SetProfileOptions {
  /** The L2 registry. */
  registry: string;
  /** The label under the registry's parent. */
  label: string;
  /** The signed profile, or its record (see {@link profileRecordOf}). */
  profile: SignedUserProfile | string;
}

/** The profile record written. */
export interface ProfileSet {
  node: string;
  record: string;
  /** The record's length in UTF-8 bytes. */
  bytes: number;
  txHash: string;
  gasUsed: bigint;
}

/**
 * Sets the `network.dm3.profile` text record of `label` in a dm3 L2 registry (the profile layer
 * writing into the registry layer below it), after checking the record
 * and that `signer` may change the name (owner or approved), so nothing is sent for bad input.
 * @throws InvalidL2RecordError (and the record readers' errors), L2NotAuthorizedError
 */
export async function setProfile(signer: Signer, options: SetProfileOptions): Promise<ProfileSet> {
  const label = options.label;
  const record = await profileRecordOf(options.profile);
  const registry = Dm3L2Registry__factory.connect(options.registry, signer);
  const node = await registry.makeNode(label);
  const caller = getAddress(await signer.getAddress());
  const owner = await registry["owner(bytes32)"](node);
  const allowed =
    owner === caller ||
    (owner !== ZeroAddress &&
      ((await registry.isApprovedForAll(owner, caller)) || (await registry.getApproved(BigInt(node))) === caller));
  if (!allowed) throw new L2NotAuthorizedError(`${label}.${decodeDnsName(await registry.dnsName(await registry.parentNode()))}`, caller);
  const receipt = (await (await registry.setText(node, PROFILE_RECORD_KEY, record)).wait())!;
  return { node, record, bytes: toUtf8Bytes(record).length, txHash: receipt.hash, gasUsed: receipt.gasUsed };
}
