/**
 * Base class of every error dm3kit throws on purpose. `code` is stable across releases and
 * safe to switch on; `message` is for people.
 */
export class Dm3Error extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A JSON-RPC endpoint (fork URL, devnet, gateway target) could not be used. */
export class RpcUnreachableError extends Dm3Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RPC_UNREACHABLE", message, options);
  }
}
