// dm3 profile tasks: parse arguments, call src/ (imported lazily: the config must load before
// TypeChain types exist), print human text or JSON (--json). Errors: one line, exit code 1.
import { task, types } from "hardhat/config";
import { ensProvider, findDeploymentManifest, guarded, nameSigner, output, splitList } from "./util";

const DEFAULT_DELIVERY_SERVICE = "ds.dm3.eth";
const LOCAL_LINKS = "Also read http links and links on loopback/private addresses (the devnet's local servers)";

/** The fetch opt-in of --allow-local-links: links are https-only and public-only by default. */
function linkOptions(allowLocalLinks: boolean): { allowInsecure?: boolean; allowPrivateNetwork?: boolean } {
  return allowLocalLinks ? { allowInsecure: true, allowPrivateNetwork: true } : {};
}

/** Normalizes a typed name, saying so when it changed. */
export async function typedName(name: string): Promise<string> {
  const { normalizeName } = await import("../src/names/normalize");
  const normalized = normalizeName(name);
  if (normalized !== name) console.error(`note: using the normalized name "${normalized}"`);
  return normalized;
}

task("dm3:keys", "Derives dm3 keys (storage key, X25519 and Ed25519 pairs) from a private key's signature")
  .addParam("privateKey", "0x-hex private key of the account", undefined, types.string)
  .addOptionalParam("nonce", "Key-derivation nonce (default: dm3's DEFAULT_NONCE)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { privateKey: string; nonce?: string; json: boolean }) =>
    guarded(async () => {
      const { Wallet } = await import("ethers");
      const { deriveProfileKeys, DEFAULT_NONCE } = await import("../src/keys");
      const wallet = new Wallet(args.privateKey);
      const keys = await deriveProfileKeys(wallet, args.nonce ?? DEFAULT_NONCE);
      output(args.json, { address: wallet.address, ...keys }, () => [
        `address            ${wallet.address}`,
        `nonce              ${keys.storageEncryptionNonce}`,
        `storage key        ${keys.storageEncryptionKey}`,
        `encryption public  ${keys.encryptionKeyPair.publicKey}`,
        `encryption private ${keys.encryptionKeyPair.privateKey}`,
        `signing public     ${keys.signingKeyPair.publicKey}`,
        `signing private    ${keys.signingKeyPair.privateKey}`,
      ]);
    }),
  );

task("dm3:profile:create", "Creates and signs a dm3 profile for a private key (offline)")
  .addParam("privateKey", "0x-hex private key of the account", undefined, types.string)
  .addOptionalParam("deliveryServices", "Comma-separated delivery-service names", DEFAULT_DELIVERY_SERVICE, types.string)
  .addOptionalParam("nonce", "Key-derivation nonce (default: dm3's DEFAULT_NONCE)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { privateKey: string; deliveryServices: string; nonce?: string; json: boolean }) =>
    guarded(async () => {
      const { Wallet } = await import("ethers");
      const { createProfile } = await import("../src/profile/create");
      const wallet = new Wallet(args.privateKey);
      const names = await Promise.all(splitList(args.deliveryServices).map(typedName));
      const created = await createProfile(wallet, names, { nonce: args.nonce });
      output(args.json, created, () => [
        `address        ${wallet.address}`,
        `signed profile ${JSON.stringify(created.signedProfile)}`,
        `record         ${created.record}`,
        "(keys: run with --json)",
      ]);
    }),
  );

task("dm3:profile:verify", "Checks a signed dm3 profile against an address (exit code 1 when invalid)")
  .addParam("profile", "SignedUserProfile as JSON, or a record (data: URI, https link with dm3Hash, ipfs://)", undefined, types.string)
  .addParam("address", "The account that should have signed", undefined, types.string)
  .addFlag("allowLocalLinks", LOCAL_LINKS)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { profile: string; address: string; allowLocalLinks: boolean; json: boolean }, hre) =>
    guarded(async () => {
      const { assertSignedUserProfile, readProfileRecord, verifyProfileSignature, MalformedRecordError } = await import("../src/profile");
      let signedProfile;
      if (args.profile.trimStart().startsWith("{")) {
        let json: unknown;
        try {
          json = JSON.parse(args.profile);
        } catch (e) {
          throw new MalformedRecordError(`--profile is not JSON (${(e as Error).message})`);
        }
        signedProfile = assertSignedUserProfile(json);
      } else {
        signedProfile = (await readProfileRecord(args.profile, linkOptions(args.allowLocalLinks))).signedProfile;
      }
      const result = await verifyProfileSignature(signedProfile, args.address, { provider: await ensProvider(hre) });
      output(args.json, result, () => [result.valid ? `valid (${result.method})` : `INVALID (${result.method}): ${result.reason}`]);
      if (!result.valid) process.exitCode = 1;
    }),
  );

