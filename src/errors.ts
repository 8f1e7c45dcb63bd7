/**
 * Every error code dm3kit throws, as a map so that each module adds its own codes where it
 * defines its errors (TypeScript declaration merging, as wagmi's `Register`), with no central
 * list to edit: in `src/<module>/errors.ts`
 *
 *     export type DeliveryErrorCode = "DELIVERY_…" | "DELIVERY_…";
 *     declare module "../errors" {
 *       interface Dm3ErrorCodes extends Record<DeliveryErrorCode, true> {}
 *     }
 */
export interface Dm3ErrorCodes extends Record<CoreErrorCode, true> {}

/** The stable `code` of every dm3kit error: the union of the modules' code unions. */
export type Dm3ErrorCode = keyof Dm3ErrorCodes;

/** Codes of the errors defined in this file. */
export type CoreErrorCode = "RPC_UNREACHABLE" | "TX_FAILED";

/**
 * Base class of every error dm3kit throws on purpose. `code` is stable across releases and
 * safe to switch on; `message` is for people.
 */
export class Dm3Error extends Error {
  readonly code: Dm3ErrorCode;

  constructor(code: Dm3ErrorCode, message: string, options?: { cause?: unknown }) {
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

/** A transaction dm3kit sent was mined but reverted, or has no receipt. */
export class TransactionFailedError extends Dm3Error {
  readonly txHash: string;

  constructor(txHash: string, what: string) {
    super("TX_FAILED", `${what}: transaction ${txHash} failed`);
    this.txHash = txHash;
  }
}
