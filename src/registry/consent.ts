import { TypedDataEncoder, getAddress, type Signer, type TypedDataDomain } from "ethers";

/** EIP-712 types of `registerWithSignature` (every dm3 registrar): the owner's consent to a name and its first records. */
export const REGISTER_TYPES = {
  Register: [
    { name: "label", type: "string" },
    { name: "owner", type: "address" },
    { name: "records", type: "bytes[]" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** An owner's signed consent to be registered `label` with `records`, ready for `registerWithSignature` (anyone may send it). */
export interface RegistrationConsent {
  label: string;
  owner: string;
  /** Record calls on the new node (see `encodeRecords`). */
  records: string[];
  /** Last valid timestamp (unix seconds). */
  deadline: bigint;
  signature: string;
}

/** The EIP-712 domain name of the first-come registrar (the token-gated one uses "Dm3TokenGatedRegistrar"; any registrar reports its own through EIP-5267 `eip712Domain()`). */
export const FIRST_COME_REGISTRAR_DOMAIN_NAME = "Dm3FirstComeRegistrar";

/** The EIP-712 domain of a registrar (version "1"); `name` defaults to the first-come registrar's. */
export function registrarDomain(registrar: string, chainId: number | bigint, name: string = FIRST_COME_REGISTRAR_DOMAIN_NAME): TypedDataDomain {
  return { name, version: "1", chainId, verifyingContract: getAddress(registrar) };
}

/** The digest an owner (EOA, or the key behind an ERC-1271 account) signs to consent to a registration. */
export function registrationDigest(registrar: string, chainId: number | bigint, c: Omit<RegistrationConsent, "signature">, domainName?: string): string {
  return TypedDataEncoder.hash(registrarDomain(registrar, chainId, domainName), REGISTER_TYPES as never, { ...c, owner: getAddress(c.owner) });
}

/** Signs the owner's consent to be registered `c.label` with `c.records` (`owner` is an EOA: `signTypedData`). */
export async function signRegistration(
  owner: Signer,
  registrar: string,
  chainId: number | bigint,
  c: Omit<RegistrationConsent, "owner" | "signature">,
  domainName?: string,
): Promise<RegistrationConsent> {
  const ownerAddress = getAddress(await owner.getAddress());
  const value = { ...c, owner: ownerAddress };
  const signature = await owner.signTypedData(registrarDomain(registrar, chainId, domainName), REGISTER_TYPES as never, value);
  return { ...value, signature };
}
