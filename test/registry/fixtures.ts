import { dnsEncode, keccak256, namehash, toUtf8Bytes, type Signer } from "ethers";
import { Dm3FirstComeRegistrar, Dm3FirstComeRegistrar__factory, Dm3L2Registry, Dm3L2Registry__factory } from "../../typechain-types";
import { signProfile } from "../../src/profile/sign";
import { stringify } from "../../src/shared/json";
import type { SignedUserProfile } from "../../src/profile/types";
import { freshDeployer } from "../helpers/gas";
import { l2, type L2 } from "./l2";

export const PARENT = "l2.dm3.eth";

export interface RegistryFixture extends L2 {
  registry: Dm3L2Registry;
  registrar: Dm3FirstComeRegistrar;
  owner: Signer;
}

/**
 * A fresh registry for `l2.dm3.eth` and an approved first-come registrar on the test L2 (account 0
 * owns both). They are deployed by a fresh account derived from `deployerLabel`, so their
 * addresses (which reach signed and measured calldata) do not depend on earlier tests: measured
 * tests pass a label of their own, e.g. the test's title.
 */
export async function registryFixture(deployerLabel = "registryFixture"): Promise<RegistryFixture> {
  const chain = await l2();
  const owner = chain.accounts[0];
  const ownerAddress = await owner.getAddress();
  const deployer = await freshDeployer(deployerLabel, { provider: chain.provider, eip1193: chain.chain.provider });
  const registry = (await new Dm3L2Registry__factory(deployer).deploy(dnsEncode(PARENT), ownerAddress, "dm3 names", "DM3")).connect(owner);
  await registry.waitForDeployment();
  const registrar = (await new Dm3FirstComeRegistrar__factory(deployer).deploy(await registry.getAddress(), 3, 63, ownerAddress)).connect(owner);
  await registrar.waitForDeployment();
  await (await registry.approveRegistrar(await registrar.getAddress())).wait();
  return { ...chain, registry, registrar, owner };
}

/** namehash of `label.l2.dm3.eth`. */
export function nodeOf(label: string): string {
  return namehash(`${label}.${PARENT}`);
}

/**
 * A dm3 profile record as the reference writes it: `data:application/json,` + stringify of a
 * SignedUserProfile signed by `signer`. Delivery services are padded so the record is ~415 bytes
 * (the size of a real profile with two delivery services).
 */
export async function profileRecord(signer: Signer): Promise<{ record: string; signed: SignedUserProfile }> {
  // Keys fixed per signer, so the record (and the gas measured with it) is the same on every run.
  const address = await signer.getAddress();
  const key = (seed: string) => Buffer.from(keccak256(toUtf8Bytes(`${address}/${seed}`)).slice(2), "hex").toString("base64");
  const signed = await signProfile(signer, {
    publicEncryptionKey: key("01"),
    publicSigningKey: key("02"),
    deliveryServices: ["ds.dm3.eth", "backup-delivery.dm3.eth", "beta-ds.dm3.eth"],
  });
  let record = `data:application/json,${stringify(signed)}`;
  // Pad to ~415 bytes with a longer last delivery-service name if needed (keeps the record valid).
  if (record.length < 410) {
    const padded = await signProfile(signer, {
      ...signed.profile,
      deliveryServices: [...signed.profile.deliveryServices.slice(0, 2), `${"x".repeat(410 - record.length + 15)}.dm3.eth`],
    });
    record = `data:application/json,${stringify(padded)}`;
    return { record, signed: padded };
  }
  return { record, signed };
}
