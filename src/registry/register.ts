import { ZeroAddress, getAddress, type Provider, type Signer } from "ethers";
import { Dm3FirstComeRegistrar__factory, Dm3L2Registry__factory } from "../../typechain-types";
import { RpcUnreachableError } from "../errors";
import { decodeDnsName } from "../names/encode";
import { signRegistration, type RegistrationConsent } from "./consent";
import { L2ConsentRequiredError, L2NameTakenError, L2RegistrationClosedError } from "./errors";
import { assertRegistrableLabel } from "./labels";
import { encodeRecords, evmCoinType, type RecordSpec } from "./records";

/** Default validity of a consent that {@link registerName} has the owner sign. */
export const DEFAULT_CONSENT_TTL_SECONDS = 3600;

/** What {@link registerName} registers. */
export interface RegisterNameOptions {
  /** A registrar of the L2 registry (first-come or token-gated: any built on `Dm3RegistrarBase`). */
  registrar: string;
  /** The label, checked against the registrar's rules first (a-z, 0-9, "-"; 3..63 bytes). */
  label: string;
  /**
   * The owner: the sender when omitted. Another owner must consent: give its `Signer` (it signs here)
   * or its signed `consent`.
   */
  owner?: string | Signer;
  /** The name's first records; default: the owner as coin-60 address and as the chain's ENSIP-11 address. */
  records?: RecordSpec;
  /** The owner's signed consent (from `signRegistration`); its records are the ones registered. */
  consent?: RegistrationConsent;
  /** Validity in seconds of a consent the owner signs here; default {@link DEFAULT_CONSENT_TTL_SECONDS}. */
  consentTtlSeconds?: number;
}

/** A registered name. */
export interface RegisteredName {
  /** The full name, e.g. `alice.l2.dm3.eth`. */
  name: string;
  node: string;
  owner: string;
  /** True when sent by someone else with the owner's signed consent. */
  signed: boolean;
  txHash: string;
  gasUsed: bigint;
}

/**
 * Registers `label` under the L2 registry's parent through a registrar. When the sender
 * is the owner, it calls `register`; otherwise it sends `registerWithSignature` with the owner's
 * consent (signed here when the owner's `Signer` is given).
 * @throws InvalidL2LabelError, L2NameTakenError, L2RegistrationClosedError, L2ConsentRequiredError
 */
export async function registerName(sender: Signer, options: RegisterNameOptions): Promise<RegisteredName> {
  const label = assertRegistrableLabel(options.label);
  const registrar = Dm3FirstComeRegistrar__factory.connect(options.registrar, sender);
  const registry = Dm3L2Registry__factory.connect(await registrar.registry(), sender);
  const [node, parent] = await Promise.all([registry.makeNode(label), registry.dnsName(await registry.parentNode())]);
  const name = `${label}.${decodeDnsName(parent)}`;
  if (!(await registrar.available(label))) {
    if ((await registry["owner(bytes32)"](node)) !== ZeroAddress) throw new L2NameTakenError(name);
    throw new L2RegistrationClosedError(options.registrar);
  }

  const senderAddress = getAddress(await sender.getAddress());
  const ownerSigner = typeof options.owner === "object" ? options.owner : undefined;
  const owner = getAddress(
    options.consent?.owner ?? (ownerSigner ? await ownerSigner.getAddress() : (options.owner as string | undefined) ?? senderAddress),
  );
  const provider = providerOf(sender);
  const chainId = (await provider.getNetwork()).chainId;
  const records = () => encodeRecords(node, options.records ?? { addr: owner, coinAddrs: { [evmCoinType(chainId).toString()]: owner } });

  let consent = options.consent;
  if (!consent && owner !== senderAddress) {
    if (!ownerSigner) throw new L2ConsentRequiredError(name, owner);
    const deadline = BigInt((await provider.getBlock("latest"))!.timestamp + (options.consentTtlSeconds ?? DEFAULT_CONSENT_TTL_SECONDS));
    // The registrar's own EIP-712 domain name (EIP-5267): first-come and token-gated registrars differ.
    const { name: domainName } = await registrar.eip712Domain();
    consent = await signRegistration(ownerSigner, options.registrar, chainId, { label, records: records(), deadline }, domainName);
  }
  if (consent && consent.label !== label) throw new L2ConsentRequiredError(name, owner, `the consent is for the label "${consent.label}"`);
  const tx = consent
    ? await registrar.registerWithSignature(label, owner, consent.records, consent.deadline, consent.signature)
    : await registrar.register(label, owner, records());
  const receipt = (await tx.wait())!;
  return { name, node, owner, signed: consent !== undefined, txHash: receipt.hash, gasUsed: receipt.gasUsed };
}

/** The provider a signer sends through. */
export function providerOf(signer: Signer): Provider {
  if (!signer.provider) throw new RpcUnreachableError("the signer is not connected to a provider");
  return signer.provider;
}
