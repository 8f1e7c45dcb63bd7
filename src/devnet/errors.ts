import { Dm3Error } from "../errors";

/** Codes of the devnet errors. */
export type DevnetErrorCode = "DEVNET_CHAIN_ID";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<DevnetErrorCode, true> {}
}

/** A second local chain cannot have the chain id asked for (invalid, or the in-process network's). */
export class LocalChainIdError extends Dm3Error {
  readonly chainId: number;

  constructor(chainId: number, detail: string) {
    super("DEVNET_CHAIN_ID", `chain id ${chainId}: ${detail}`);
    this.chainId = chainId;
  }
}
