import { Dm3Error } from "../errors";
import { DeliveryError, RPC_ERROR } from "../delivery/errors";

/** Codes of the billboard service's own errors (it also answers with the delivery service's). */
export type BillboardServiceErrorCode =
  | "BILLBOARD_UNKNOWN"
  | "BILLBOARD_MESSAGE_NOT_FOUND"
  | "BILLBOARD_MEDIATOR_UNAUTHORIZED"
  | "BILLBOARD_SENDER_SUSPENDED"
  | "BILLBOARD_SENDER_NOT_ELIGIBLE"
  | "BILLBOARD_SERVICE_CONFIG";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<BillboardServiceErrorCode, true> {}
}

/** The service hosts no billboard of that name. */
export class UnknownBillboardError extends DeliveryError {
  constructor(name: string) {
    super("BILLBOARD_UNKNOWN", 404, RPC_ERROR.RESOURCE_NOT_FOUND, `${name.slice(0, 120)} is not a billboard of this service`);
  }
}

/** The billboard has no (served) message with that id. */
export class BillboardMessageNotFoundError extends DeliveryError {
  constructor(billboard: string, id: string, detail = "has no such message") {
    super("BILLBOARD_MESSAGE_NOT_FOUND", 404, RPC_ERROR.RESOURCE_NOT_FOUND, `${billboard} ${detail}: ${id.slice(0, 80)}`);
  }
}

/** A deletion or suspension is not by a mediator of the billboard, or not signed with the mediator's profile key. */
export class MediatorUnauthorizedError extends DeliveryError {
  constructor(mediator: string, detail: string) {
    super("BILLBOARD_MEDIATOR_UNAUTHORIZED", 401, RPC_ERROR.UNAUTHORIZED, `${mediator.slice(0, 120)} may not moderate: ${detail}`);
  }
}

/** A mediator suspended the sender. */
export class SenderSuspendedError extends DeliveryError {
  constructor(billboard: string, sender: string) {
    super("BILLBOARD_SENDER_SUSPENDED", 403, RPC_ERROR.UNAUTHORIZED, `${sender} is suspended from ${billboard}`);
  }
}

/** The sender does not pass the billboard's token-gate rule set. */
export class SenderNotEligibleError extends DeliveryError {
  constructor(billboard: string, sender: string, ruleSetId: string) {
    super("BILLBOARD_SENDER_NOT_ELIGIBLE", 403, RPC_ERROR.SPAM, `${sender} does not pass rule set ${ruleSetId}, which ${billboard} requires of its posters`);
  }
}

/** The billboard service cannot start: an option or environment variable is missing or invalid. */
export class BillboardServiceConfigError extends Dm3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("BILLBOARD_SERVICE_CONFIG", message, options);
  }
}
