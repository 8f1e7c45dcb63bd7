// Top-level alias tasks: parse arguments, call src/alias and src/resolution (imported lazily:
// the config must load before TypeChain types exist), print text or JSON (--json).
// Errors: one line with the error code, exit code 1.
import fs from "node:fs";
import path from "node:path";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

interface AliasManifestView {
  chainId?: number;
  contracts?: Record<string, { address?: string } | undefined>;
}

/** Runs `body`; a failure prints one clear line and sets a non-zero exit code. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const err = e as { code?: unknown; message?: string };
    const code = typeof err?.code === "string" ? ` [${err.code}]` : "";
    console.error(`error${code}: ${err?.message ?? String(e)}`);
    process.exitCode = 1;
  }
}

function output(json: boolean, value: unknown, lines: () => string[]): void {
  console.log(json ? JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) : lines().join("\n"));
}

/**
 * Addresses of the current network's deployment: `--manifest`, else `deployments/<network>.json`,
 * else (for `--network localhost`) `deployments/devnet.json`; the manifest must be for this chain.
 */
async function deployment(hre: HardhatRuntimeEnvironment, manifest?: string): Promise<{ chainId: number; contracts: Record<string, string> }> {
  const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
  const dir = path.join(hre.config.paths.root, "deployments");
  const candidates = manifest ? [manifest] : [path.join(dir, `${hre.network.name}.json`), ...(hre.network.name === "localhost" ? [path.join(dir, "devnet.json")] : [])];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as AliasManifestView;
    if (parsed.chainId !== chainId) continue;
    const contracts: Record<string, string> = {};
    for (const [key, entry] of Object.entries(parsed.contracts ?? {})) if (entry?.address) contracts[key] = entry.address;
    return { chainId, contracts };
  }
  throw new Error(`no deployment manifest for chain ${chainId} (looked at ${candidates.join(", ")}); run dm3:deploy or dm3:devnet first`);
}

function required(contracts: Record<string, string>, key: string): string {
  const address = contracts[key];
  if (!address) throw new Error(`the deployment manifest has no ${key}: deploy the alias module first`);
  return address;
}

async function signer(hre: HardhatRuntimeEnvironment, account: number) {
  const signers = await hre.ethers.getSigners();
  const s = signers[account];
  if (!s) throw new Error(`network ${hre.network.name} has no account #${account}`);
  return s;
}

task("dm3:alias:set", "Maps a top-level alias to an ENS parent name (e.g. --alias gno --parent gnosis.dm3.eth); needs the alias manager role")
  .addParam("alias", "Top-level label, e.g. gno", undefined, types.string)
  .addParam("parent", "ENS parent name, e.g. gnosis.dm3.eth", undefined, types.string)
  .addOptionalParam("account", "Index of the sending account", 0, types.int)
  .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { alias: string; parent: string; account: number; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const { ALIAS_REGISTRY_KEY } = await import("../deploy/alias");
      const { setAlias } = await import("../src/alias");
      const { contracts } = await deployment(hre, args.manifest);
      const change = await setAlias(await signer(hre, args.account), required(contracts, ALIAS_REGISTRY_KEY), args.alias, args.parent);
      output(args.json, change, () => [
        change.action === "unchanged"
          ? `${change.topLevel} already stands for ${change.parent} (no transaction)`
          : `${change.topLevel} -> ${change.parent}${change.previousParent ? ` (was ${change.previousParent})` : ""}: ${change.action}, tx ${change.txHash}, gas ${change.gasUsed}`,
      ]);
    }),
  );

task("dm3:alias:remove", "Removes a top-level alias; needs the alias manager role")
  .addParam("alias", "Top-level label, e.g. gno", undefined, types.string)
  .addOptionalParam("account", "Index of the sending account", 0, types.int)
  .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { alias: string; account: number; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const { ALIAS_REGISTRY_KEY } = await import("../deploy/alias");
      const { removeAlias } = await import("../src/alias");
      const { contracts } = await deployment(hre, args.manifest);
      const change = await removeAlias(await signer(hre, args.account), required(contracts, ALIAS_REGISTRY_KEY), args.alias);
      output(args.json, change, () => [`${change.topLevel} (was ${change.previousParent}) removed, tx ${change.txHash}, gas ${change.gasUsed}`]);
    }),
  );

task("dm3:name:resolve", "Resolves any dm3 name (alias or ENS, typed input is normalized) in one call: canonical name, address, profile validity")
  .addParam("name", "Name, e.g. dave.gno or alice.eth", undefined, types.string)
  .addOptionalParam("manifest", "Deployment manifest (default deployments/<network>.json)", undefined, types.string)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { name: string; manifest?: string; json: boolean }, hre) =>
    guarded(async () => {
      const { UNIVERSAL_RESOLVER_KEY } = await import("../deploy/alias");
      const { resolveDm3Name } = await import("../src/resolution");
      const { readProfileRecord } = await import("../src/profile/records");
      const { verifyProfileSignature } = await import("../src/profile/verify");
      const { BrowserProvider } = await import("ethers");
      const { chainId, contracts } = await deployment(hre, args.manifest);
      const provider = new BrowserProvider(hre.network.provider as never, chainId);
      const r = await resolveDm3Name(provider, args.name, { universalResolver: required(contracts, UNIVERSAL_RESOLVER_KEY) });

      let profile: { valid: boolean; reason?: string; method?: string; format?: string };
      if (r.profileRecord === null) profile = { valid: false, reason: "no network.dm3.profile record" };
      else if (r.address === null) profile = { valid: false, reason: "no addr record: the signer cannot be checked" };
      else {
        try {
          const { format, signedProfile } = await readProfileRecord(r.profileRecord);
          profile = { format, ...(await verifyProfileSignature(signedProfile, r.address, { provider })) };
        } catch (e) {
          const err = e as { code?: string; message?: string };
          profile = { valid: false, reason: `${err.code ? `[${err.code}] ` : ""}${err.message ?? String(e)}` };
        }
      }
      output(args.json, { ...r, profile }, () => [
        `name      ${r.canonicalName}${r.alias ? ` (alias ${r.alias})` : ""}`,
        `address   ${r.address ?? "(none)"}`,
        `resolver  ${r.resolver}${r.extended ? " (ENSIP-10)" : ""}`,
        `profile   ${profile.valid ? `valid (${profile.format}, ${profile.method})` : `not valid: ${profile.reason}`}`,
      ]);
    }),
  );
