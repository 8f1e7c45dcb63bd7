import { Dm3Error } from "../errors";

/** Codes of the gateway errors (also the `code` of its JSON error answers). */
export type GatewayErrorCode = 
  | "GATEWAY_BAD_REQUEST"
  | "GATEWAY_UNKNOWN_RESOLVER"
  | "GATEWAY_WRONG_TARGET"
  | "GATEWAY_NAMEHASH_MISMATCH"
  | "GATEWAY_INVALID_NAME"
  | "GATEWAY_UNSUPPORTED_CALL"
  | "GATEWAY_UPSTREAM"
  | "GATEWAY_CONFIG"
  | "GATEWAY_NOT_FOUND"
  | "GATEWAY_INTERNAL";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<GatewayErrorCode, true> {}
}

/**
 * An error the gateway answers with: `status` is the HTTP status, `code` the stable error code
 * sent in the JSON body (`{ message, code }`; `message` is what EIP-3668 clients such as ethers show).
 */
export class GatewayRequestError extends Dm3Error {
  readonly status: number;

  constructor(status: number, code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = status;
  }
}

/** The request is not a well-formed dm3 gateway request (bad hex, unknown selector, bad ABI). */
export class GatewayBadRequestError extends GatewayRequestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, "GATEWAY_BAD_REQUEST", message, options);
  }
}

/** The request names an L1 resolver (`sender`) this gateway does not sign for. */
export class GatewayUnknownResolverError extends GatewayRequestError {
  constructor(sender: string) {
    super(404, "GATEWAY_UNKNOWN_RESOLVER", `this gateway does not serve resolver ${sender}`);
  }
}

/** The request targets another chain or registry than the one this gateway reads. */
export class GatewayWrongTargetError extends GatewayRequestError {
  constructor(chainId: bigint, registry: string) {
    super(404, "GATEWAY_WRONG_TARGET", `this gateway does not read registry ${registry} on chain ${chainId}`);
  }
}

/** The inner call's node is not the namehash of the requested name. */
export class GatewayNamehashMismatchError extends GatewayRequestError {
  constructor(name: string, expected: string, actual: string) {
    super(400, "GATEWAY_NAMEHASH_MISMATCH", `the call is for node ${actual}, but namehash("${name}") is ${expected}`);
  }
}

/** The requested name is not ENSIP-15 normalized (or not a valid DNS-encoded name). */
export class GatewayInvalidNameError extends GatewayRequestError {
  constructor(message: string) {
    super(400, "GATEWAY_INVALID_NAME", message);
  }
}

/** The inner resolver call is not one the gateway serves. */
export class GatewayUnsupportedCallError extends GatewayRequestError {
  constructor(selector: string) {
    super(400, "GATEWAY_UNSUPPORTED_CALL", `resolver function ${selector} is not served (text, addr, addr with coin type, contenthash, multicall)`);
  }
}

/** The L2 JSON-RPC endpoint failed or the registry call reverted. */
export class GatewayUpstreamError extends GatewayRequestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(502, "GATEWAY_UPSTREAM", message, options);
  }
}

/** The gateway cannot start: a required option or environment variable is missing or invalid. */
export class GatewayConfigError extends Dm3Error {
  constructor(message: string) {
    super("GATEWAY_CONFIG", message);
  }
}
