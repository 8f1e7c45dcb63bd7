import { Dm3Error } from "../errors";

/** Codes of the layer-2 registry errors. */
export type RegistryErrorCode =
  | "L2_LABEL_INVALID"
  | "L2_NAME_TAKEN"
  | "L2_NOT_AUTHORIZED"
  | "L2_CONSENT_REQUIRED"
  | "L2_REGISTRATION_CLOSED"
  | "L2_RECORD_INVALID"
  | "L2_GATEWAY_UNAVAILABLE";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<RegistryErrorCode, true> {}
}

/** A label the L2 registrar would refuse (checked off-chain first, for a clear message). */
export class InvalidL2LabelError extends Dm3Error {
  constructor(label: string, reason: string) {
    super("L2_LABEL_INVALID", `label "${label}" cannot be registered: ${reason}`);
  }
}

/** The label is already registered in the L2 registry. */
export class L2NameTakenError extends Dm3Error {
  constructor(name: string) {
    super("L2_NAME_TAKEN", `${name} is already registered`);
  }
}

/** The caller may not change the records of the name (not its owner or approved), or the name is not registered. */
export class L2NotAuthorizedError extends Dm3Error {
  constructor(name: string, caller: string) {
    super("L2_NOT_AUTHORIZED", `${caller} may not change the records of ${name}`);
  }
}

/** A record value given to the SDK is not usable (bad JSON, unknown kind). */
export class InvalidL2RecordError extends Dm3Error {
  constructor(message: string) {
    super("L2_RECORD_INVALID", message);
  }
}

/** An L2 name could not be read from L1 because its CCIP-Read gateway failed or is down. */
export class L2GatewayUnavailableError extends Dm3Error {
  constructor(name: string, detail: string, options?: { cause?: unknown }) {
    super("L2_GATEWAY_UNAVAILABLE", `the CCIP-Read gateway for ${name} did not answer: ${detail}`, options);
  }
}

/** Registering a name for someone else needs that owner's signed consent (see `signRegistration`). */
export class L2ConsentRequiredError extends Dm3Error {
  constructor(name: string, owner: string, detail = "pass the owner's signer or their signed consent") {
    super("L2_CONSENT_REQUIRED", `registering ${name} for ${owner} needs the owner's consent: ${detail}`);
  }
}

/** The registrar does not accept registrations now (closed by its owner). */
export class L2RegistrationClosedError extends Dm3Error {
  constructor(registrar: string) {
    super("L2_REGISTRATION_CLOSED", `the registrar ${registrar} is closed`);
  }
}
