import { AbiCoder, concat, dataLength, dataSlice, getBytes, hexlify, type Provider } from "ethers";
import { Erc6492Validator__factory } from "../../typechain-types";
import { shortError } from "../shared/errors";
import type { SignatureCheck } from "./erc1271";
import { MalformedSignatureError } from "./errors";

/** The 32-byte suffix that marks an ERC-6492 wrapped (counterfactual) signature. */
export const ERC6492_MAGIC_SUFFIX = "0x6492649264926492649264926492649264926492649264926492649264926492";

/** The parts of an ERC-6492 wrapped signature. */
export interface Erc6492Parts {
  /** Contract to call to deploy the account. */
  factory: string;
  /** Calldata of that call. */
  factoryCalldata: string;
  /** The account's ERC-1271 signature once deployed. */
  signature: string;
}

/** True when `signature` (0x-hex) ends with the ERC-6492 magic suffix. */
export function isErc6492Signature(signature: string): boolean {
  return /^0x[0-9a-fA-F]*$/.test(signature) && signature.length >= 66 && signature.slice(-64).toLowerCase() === ERC6492_MAGIC_SUFFIX.slice(2);
}

/** Wraps a counterfactual account's signature: `abi.encode(factory, calldata, signature) ‖ magic`. */
export function wrapErc6492Signature(parts: Erc6492Parts): string {
  const encoded = AbiCoder.defaultAbiCoder().encode(["address", "bytes", "bytes"], [parts.factory, parts.factoryCalldata, parts.signature]);
  return concat([encoded, ERC6492_MAGIC_SUFFIX]);
}

/** Splits a wrapped signature into its parts. @throws MalformedSignatureError when it is not an ERC-6492 wrapper */
export function unwrapErc6492Signature(signature: string): Erc6492Parts {
  if (!isErc6492Signature(signature)) throw new MalformedSignatureError("not an ERC-6492 signature (no magic suffix)");
  const body = dataSlice(signature, 0, dataLength(signature) - 32);
  const [factory, factoryCalldata, inner] = AbiCoder.defaultAbiCoder().decode(["address", "bytes", "bytes"], body);
  return { factory: String(factory), factoryCalldata: hexlify(factoryCalldata), signature: hexlify(inner) };
}

/**
 * Checks any signature of `account` over `hash` the ERC-6492 way, with one `eth_call` of the
 * deployless {@link Erc6492Validator} (creation code from the compiled artifact): a wrapped
 * signature deploys the account inside the simulated call, then ERC-1271; an unwrapped one is
 * ERC-1271 when the account has code, ECDSA otherwise. Nothing is sent on chain.
 */
export async function checkErc6492Signature(
  provider: Pick<Provider, "call">,
  account: string,
  hash: string,
  signature: string,
): Promise<SignatureCheck> {
  const iface = Erc6492Validator__factory.createInterface();
  const data = concat([Erc6492Validator__factory.bytecode, iface.encodeDeploy([account, hash, getBytes(signature)])]);
  let answer: string;
  try {
    answer = await provider.call({ data });
  } catch (e) {
    const revertData = (e as { data?: string })?.data;
    const decoded = revertData ? iface.parseError(revertData) : null;
    if (decoded?.name === "Erc6492DeploymentFailed") {
      return { valid: false, reason: `ERC-6492: the factory ${decoded.args[0]} failed to deploy ${account}` };
    }
    if (decoded?.name === "Erc6492AccountNotDeployed") {
      return { valid: false, reason: `ERC-6492: the factory ${decoded.args[1]} did not deploy ${account}` };
    }
    return { valid: false, reason: `ERC-6492 validation reverted (${shortError(e)})` };
  }
  const valid = dataLength(answer) === 32 && BigInt(answer) === 1n;
  return valid ? { valid } : { valid, reason: `ERC-6492: the signature is not valid for ${account}` };
}
