import { expect } from "chai";
import hre from "hardhat";
import { Dm3Error, RpcUnreachableError, TransactionFailedError, type Dm3ErrorCode } from "../src";
import { LocalChainIdError, startLocalChain } from "../src/devnet";
import { GatewayConfigError, type GatewayErrorCode } from "../src/gateway";
import { expectRejection } from "./helpers/expect";

// Every module declares its error codes next to its errors and adds them to `Dm3ErrorCode`
// (src/errors.ts). These assignments are checked by the compiler (`npm run lint` type-checks
// the tests): a code no module declares does not compile.
const everyModule: Dm3ErrorCode[] = [
  "RPC_UNREACHABLE", // core
  "VALUE_NOT_JSON", // shared
  "NAME_NOT_NORMALIZED", // names
  "KEY_SIGNING_FAILED", // keys
  "WRONG_SIGNER", // profile
  "NO_RESOLVER", // resolution
  "ALIAS_REJECTED", // alias
  "L2_NAME_TAKEN", // registry
  "GATEWAY_CONFIG", // gateway
  "DEVNET_CHAIN_ID", // devnet
];
// @ts-expect-error not a code any module declares
const unknownCode: Dm3ErrorCode = "NOT_A_DM3KIT_CODE";
// @ts-expect-error the gateway's codes are its own
const notGateway: GatewayErrorCode = "NAME_EMPTY";

/** An exhaustive switch over a module's codes compiles only while it names them all. */
function gatewayStatus(code: GatewayErrorCode): number {
  switch (code) {
    case "GATEWAY_BAD_REQUEST":
    case "GATEWAY_INVALID_NAME":
    case "GATEWAY_NAMEHASH_MISMATCH":
    case "GATEWAY_UNSUPPORTED_CALL":
      return 400;
    case "GATEWAY_UNKNOWN_RESOLVER":
    case "GATEWAY_WRONG_TARGET":
    case "GATEWAY_NOT_FOUND":
      return 404;
    case "GATEWAY_UPSTREAM":
      return 502;
    case "GATEWAY_CONFIG":
    case "GATEWAY_INTERNAL":
      return 500;
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

describe("errors (Dm3Error and the code union)", () => {
  it("every error is a Dm3Error with its class name, a stable code and the cause it wraps", () => {
    const cause = new Error("socket hang up");
    const err = new RpcUnreachableError("RPC URL http://127.0.0.1/ is not usable", { cause });
    expect(err).to.be.instanceOf(Dm3Error).and.instanceOf(Error);
    expect(err).to.include({ name: "RpcUnreachableError", code: "RPC_UNREACHABLE", cause });
    expect(new TransactionFailedError("0xabc", "publishing a record of alice.eth")).to.include({ code: "TX_FAILED", txHash: "0xabc" });
    expect(new GatewayConfigError("no key")).to.include({ name: "GatewayConfigError", code: "GATEWAY_CONFIG" });
    expect(everyModule).to.have.length(new Set(everyModule).size);
    expect([unknownCode, notGateway]).to.have.length(2);
    expect(gatewayStatus("GATEWAY_UPSTREAM")).to.equal(502);
  });

  it("startLocalChain refuses an invalid chain id and the in-process network's with LocalChainIdError", async () => {
    await expectRejection(startLocalChain(hre, { chainId: 0 }), LocalChainIdError, /not a positive integer/);
    const err = await expectRejection(startLocalChain(hre, { chainId: 31337 }), LocalChainIdError, /in-process network's/);
    expect(err).to.include({ code: "DEVNET_CHAIN_ID", chainId: 31337 });
  });
});
