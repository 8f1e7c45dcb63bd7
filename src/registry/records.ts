import { Interface, TypedDataEncoder, getAddress, type Signer, type TypedDataDomain } from "ethers";

/** ABI of the record setters an L2 registry accepts in `register`, `multicall` and signed updates. */
export const RECORD_SETTER_ABI = [
  "function setText(bytes32 node, string key, string value)",
  "function setAddr(bytes32 node, address a)",
  "function setAddr(bytes32 node, uint256 coinType, bytes a)",
  "function setContenthash(bytes32 node, bytes hash)",
] as const;

const setters = new Interface(RECORD_SETTER_ABI);

/** ENSIP-11 coin type of an EVM chain: `0x80000000 | chainId`. */
export function evmCoinType(chainId: number | bigint): bigint {
  return 0x80000000n | BigInt(chainId);
}

/** Records to write for one name. */
export interface RecordSpec {
  /** Coin-60 address (`addr(bytes32)`). */
  addr?: string;
  /** Extra addresses by coin type, e.g. `{ [evmCoinType(10)]: "0x…" }`. */
  coinAddrs?: Record<string, string>;
  /** Text records (e.g. `network.dm3.profile`). */
  texts?: Record<string, string>;
  /** ENSIP-7 contenthash bytes (0x-hex). */
  contenthash?: string;
}

/** Encodes `spec` as the resolver calls on `node` that the registry applies. */
export function encodeRecords(node: string, spec: RecordSpec): string[] {
  const out: string[] = [];
  if (spec.addr !== undefined) out.push(setters.encodeFunctionData("setAddr(bytes32,address)", [node, getAddress(spec.addr)]));
  for (const [coinType, a] of Object.entries(spec.coinAddrs ?? {})) {
    out.push(setters.encodeFunctionData("setAddr(bytes32,uint256,bytes)", [node, BigInt(coinType), a]));
  }
  for (const [key, value] of Object.entries(spec.texts ?? {})) out.push(setters.encodeFunctionData("setText", [node, key, value]));
  if (spec.contenthash !== undefined) out.push(setters.encodeFunctionData("setContenthash", [node, spec.contenthash]));
  return out;
}

/** EIP-712 types of `Dm3L2Registry.setRecordsWithSignature`. */
export const SET_RECORDS_TYPES = {
  SetRecords: [
    { name: "node", type: "bytes32" },
    { name: "records", type: "bytes[]" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** A signed record update, ready for `setRecordsWithSignature` (anyone may relay it). */
export interface SignedRecordsUpdate {
  node: string;
  records: string[];
  nonce: bigint;
  deadline: bigint;
  signer: string;
  signature: string;
}

/** The EIP-712 domain of a registry. */
export function registryDomain(registry: string, chainId: number | bigint): TypedDataDomain {
  return { name: "Dm3L2Registry", version: "1", chainId, verifyingContract: getAddress(registry) };
}

/** The digest a signer (EOA or ERC-1271 wallet's owner) signs for an update. */
export function setRecordsDigest(registry: string, chainId: number | bigint, u: Omit<SignedRecordsUpdate, "signer" | "signature">): string {
  return TypedDataEncoder.hash(registryDomain(registry, chainId), SET_RECORDS_TYPES as never, u);
}

/** Signs a record update with `signer` (an EOA: `signTypedData`). */
export async function signRecordsUpdate(
  signer: Signer,
  registry: string,
  chainId: number | bigint,
  u: Omit<SignedRecordsUpdate, "signer" | "signature">,
): Promise<SignedRecordsUpdate> {
  const signature = await signer.signTypedData(registryDomain(registry, chainId), SET_RECORDS_TYPES as never, u);
  return { ...u, signer: await signer.getAddress(), signature };
}
