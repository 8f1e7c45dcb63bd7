import { Dm3Error } from "../src/errors";

/** Codes of the deployment, manifest and account errors (deploy modules, tasks and scripts). */
export type DeployErrorCode = "MANIFEST_NOT_FOUND" | "MANIFEST_INVALID" | "MANIFEST_ENTRY_MISSING" | "ACCOUNT_NOT_FOUND" | "NAME_OWNER_NOT_ACCOUNT" | "DEPLOY_CONFIG";

declare module "../src/errors" {
  interface Dm3ErrorCodes extends Record<DeployErrorCode, true> {}
}

/** No deployment manifest exists for the chain (or the named file does not exist). */
export class ManifestNotFoundError extends Dm3Error {
  constructor(detail: string) {
    super("MANIFEST_NOT_FOUND", `no deployment manifest: ${detail}`);
  }
}

/** A manifest file is not JSON or not a manifest. */
export class ManifestInvalidError extends Dm3Error {
  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super("MANIFEST_INVALID", `${file} is not a dm3kit deployment manifest: ${detail}`, options);
  }
}

/** The manifest lacks a contract or section a step needs (deploy that part first). */
export class ManifestEntryMissingError extends Dm3Error {
  readonly entry: string;

  constructor(entry: string, hint: string) {
    super("MANIFEST_ENTRY_MISSING", `the deployment manifest has no ${entry}: ${hint}`);
    this.entry = entry;
  }
}

/** The network has no account (at that index, or at all). */
export class AccountNotFoundError extends Dm3Error {
  constructor(detail: string) {
    super("ACCOUNT_NOT_FOUND", detail);
  }
}

/** A name is owned by an address none of the network's accounts controls. */
export class NameOwnerNotAccountError extends Dm3Error {
  readonly owner: string;

  constructor(name: string, owner: string, network: string, hint = "") {
    super("NAME_OWNER_NOT_ACCOUNT", `${name} is owned by ${owner}, which is none of network ${network}'s accounts${hint}`);
    this.owner = owner;
  }
}

/** A deployment parameter is missing or invalid. */
export class DeployConfigError extends Dm3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DEPLOY_CONFIG", message, options);
  }
}
