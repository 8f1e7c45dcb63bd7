import { Dm3Error } from "../errors";

/** Codes of the billboard errors. */
export type BillboardErrorCode =
  | "BILLBOARD_MESSAGE_INVALID"
  | "BILLBOARD_WRONG_RECIPIENT"
  | "BILLBOARD_BATCH_INVALID"
  | "BILLBOARD_BATCH_FILE"
  | "BILLBOARD_MESSAGE_NOT_IN_BATCH"
  | "BILLBOARD_PROOF_INVALID"
  | "BILLBOARD_ANCHOR_REJECTED"
  | "BILLBOARD_REQUEST_FAILED"
  | "BILLBOARD_NOT_DELIVERED"
  | "BILLBOARD_PROOF_MISSING";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<BillboardErrorCode, true> {}
}

/** A value given as a billboard message is not a dm3 message (missing or mistyped fields). */
export class BillboardMessageInvalidError extends Dm3Error {
  /** Position of the message in its batch or file (-1 when it stood alone). */
  readonly index: number;

  constructor(index: number, detail: string, options?: { cause?: unknown }) {
    super("BILLBOARD_MESSAGE_INVALID", `${index >= 0 ? `message #${index}` : "the message"} is not a dm3 message: ${detail}`, options);
    this.index = index;
  }
}

/** A message is addressed to another name than the billboard its batch is for. */
export class BillboardWrongRecipientError extends Dm3Error {
  readonly billboard: string;
  readonly recipient: string;
  readonly messageId: string;

  constructor(billboard: string, recipient: string, messageId: string) {
    super("BILLBOARD_WRONG_RECIPIENT", `message ${messageId} is addressed to "${recipient}", not to the billboard ${billboard}`);
    this.billboard = billboard;
    this.recipient = recipient;
    this.messageId = messageId;
  }
}

/** A batch cannot be built from what was given (no messages, the same message twice, too many). */
export class BillboardBatchInvalidError extends Dm3Error {
  constructor(detail: string) {
    super("BILLBOARD_BATCH_INVALID", `cannot build a billboard batch: ${detail}`);
  }
}

/** A batch file is not JSON or does not hold a billboard batch. */
export class BillboardBatchFileError extends Dm3Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("BILLBOARD_BATCH_FILE", `not a billboard batch file: ${detail}`, options);
  }
}

/** The message id asked for is not in the batch. */
export class BillboardMessageNotInBatchError extends Dm3Error {
  readonly messageId: string;

  constructor(messageId: string, root: string) {
    super("BILLBOARD_MESSAGE_NOT_IN_BATCH", `message ${messageId} is not in the batch with root ${root}`);
    this.messageId = messageId;
  }
}

/** A proof object is malformed (not hex, wrong lengths, no leaves). */
export class BillboardProofInvalidError extends Dm3Error {
  constructor(detail: string) {
    super("BILLBOARD_PROOF_INVALID", `malformed billboard proof: ${detail}`);
  }
}

/**
 * The anchor contract refused a call. `reason` is its custom error name (for example
 * `Dm3BillboardRootAlreadyAnchored`), `args` its arguments.
 */
export class BillboardAnchorRejectedError extends Dm3Error {
  readonly reason: string;
  readonly args: readonly unknown[];

  constructor(reason: string, args: readonly unknown[], options?: { cause?: unknown }) {
    super("BILLBOARD_ANCHOR_REJECTED", `the billboard anchor contract refused: ${reason}(${args.map(String).join(", ")})`, options);
    this.reason = reason;
    this.args = args;
  }
}

/** A billboard service answered with an error (JSON-RPC error or HTTP failure) or could not be reached. */
export class BillboardRequestError extends Dm3Error {
  /** HTTP status (0 when there was no answer). */
  readonly status: number;
  /** JSON-RPC error code, when the answer carried one. */
  readonly rpcCode?: number;

  constructor(status: number, message: string, rpcCode?: number, options?: { cause?: unknown }) {
    super("BILLBOARD_REQUEST_FAILED", message, options);
    this.status = status;
    this.rpcCode = rpcCode;
  }
}

/** A post reached none of the services the billboard's profile lists. */
export class BillboardNotDeliveredError extends Dm3Error {
  constructor(billboard: string, reasons: string[]) {
    super("BILLBOARD_NOT_DELIVERED", `no service of ${billboard} accepted the post: ${reasons.join("; ")}`);
  }
}

/** No proof can be had yet: the message is not in a batch, or where to ask is unknown. */
export class BillboardProofMissingError extends Dm3Error {
  constructor(detail: string) {
    super("BILLBOARD_PROOF_MISSING", `no proof: ${detail}`);
  }
}
