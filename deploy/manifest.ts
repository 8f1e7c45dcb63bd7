import fs from "node:fs";
import path from "node:path";
import { ManifestInvalidError } from "./errors";

/** One deployed (or adopted) contract. */
export interface ContractEntry {
  address: string;
  /** Contract name of the artifact. */
  contract: string;
  /** True when the contract was already on the chain and dm3kit only uses it (e.g. real ENS on a fork). */
  external?: boolean;
  txHash?: string;
  args?: unknown[];
}

/** One ENS name that the deployment registered or configured. */
export interface NameEntry {
  node: string;
  owner: string;
  /** Index of the owner in the node's default accounts, where it is one of them. */
  ownerAccountIndex?: number;
  resolver: string;
  addr?: string;
  /** Chain the name's records live on, when not the manifest's own (e.g. a layer-2 name). */
  recordsChainId?: number;
  reverse?: boolean;
  records?: Record<string, string>;
}

/** Everything a client needs to talk to one deployment. Written as JSON per network. */
export interface Manifest {
  network: string;
  chainId: number;
  rpcUrl?: string;
  fork?: { url: string; blockNumber?: number };
  updatedAt: string;
  contracts: Record<string, ContractEntry>;
  names: Record<string, NameEntry>;
  /** Extra facts later components add (services, second chain, ...). */
  extra: Record<string, unknown>;
}

/** A fresh manifest for `network`. */
export function emptyManifest(network: string, chainId: number): Manifest {
  return { network, chainId, updatedAt: new Date().toISOString(), contracts: {}, names: {}, extra: {} };
}

/** Default manifest location for a network: `deployments/<network>.json`. */
export function manifestPath(network: string, root = process.cwd()): string {
  return path.join(root, "deployments", `${network}.json`);
}

/**
 * Reads a manifest file: every reader (deploy modules, tasks, scripts) goes through this.
 * Sections a file lacks are filled in empty; `network` defaults to the file's base name.
 * @returns undefined when the file does not exist
 * @throws ManifestInvalidError when it is not JSON or has no numeric `chainId`
 */
export function readManifest(file: string): Manifest | undefined {
  if (!fs.existsSync(file)) return undefined;
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Manifest>;
  } catch (e) {
    throw new ManifestInvalidError(file, "not JSON", { cause: e });
  }
  if (typeof parsed !== "object" || parsed === null || typeof parsed.chainId !== "number") throw new ManifestInvalidError(file, "no numeric chainId");
  return { ...emptyManifest(path.basename(file, ".json"), parsed.chainId), updatedAt: "", ...parsed, chainId: parsed.chainId };
}

/** The first of `files` that is a manifest for chain `chainId`, or undefined. @throws ManifestInvalidError */
export function findManifest(files: string[], chainId: number): Manifest | undefined {
  for (const file of files) {
    const manifest = readManifest(file);
    if (manifest?.chainId === chainId) return manifest;
  }
  return undefined;
}

/** Reads a manifest to extend it, or returns a fresh one when the file does not exist or belongs to another chain. */
export function loadManifest(file: string, network: string, chainId: number): Manifest {
  return findManifest([file], chainId) ?? emptyManifest(network, chainId);
}

/** Writes the manifest (pretty JSON, trailing newline), creating the folder. */
export function saveManifest(file: string, manifest: Manifest): void {
  manifest.updatedAt = new Date().toISOString();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
}
