import { Dm3Error, type Dm3ErrorCode } from "../errors";

/** Codes of the delivery-service errors (also the `code` of its REST error answers). */
export type DeliveryErrorCode =
  | "DS_PARSE_ERROR"
  | "DS_INVALID_REQUEST"
  | "DS_VERSION_NOT_SUPPORTED"
  | "DS_METHOD_NOT_FOUND"
  | "DS_INVALID_INPUT"
  | "DS_TOO_BIG"
  | "DS_UNKNOWN_RECEIVER"
  | "DS_SPAM"
  | "DS_FORGED_SENDER"
  | "DS_UNAUTHORIZED"
  | "DS_UNAVAILABLE"
  | "DS_LIMIT_EXCEEDED"
  | "DS_NOT_FOUND"
  | "DS_INTERNAL"
  | "DS_CONFIG"
  | "DS_STORAGE"
  | "DS_REQUEST_FAILED"
  | "DS_NOT_DELIVERED";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<DeliveryErrorCode, true> {}
}

/**
 * JSON-RPC 2.0 error codes the delivery service answers with: the standard ones and the dm3
 * delivery-service API's application codes (specification "API Delivery-Service").
 */
export const RPC_ERROR = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  INVALID_INPUT: -32000,
  RESOURCE_NOT_FOUND: -32001,
  RESOURCE_UNAVAILABLE: -32002,
  UNAUTHORIZED: -32003,
  METHOD_NOT_SUPPORTED: -32004,
  LIMIT_EXCEEDED: -32005,
  VERSION_NOT_SUPPORTED: -32006,
  SPAM: -32010,
  TOO_BIG: -32011,
} as const;

/**
 * An error the delivery service (or another dm3kit JSON-RPC server built on it, such as the
 * billboard service) answers with. `status` is the HTTP status of a REST answer (JSON-RPC
 * failures are always HTTP 400), `rpcCode` the JSON-RPC error code, `code` the stable dm3kit
 * code, `message` safe to show (never a key, token or message body).
 */
export class DeliveryError extends Dm3Error {
  readonly status: number;
  readonly rpcCode: number;

  constructor(code: Dm3ErrorCode, status: number, rpcCode: number, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = status;
    this.rpcCode = rpcCode;
  }
}

/** The request body is not JSON. */
export class ParseError extends DeliveryError {
  constructor(message = "the request body is not valid JSON") {
    super("DS_PARSE_ERROR", 400, RPC_ERROR.PARSE_ERROR, message);
  }
}

/** Not a JSON-RPC 2.0 request object. */
export class InvalidRequestError extends DeliveryError {
  constructor(message: string) {
    super("DS_INVALID_REQUEST", 400, RPC_ERROR.INVALID_REQUEST, message);
  }
}

/** A JSON-RPC version other than 2.0. */
export class VersionNotSupportedError extends DeliveryError {
  constructor(version: unknown) {
    super("DS_VERSION_NOT_SUPPORTED", 400, RPC_ERROR.VERSION_NOT_SUPPORTED, `JSON-RPC version ${JSON.stringify(version)} is not supported (use "2.0")`);
  }
}

/** A JSON-RPC method this delivery service does not have. */
export class MethodNotFoundError extends DeliveryError {
  constructor(method: string) {
    super("DS_METHOD_NOT_FOUND", 400, RPC_ERROR.METHOD_NOT_FOUND, `method ${JSON.stringify(method.slice(0, 64))} does not exist`);
  }
}

/** Missing or invalid input: bad envelope JSON or schema, undecryptable delivery information, bad name. */
export class InvalidInputError extends DeliveryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DS_INVALID_INPUT", 400, RPC_ERROR.INVALID_INPUT, message, options);
  }
}

/** The envelope (or the request carrying it) exceeds the size limit. */
export class EnvelopeTooLargeError extends DeliveryError {
  constructor(size: number | undefined, limit: number) {
    super("DS_TOO_BIG", 400, RPC_ERROR.TOO_BIG, `${size === undefined ? "the request" : `the envelope is ${size} bytes, which`} exceeds the ${limit}-byte size limit`);
  }
}

/** The receiver has no account at this delivery service (or its name does not resolve). */
export class UnknownReceiverError extends DeliveryError {
  constructor(name: string, detail = "has no account at this delivery service") {
    super("DS_UNKNOWN_RECEIVER", 404, RPC_ERROR.RESOURCE_NOT_FOUND, `${name} ${detail}`);
  }
}

/** The sender does not pass the receiver's spam filter rules. */
export class SpamFilteredError extends DeliveryError {
  constructor(rule: string) {
    super("DS_SPAM", 400, RPC_ERROR.SPAM, `the sender does not meet the receiver's spam protection settings (${rule})`);
  }
}

/** The envelope's metadata signature is not by the sender's published signing key. */
export class ForgedSenderError extends DeliveryError {
  constructor(from: string, detail: string) {
    super("DS_FORGED_SENDER", 400, RPC_ERROR.UNAUTHORIZED, `the envelope is not signed by ${from}: ${detail}`);
  }
}

/** Missing, expired, wrong or foreign credentials on an authenticated route. */
export class UnauthorizedError extends DeliveryError {
  constructor(message: string) {
    super("DS_UNAUTHORIZED", 401, RPC_ERROR.UNAUTHORIZED, message);
  }
}

/** A name, profile or chain read needed to answer could not be done now. */
export class ResourceUnavailableError extends DeliveryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DS_UNAVAILABLE", 503, RPC_ERROR.RESOURCE_UNAVAILABLE, message, options);
  }
}

/** The client sent more requests than the rate limit allows (HTTP 429 with `Retry-After`). */
export class RateLimitedError extends DeliveryError {
  /** Whole seconds until the client may retry (the `Retry-After` header). */
  readonly retryAfterSeconds: number;

  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super("DS_LIMIT_EXCEEDED", 429, RPC_ERROR.LIMIT_EXCEEDED, `limit exceeded: too many requests from this client, retry after ${seconds} s`);
    this.retryAfterSeconds = seconds;
  }
}

/** Something was not found (REST routes). */
export class NotFoundError extends DeliveryError {
  constructor(message: string) {
    super("DS_NOT_FOUND", 404, RPC_ERROR.RESOURCE_NOT_FOUND, message);
  }
}

/** The delivery service cannot start: a required option or environment variable is missing or invalid. */
export class DeliveryConfigError extends Dm3Error {
  constructor(message: string) {
    super("DS_CONFIG", message);
  }
}

/** The storage back-end failed (connection, migration, constraint). */
export class StorageError extends Dm3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DS_STORAGE", message, options);
  }
}
