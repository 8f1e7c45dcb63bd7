import { Dm3Error } from "../errors";

/** Codes of the canonical-JSON errors. */
export type SharedErrorCode = "VALUE_NOT_JSON";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<SharedErrorCode, true> {}
}

/** A one-line description of a provider or contract-call error (ethers' `shortMessage`, else the message). */
export function shortError(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string };
  return err?.shortMessage ?? err?.message ?? String(e);
}

/** The value has no JSON form (`undefined`, a function, a symbol), so it cannot be signed or hashed. */
export class ValueNotJsonError extends Dm3Error {
  constructor(type: string) {
    super("VALUE_NOT_JSON", `a value of type ${type} has no JSON form`);
  }
}