task("dm3:profile:resolve", "Resolves and verifies the dm3 profile of an ENS name on --network")
  .addParam("name", "ENS name", undefined, types.string)
  .addOptionalParam("ipfsGateway", "IPFS gateway URL prefix", undefined, types.string)
  .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json, or devnet.json for localhost)", undefined, types.string)
  .addFlag("allowLocalLinks", LOCAL_LINKS)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { name: string; ipfsGateway?: string; manifest?: string; allowLocalLinks: boolean; json: boolean }, hre) =>
    guarded(async () => {
      const { resolveProfile } = await import("../src/profile/resolve");
      // Where the network has dm3kit's one-call resolver, use it: one eth_call, aliases too.
      const provider = await ensProvider(hre, args.manifest);
      const listed = (await findDeploymentManifest(hre, args.manifest))?.contracts.dm3UniversalResolver?.address;
      const universalResolver = listed && (await provider.getCode(listed)) !== "0x" ? listed : undefined;
      const name = universalResolver ? args.name : await typedName(args.name);
      const resolved = await resolveProfile(provider, name, { ipfsGateway: args.ipfsGateway, universalResolver, ...linkOptions(args.allowLocalLinks) });
      output(args.json, resolved, () => [
        `name              ${resolved.name}${resolved.alias ? ` (alias ${resolved.alias})` : ""}`,
        `address           ${resolved.address}`,
        `record format     ${resolved.format}`,
        `signature         ${resolved.valid ? `valid (${resolved.method})` : `INVALID (${resolved.method}): ${resolved.reason}`}`,
        `delivery services ${resolved.profile.deliveryServices.join(", ") || "(none)"}`,
        `encryption key    ${resolved.profile.publicEncryptionKey}`,
        `signing key       ${resolved.profile.publicSigningKey}`,
      ]);
      if (!resolved.valid) process.exitCode = 1;
    }),
  );

task("dm3:profile:publish", "Creates a dm3 profile with the name owner's account and publishes it on --network")
  .addParam("name", "ENS name (owned by one of the network's accounts)", undefined, types.string)
  .addOptionalParam("deliveryServices", "Comma-separated delivery-service names", DEFAULT_DELIVERY_SERVICE, types.string)
  .addOptionalParam("nonce", "Key-derivation nonce (default: dm3's DEFAULT_NONCE)", undefined, types.string)
  .addOptionalParam("account", "Index of the account to use (default: the one that owns the name)", undefined, types.int)
  .addOptionalParam("url", "Publish a link record: the URL where you host the signed profile JSON", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(
    async (args: { name: string; deliveryServices: string; nonce?: string; account?: number; url?: string; json: boolean }, hre) =>
      guarded(async () => {
        const { createProfile } = await import("../src/profile/create");
        const { publishProfile } = await import("../src/profile/publish");
        const { stringify } = await import("../src/shared/json");
        const provider = await ensProvider(hre);
        const name = await typedName(args.name);
        const signer = await nameSigner(hre, provider, name, args.account, " (use --account)");
        const names = await Promise.all(splitList(args.deliveryServices).map(typedName));
        const created = await createProfile(signer, names, { nonce: args.nonce });
        const result = await publishProfile(signer, name, created.signedProfile, {
          provider,
          ...(args.url ? { format: "link" as const, url: args.url } : {}),
        });
        output(args.json, { name, address: await signer.getAddress(), ...result, signedProfile: created.signedProfile }, () => [
          `published ${name} (${result.multicall ? "one multicall transaction" : `${result.txHashes.length} transaction(s)`}, ${result.gasUsed} gas)`,
          ...result.txHashes.map((h) => `  tx ${h}`),
          `record ${result.record}`,
          ...(args.url ? [`host exactly this JSON at ${args.url}:`, stringify(created.signedProfile)] : []),
        ]);
      }),
  );
