// What every dm3:* task shares: the error wrapper, JSON/human printing, the current network's
// deployment manifest and the sending account. Only Node and deploy/manifest (no TypeChain
// types) are imported here: the config loads these files before the types exist.
import fs from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { manifestPath, type Manifest } from "../deploy/manifest";

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

function readCandidates(candidates: string[], chainId: number): Manifest | undefined {
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Manifest>;
    if (parsed.chainId !== chainId) continue;
    return { network: path.basename(file, ".json"), updatedAt: "", contracts: {}, names: {}, extra: {}, ...parsed, chainId };
  }
  return undefined;
}

/**
 * The current network's deployment manifest (`file`, else `deployments/<network>.json`, else for
 * `--network localhost` `deployments/devnet.json`), or undefined when none is for this chain.
 */
export async function findDeploymentManifest(hre: HardhatRuntimeEnvironment, file?: string): Promise<Manifest | undefined> {
  return readCandidates(manifestCandidates(hre, file), await chainIdOf(hre));
}

/**
 * Like {@link findDeploymentManifest}, but a missing manifest, or one for another chain, is an
 * error that names the files looked at.
 */
export async function loadDeploymentManifest(hre: HardhatRuntimeEnvironment, file?: string): Promise<Manifest> {
  const chainId = await chainIdOf(hre);
  const candidates = manifestCandidates(hre, file);
  const manifest = readCandidates(candidates, chainId);
  if (!manifest) throw new Error(`no deployment manifest for chain ${chainId} (looked at ${candidates.join(", ")}); run dm3:deploy or dm3:devnet first`);
  return manifest;
}

/** The address the manifest lists under `key`; a missing entry is an error naming what to deploy. */
export function manifestContract(manifest: Manifest, key: string, module: string): string {
  const address = manifest.contracts[key]?.address;
  if (!address) throw new Error(`the deployment manifest has no ${key}: deploy the ${module} module first (dm3:deploy)`);
  return address;
}

/** Account `index` of the current network. */
export async function accountSigner(hre: HardhatRuntimeEnvironment, index: number): Promise<Signer> {
  const signer = (await hre.ethers.getSigners())[index];
  if (!signer) throw new Error(`network ${hre.network.name} has no account #${index}`);
  return signer;
}
