import { AbiCoder, Interface, SigningKey, concat, getAddress, getBytes, hexlify, keccak256, solidityPackedKeccak256 } from "ethers";

/** ABI of the request a dm3 L1 resolver sends (`IDm3GatewayService.resolveL2`). */
export const GATEWAY_SERVICE_ABI = [
  "function resolveL2(bytes name, bytes data, uint256 chainId, address registry) view returns (bytes result, uint64 expires, bytes sig)",
] as const;

/** ABI of the inner resolver calls the gateway serves. */
export const RESOLVER_READ_ABI = [
  "function text(bytes32 node, string key) view returns (string)",
  "function addr(bytes32 node) view returns (address)",
  "function addr(bytes32 node, uint256 coinType) view returns (bytes)",
  "function contenthash(bytes32 node) view returns (bytes)",
  "function multicall(bytes[] data) returns (bytes[])",
] as const;

export const gatewayService = new Interface(GATEWAY_SERVICE_ABI);
export const resolverReads = new Interface(RESOLVER_READ_ABI);

/** A decoded `resolveL2` request. */
export interface GatewayRequest {
  /** DNS-encoded name (0x-hex). */
  dnsName: string;
  /** Inner resolver call (0x-hex). */
  data: string;
  chainId: bigint;
  registry: string;
}

/** Decodes `resolveL2(name, data, chainId, registry)` call data; throws on anything else. */
export function decodeGatewayRequest(callData: string): GatewayRequest {
  const decoded = gatewayService.decodeFunctionData("resolveL2", callData);
  return { dnsName: hexlify(decoded[0]), data: hexlify(decoded[1]), chainId: decoded[2] as bigint, registry: getAddress(decoded[3]) };
}

/** Encodes a `resolveL2` request (what the L1 resolver puts into `OffchainLookup`). */
export function encodeGatewayRequest(req: GatewayRequest): string {
  return gatewayService.encodeFunctionData("resolveL2", [req.dnsName, req.data, req.chainId, req.registry]);
}

/** The namehash the chain computes for `dnsName` (from its raw label bytes, no normalization). */
export function rawNamehash(dnsName: string): string {
  const bytes = getBytes(dnsName);
  const labelHashes: string[] = [];
  let offset = 0;
  while (offset < bytes.length && bytes[offset] !== 0) {
    const end = offset + 1 + bytes[offset];
    labelHashes.push(keccak256(bytes.slice(offset + 1, end)));
    offset = end;
  }
  let node = "0x" + "00".repeat(32);
  for (let i = labelHashes.length - 1; i >= 0; i--) node = keccak256(concat([node, labelHashes[i]]));
  return node;
}

/**
 * EIP-191 version-0 digest the gateway signs and `Dm3SignatureGatewayVerifier` checks:
 * `keccak256(0x1900 ‖ resolver ‖ uint64 expires ‖ keccak256(request) ‖ keccak256(result))`.
 */
export function gatewayDigest(resolver: string, expires: bigint, request: string, result: string): string {
  return solidityPackedKeccak256(
    ["bytes2", "address", "uint64", "bytes32", "bytes32"],
    ["0x1900", resolver, expires, keccak256(request), keccak256(result)],
  );
}

/**
 * The gateway's answer `abi.encode(bytes result, uint64 expires, bytes sig)` where `sig` is the
 * 65-byte signature followed by the signed request hash and resolver (see the verifier contract).
 */
export function signGatewayResponse(key: SigningKey, resolver: string, request: string, result: string, expires: bigint): string {
  const signature = key.sign(gatewayDigest(resolver, expires, request, result)).serialized;
  const sig = concat([signature, keccak256(request), getAddress(resolver)]);
  return AbiCoder.defaultAbiCoder().encode(["bytes", "uint64", "bytes"], [result, expires, sig]);
}
