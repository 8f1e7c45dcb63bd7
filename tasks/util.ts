// What every dm3:* task and every scripts/ entry point shares: the error wrapper, JSON/human
// printing, environment parameters, the current network's deployment manifest and the sending account. Only deploy/manifest and deploy/errors (no TypeChain
// types) are imported here: the config loads these files before the types exist.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { BrowserProvider, Signer } from "ethers";
import { AccountNotFoundError, DeployConfigError, ManifestEntryMissingError, ManifestNotFoundError } from "../deploy/errors";
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
/** A comma-separated flag value as a list (entries trimmed, empty ones dropped). */
export function splitList(list: string): string[] {
  return list.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

export function output(json: boolean, value: unknown, lines: () => string[]): void {
  console.log(json ? JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) : lines().join("\n"));
}

/** Environment variable `name`, trimmed; undefined when unset or empty. */
export function envString(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Environment variable `name`, which must be set. @throws DeployConfigError */
export function requiredEnv(name: string, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = envString(name, env);
  if (value === undefined) throw new DeployConfigError(`set ${name} (${what})`);
  return value;
}

/** Environment variable `name` as a non-negative integer, or undefined when unset. @throws DeployConfigError */
export function envIndex(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = envString(name, env);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new DeployConfigError(`${name} must be an account index (0, 1, ...), not "${value}"`);
  return Number(value);
}

async function chainIdOf(hre: HardhatRuntimeEnvironment): Promise<number> {
  return Number(await hre.network.provider.request({ method: "eth_chainId" }));
}

/** The devnet's manifests, for the networks that reach its chains (`localhost`, `localhostL2`). */
const DEVNET_MANIFESTS: Record<string, string> = { localhost: "devnet", localhostL2: "devnet-l2" };

/** `file`, else `deployments/<network>.json`, else for the devnet's networks its manifest. */
function manifestCandidates(hre: HardhatRuntimeEnvironment, file?: string): string[] {
  if (file) return [file];
  const root = hre.config.paths.root;
  const devnet = DEVNET_MANIFESTS[hre.network.name];
  return [manifestPath(hre.network.name, root), ...(devnet ? [manifestPath(devnet, root)] : [])];
}

/**
 * The current network's deployment manifest (`file`, else `deployments/<network>.json`, else for
 * `--network localhost` `deployments/devnet.json` and for `--network localhostL2`
 * `deployments/devnet-l2.json`), or undefined when none is for this chain.
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

/**
 * The address the manifest lists under `key`.
 * @throws ManifestEntryMissingError naming the deploy module that provides it
 */
export function manifestContract(manifest: Manifest, key: string, module: string): string {
  const address = manifest.contracts[key]?.address;
  if (!address) throw new ManifestEntryMissingError(key, `deploy the ${module} module first (dm3:deploy)`);
  return address;
}

/** Account `index` of the current network. @throws AccountNotFoundError */
export async function accountSigner(hre: HardhatRuntimeEnvironment, index: number): Promise<Signer> {
  const signer = (await hre.ethers.getSigners())[index];
  if (!signer) throw new AccountNotFoundError(`network ${hre.network.name} has no account #${index}${index === 0 ? ": set DEPLOYER_PRIVATE_KEY" : ""}`);
  return signer;
}

/** An ethers provider over the current network with ENS: the manifest's registry, or the canonical one. */
export async function ensProvider(hre: HardhatRuntimeEnvironment, manifestFile?: string): Promise<BrowserProvider> {
  const { ensBrowserProvider } = await import("../src/ens/provider");
  const { ENS_REGISTRY_ADDRESS } = await import("../src/ens/constants");
  const manifest = await findDeploymentManifest(hre, manifestFile);
  return ensBrowserProvider(hre.network.provider as never, await chainIdOf(hre), manifest?.contracts.ensRegistry?.address ?? ENS_REGISTRY_ADDRESS);
}

/**
 * The signer to act for ENS name `name`: account `account` when given, else the account that owns
 * the name in the registry `provider` knows.
 * @throws AccountNotFoundError, NameOwnerNotAccountError (hint: pass an account)
 */
export async function nameSigner(hre: HardhatRuntimeEnvironment, provider: BrowserProvider, name: string, account?: number, hint = ""): Promise<Signer> {
  if (account !== undefined) return accountSigner(hre, account);
  const { nameOwnerSigner } = await import("../deploy/accounts");
  const { NameOwnerNotAccountError } = await import("../deploy/errors");
  const ensRegistry = (await provider.getNetwork()).getPlugin<import("ethers").EnsPlugin>("org.ethers.plugins.network.Ens")!.address;
  const found = await nameOwnerSigner({ ensRegistry, name, accounts: await hre.ethers.getSigners(), runner: provider });
  if (!found.signer) throw new NameOwnerNotAccountError(name, found.owner, hre.network.name, hint);
  return found.signer;
}
