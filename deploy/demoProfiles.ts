import type { Signer } from "ethers";
import { PublicResolver__factory } from "../typechain-types";
import { DELIVERY_SERVICE_RECORD_KEY, PROFILE_RECORD_KEY } from "../src/ens/constants";
import { namehash } from "../src/names";
import { createProfile, publishDeliveryServiceProfile, publishProfile, toDataUri } from "../src/profile";
import { deriveProfileKeys } from "../src/keys";
import type { ProfileKeys, SignedUserProfile } from "../src/profile/types";
import { DeployContext, persist } from "./context";
import type { EnsDeployment } from "./ens";

async function currentText(ctx: DeployContext, resolver: string, name: string, key: string): Promise<string> {
  return PublicResolver__factory.connect(resolver, ctx.provider).text(namehash(name), key);
}

/**
 * Publishes a signed dm3 profile on `name` (already pointing at the public resolver), with keys
 * derived from `owner`'s wallet signature and the default nonce, so they equal what the dm3
 * reference app derives for that account. Skipped when the record is already there (keys and
 * EIP-191 signatures are deterministic, so a re-run produces the same record).
 */
export async function ensureUserProfile(
  ctx: DeployContext,
  ens: EnsDeployment,
  name: string,
  owner: Signer,
  deliveryServices: string[],
): Promise<SignedUserProfile> {
  const { signedProfile, record } = await createProfile(owner, deliveryServices);
  if ((await currentText(ctx, ens.resolver, name, PROFILE_RECORD_KEY)) !== record) {
    await publishProfile(owner, name, signedProfile, { ensAddress: ens.registry });
  }
  ctx.manifest.names[name].records = { ...ctx.manifest.names[name].records, [PROFILE_RECORD_KEY]: record };
  persist(ctx);
  ctx.log(`  ${name}: dm3 profile (delivery services ${deliveryServices.join(", ")})`);
  return signedProfile;
}

/**
 * Publishes a delivery-service profile on `name` whose keys are derived from `owner`'s wallet
 * signature (deterministic, like the reference CLI's DS keys) and whose URL is `url`. Returns the
 * keys: the delivery service that runs at `url` uses them (its seed is `storageEncryptionKey`).
 */
export async function ensureDeliveryServiceProfile(ctx: DeployContext, ens: EnsDeployment, name: string, owner: Signer, url: string): Promise<ProfileKeys> {
  const keys = await deriveProfileKeys(owner);
  const profile = { publicSigningKey: keys.signingKeyPair.publicKey, publicEncryptionKey: keys.encryptionKeyPair.publicKey, url };
  const record = toDataUri(profile);
  if ((await currentText(ctx, ens.resolver, name, DELIVERY_SERVICE_RECORD_KEY)) !== record) {
    await publishDeliveryServiceProfile(owner, name, profile, { ensAddress: ens.registry });
  }
  ctx.manifest.names[name].records = { ...ctx.manifest.names[name].records, [DELIVERY_SERVICE_RECORD_KEY]: record };
  persist(ctx);
  ctx.log(`  ${name}: delivery-service profile (url ${url})`);
  return keys;
}
