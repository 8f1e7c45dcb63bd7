// Creates a dm3 profile with the account that owns an ENS name (keys derived from its signature)
// and publishes it as the name's `network.dm3.profile` record on --network, with the `addr`
// record when the name has none.
//
//   DM3_NAME=alice.eth npx hardhat run scripts/publish-profile.ts --network <network>
//
// Environment:
//   DM3_NAME               ENS name (typed input is normalized)                 required
//   DM3_DELIVERY_SERVICES  comma-separated delivery-service names               default ds.dm3.eth
//   DM3_ACCOUNT            index of the account that signs                      default: the name's owner
//   DM3_PROFILE_URL        publish a link record: where you host the JSON       default: a data: URI record
//   DM3_KEY_NONCE          key-derivation nonce                                 default: dm3's DEFAULT_NONCE
//   DM3_MANIFEST           deployment manifest (its ENS registry)               default deployments/<network>.json
//   DM3_JSON               1: print JSON
import hre from "hardhat";
import { normalizeName } from "../src/names/normalize";
import { createProfile } from "../src/profile/create";
import { publishProfile } from "../src/profile/publish";
import { envIndex, envString, ensProvider, guarded, nameSigner, output, requiredEnv } from "../tasks/util";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const name = normalizeName(requiredEnv("DM3_NAME", "the ENS name to publish a profile for", env));
  const deliveryServices = (envString("DM3_DELIVERY_SERVICES", env) ?? "ds.dm3.eth").split(",").map((s) => normalizeName(s.trim()));
  const url = envString("DM3_PROFILE_URL", env);
  const provider = await ensProvider(hre, envString("DM3_MANIFEST", env));
  const signer = await nameSigner(hre, provider, name, envIndex("DM3_ACCOUNT", env), " (set DM3_ACCOUNT)");
  const { signedProfile } = await createProfile(signer, deliveryServices, { nonce: envString("DM3_KEY_NONCE", env) });
  const result = await publishProfile(signer, name, signedProfile, { provider, ...(url ? { format: "link" as const, url } : {}) });
  output(envString("DM3_JSON", env) === "1", { name, address: await signer.getAddress(), ...result, signedProfile }, () => [
    `published the dm3 profile of ${name} (${result.txHashes.length} transaction(s), ${result.gasUsed} gas${result.wroteAddr ? ", addr record set" : ""})`,
    `record ${result.record}`,
  ]);
}

if (require.main === module) void guarded(() => main());
