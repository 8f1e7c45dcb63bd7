// What every dm3:* task shares: the error wrapper, JSON/human printing, the current network's
// deployment manifest and the sending account. Only deploy/manifest and deploy/errors (no TypeChain
// types) are imported here: the config loads these files before the types exist.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { AccountNotFoundError, ManifestEntryMissingError, ManifestNotFoundError } from "../deploy/errors";
import { findManifest, manifestPath, type Manifest } from "../deploy/manifest";

/** Runs `body`; a failure prints one line (`error [CODE]: message`) and sets exit code 1. */
export async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const err = e as { code?: unknown; message?: string };
    const code = typeof err?.code === "string" ? ` [${err.code}]` : "";
    console.error(`error${code}: ${err?.message ?? String(e)}`);
    process.exitCode = 1;
  }
}

/** Prints `value` as JSON (bigints as decimal strings) with `json`, else the human `lines`. */
export function output(json: boolean, value: unknown, lines: () => string[]): void {
  console.log(json ? JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) : lines().join("\n"));
}

async function chainIdOf(hre: HardhatRuntimeEnvironment): Promise<number> {
  return Number(await hre.network.provider.request({ method: "eth_chainId" }));
}

/** `file`, else `deployments/<network>.json`, else (for `--network localhost`) `deployments/devnet.json`. */
function manifestCandidates(hre: HardhatRuntimeEnvironment, file?: string): string[] {
  if (file) return [file];
  const root = hre.config.paths.root;
  return [manifestPath(hre.network.name, root), ...(hre.network.name === "localhost" ? [manifestPath("devnet", root)] : [])];
}

/**
 * The current network's deployment manifest (`file`, else `deployments/<network>.json`, else for
 * `--network localhost` `deployments/devnet.json`), or undefined when none is for this chain.
 */
export async function findDeploymentManifest(hre: HardhatRuntimeEnvironment, file?: string): Promise<Manifest | undefined> {
  return findManifest(manifestCandidates(hre, file), await chainIdOf(hre));
}

/**
 * Like {@link findDeploymentManifest}, but a missing manifest, or one for another chain, is an
 * error that names the files looked at.
 * @throws ManifestNotFoundError, ManifestInvalidError
 */
export async function loadDeploymentManifest(hre: HardhatRuntimeEnvironment, file?: string): Promise<Manifest> {
  const chainId = await chainIdOf(hre);
  const candidates = manifestCandidates(hre, file);
  const manifest = findManifest(candidates, chainId);
  if (!manifest) throw new ManifestNotFoundError(`none for chain ${chainId} (looked at ${candidates.join(", ")}); run dm3:deploy or dm3:devnet first`);
  return manifest;
}

/** The address of contract `key` in the manifest. @throws ManifestEntryMissingError naming what to deploy */
export function manifestContract(manifest: Manifest, key: string, hint: string): string {
  const address = manifest.contracts[key]?.address;
  if (!address) throw new ManifestEntryMissingError(key, hint);
  return address;
}

/** Account `index` of the current network. @throws AccountNotFoundError */
export async function accountSigner(hre: HardhatRuntimeEnvironment, index: number): Promise<Signer> {
  const signer = (await hre.ethers.getSigners())[index];
  if (!signer) throw new AccountNotFoundError(`network ${hre.network.name} has no account #${index}${index === 0 ? ": set DEPLOYER_PRIVATE_KEY" : ""}`);
  return signer;
}
