// Top-level alias tasks: parse arguments, call src/alias and src/resolution (imported lazily:
// the config must load before TypeChain types exist), print text or JSON (--json).
// Errors: one line with the error code, exit code 1.
import { task, types } from "hardhat/config";
import type { Manifest } from "../deploy/manifest";
import { accountSigner, guarded, loadDeploymentManifest, manifestContract, output } from "./util";

function required(manifest: Manifest, key: string): string {
  return manifestContract(manifest, key, "alias");
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
      const manifest = await loadDeploymentManifest(hre, args.manifest);
      const change = await setAlias(await accountSigner(hre, args.account), required(manifest, ALIAS_REGISTRY_KEY), args.alias, args.parent);
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
      const manifest = await loadDeploymentManifest(hre, args.manifest);
      const change = await removeAlias(await accountSigner(hre, args.account), required(manifest, ALIAS_REGISTRY_KEY), args.alias);
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
      const { verifyProfileRecord } = await import("../src/profile/resolve");
      const { BrowserProvider } = await import("ethers");
      const manifest = await loadDeploymentManifest(hre, args.manifest);
      const provider = new BrowserProvider(hre.network.provider as never, manifest.chainId);
      const r = await resolveDm3Name(provider, args.name, { universalResolver: required(manifest, UNIVERSAL_RESOLVER_KEY) });

      // The profile SDK's own record check (NoRecord / NoAddress / record and schema errors become the reason).
      let profile: { valid: boolean; reason?: string; method?: string; format?: string };
      try {
        const { format, valid, reason, method } = await verifyProfileRecord(provider, r.canonicalName, r.profileRecord, r.address);
        profile = { format, valid, reason, method };
      } catch (e) {
        const err = e as { code?: string; message?: string };
        profile = { valid: false, reason: `${err.code ? `[${err.code}] ` : ""}${err.message ?? String(e)}` };
      }
      output(args.json, { ...r, profile }, () => [
        `name      ${r.canonicalName}${r.alias ? ` (alias ${r.alias})` : ""}`,
        `address   ${r.address ?? "(none)"}`,
        `resolver  ${r.resolver}${r.extended ? " (ENSIP-10)" : ""}`,
        `profile   ${profile.valid ? `valid (${profile.format}, ${profile.method})` : `not valid: ${profile.reason}`}`,
      ]);
    }),
  );
