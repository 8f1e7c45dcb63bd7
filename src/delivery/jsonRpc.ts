import type { ServerResponse } from "node:http";
import type { Logger } from "pino";
import { DeliveryError, EnvelopeTooLargeError, InvalidRequestError, ParseError, RateLimitedError, RPC_ERROR, VersionNotSupportedError } from "./errors";

/** A JSON-RPC 2.0 request as the servers take it (no batches; `params` an array). */
export interface JsonRpcRequest {
  id: unknown;
  method: string;
  params: unknown[];
}

/**
 * Checks that `body` is a JSON-RPC 2.0 request object.
 * @throws InvalidRequestError, VersionNotSupportedError
 */
export function parseJsonRpcRequest(body: unknown): JsonRpcRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError(Array.isArray(body) ? "batch requests are not supported" : "the request is not a JSON-RPC object");
  }
  const { jsonrpc, method, params, id } = body as Record<string, unknown>;
  if (jsonrpc !== "2.0") throw jsonrpc === undefined ? new InvalidRequestError('"jsonrpc": "2.0" is missing') : new VersionNotSupportedError(jsonrpc);
  if (typeof method !== "string") throw new InvalidRequestError('"method" must be a string');
  if (params !== undefined && !Array.isArray(params)) throw new InvalidRequestError('"params" must be an array');
  return { id, method, params: (params ?? []) as unknown[] };
}

/** The `id` of a request body, for the answer (null when there is none). */
export function requestId(body: unknown): unknown {
  return typeof body === "object" && body !== null && "id" in body ? (body as { id: unknown }).id : null;
}

/**
 * What a server answers for an error thrown while handling a request: a {@link DeliveryError} as
 * it is, express's body-parser failures as their JSON-RPC errors, anything else as an internal
 * error (logged by its code and the start of its message only).
 */
export function toDeliveryError(err: unknown, sizeLimit: number, log: Logger, route: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const type = (err as { type?: string }).type;
  if (type === "entity.too.large") return new EnvelopeTooLargeError(undefined, sizeLimit);
  if (type === "entity.parse.failed") return new ParseError();
  const status = (err as { status?: number }).status;
  if (status === 400 || status === 415) return new InvalidRequestError("malformed request body");
  log.error({ err: { code: (err as { code?: string }).code, message: (err as Error)?.message?.slice(0, 200) }, route }, "internal error");
  return new DeliveryError("DS_INTERNAL", 500, RPC_ERROR.INTERNAL_ERROR, "internal error");
}

/**
 * The HTTP status of an error answer, with its headers set on `res`: a REST answer has the
 * error's status, a JSON-RPC answer (`rpc`) 400 except for internal errors (500) and rate
 * limiting (429); a rate-limited client gets `Retry-After`.
 */
export function errorStatus(res: ServerResponse, e: DeliveryError, rpc: boolean): number {
  if (e instanceof RateLimitedError) res.setHeader("Retry-After", String(e.retryAfterSeconds));
  return !rpc || e.status === 500 || e.status === 429 ? e.status : 400;
}
