import { createProfileKeys, DEFAULT_NONCE } from "../../src/keys";
import { sha256Bytes, toBase64, utf8 } from "../../src/crypto";
import type { ResolvedDeliveryService, ResolvedProfile } from "../../src/profile/resolve";
import type { DeliveryServiceProfile, ProfileKeys } from "../../src/profile/types";

/** Deterministic profile keys for a label (seed = sha256(label)). */
export function keysFor(label: string): ProfileKeys {
  return createProfileKeys(toBase64(sha256Bytes(utf8(label))), DEFAULT_NONCE);
}

/** A party of the offline messaging tests: name, keys and the profile it would publish. */
export interface Party {
  name: string;
  keys: ProfileKeys;
  deliveryServices: string[];
}

export function party(name: string, deliveryServices: string[] = ["ds1.dm3.eth"]): Party {
  return { name, keys: keysFor(name), deliveryServices };
}

export function dsProfile(name: string, url = `https://${name}/api`): { keys: ProfileKeys; profile: DeliveryServiceProfile } {
  const keys = keysFor(name);
  return { keys, profile: { publicSigningKey: keys.signingKeyPair.publicKey, publicEncryptionKey: keys.encryptionKeyPair.publicKey, url } };
}

/** What resolveProfile would return for a validly signed profile of `p` (no chain needed). */
export function resolvedProfile(p: Party, overrides: Partial<ResolvedProfile> = {}): ResolvedProfile {
  const profile = { publicEncryptionKey: p.keys.encryptionKeyPair.publicKey, publicSigningKey: p.keys.signingKeyPair.publicKey, deliveryServices: p.deliveryServices };
  return { name: p.name, address: "0x" + "00".repeat(20), format: "data", profile, signedProfile: { profile, signature: "0x" }, valid: true, method: "eoa", ...overrides };
}

/** Offline resolvers over a fixed set of parties and delivery services (what the SDK's options accept). */
export function offlineResolvers(parties: Party[], services: Record<string, DeliveryServiceProfile>) {
  const byName = new Map(parties.map((p) => [p.name, p]));
  const resolve = async (name: string): Promise<ResolvedProfile> => {
    const p = byName.get(name);
    if (!p) throw Object.assign(new Error(`${name} has no ENS resolver`), { code: "NO_RESOLVER" });
    return resolvedProfile(p);
  };
  const resolveDeliveryService = async (name: string): Promise<ResolvedDeliveryService> => {
    const profile = services[name];
    if (!profile) throw Object.assign(new Error(`${name} has no "network.dm3.deliveryService" text record`), { code: "NO_RECORD" });
    return { name, format: "data", profile };
  };
  return { resolveSender: resolve, resolveReceiver: resolve, resolveDeliveryService };
}
