import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { hashMessage, id, Wallet } from "ethers";
import { createProfileKeys, DEFAULT_NONCE } from "../../src/keys";
import {
  canonicalEcdsaSignature,
  checkErc6492Signature,
  ERC6492_MAGIC_SUFFIX,
  getProfileCreationMessage,
  isErc6492Signature,
  MalformedSignatureError,
  signProfile,
  unwrapErc6492Signature,
  type UserProfile,
  verifyProfileSignature,
  wrapErc6492Signature,
} from "../../src/profile";
import { stringify } from "../../src/shared/json";
import { Dm3Test1271Wallet__factory, Dm3SdkTestAccountFactory__factory } from "../../typechain-types";
import { VECTOR } from "../fixtures/dm3-vectors";

const keys = createProfileKeys(VECTOR.storageKey, DEFAULT_NONCE);
const profile: UserProfile = {
  publicEncryptionKey: keys.encryptionKeyPair.publicKey,
  publicSigningKey: keys.signingKeyPair.publicKey,
  deliveryServices: ["ds.dm3.eth"],
};

async function contractAccounts() {
  const [deployer] = await hre.ethers.getSigners();
  const owner = new Wallet("0x" + "33".repeat(32));
  const stranger = new Wallet("0x" + "44".repeat(32));
  const wallet = await new Dm3Test1271Wallet__factory(deployer).deploy(owner.address);
  const factory = await new Dm3SdkTestAccountFactory__factory(deployer).deploy();
  const salt = id("dm3kit-6492");
  const counterfactual = await factory.predict(owner.address, salt);
  const factoryCalldata = factory.interface.encodeFunctionData("deploy", [owner.address, salt]);
  return { provider: hre.ethers.provider, owner, stranger, wallet, walletAddress: await wallet.getAddress(), factory, salt, counterfactual, factoryCalldata };
}

describe("profile signatures of contract accounts (ERC-1271, ERC-6492)", () => {
  describe("ERC-1271", () => {
    it("accepts a profile the account's owner signed for the account", async () => {
      const f = await loadFixture(contractAccounts);
      const signed = await signProfile(f.owner, profile, { account: f.walletAddress });
      expect(await verifyProfileSignature(signed, f.walletAddress, { provider: f.provider })).to.deep.equal({ valid: true, method: "erc1271" });
    });

    it("rejects a profile someone else signed for the account", async () => {
      const f = await loadFixture(contractAccounts);
      const signed = await signProfile(f.stranger, profile, { account: f.walletAddress });
      const result = await verifyProfileSignature(signed, f.walletAddress, { provider: f.provider });
      expect(result).to.include({ valid: false, method: "erc1271" });
      expect(result.reason).to.match(/rejected the signature \(answered 0xffffffff\)/);
    });

    it("reports a contract without isValidSignature as invalid", async () => {
      const f = await loadFixture(contractAccounts);
      const noWallet = await f.factory.getAddress();
      const signed = await signProfile(f.owner, profile, { account: noWallet });
      const result = await verifyProfileSignature(signed, noWallet, { provider: f.provider });
      expect(result).to.include({ valid: false, method: "erc1271" });
      expect(result.reason).to.match(/reverted/);
    });

    it("without a provider, only ECDSA is possible and the reason says so", async () => {
      const f = await loadFixture(contractAccounts);
      const signed = await signProfile(f.owner, profile, { account: f.walletAddress });
      const result = await verifyProfileSignature(signed, f.walletAddress);
      expect(result.valid).to.equal(false);
      expect(result.reason).to.match(/needs a provider/);
    });
  });

  describe("ERC-6492 (counterfactual account)", () => {
    it("wraps and unwraps signatures", async () => {
      const f = await loadFixture(contractAccounts);
      const inner = await f.owner.signMessage("x");
      const wrapped = wrapErc6492Signature({ factory: await f.factory.getAddress(), factoryCalldata: f.factoryCalldata, signature: inner });
      expect(wrapped.endsWith(ERC6492_MAGIC_SUFFIX.slice(2))).to.equal(true);
      expect(isErc6492Signature(wrapped)).to.equal(true);
      expect(isErc6492Signature(inner)).to.equal(false);
      expect(unwrapErc6492Signature(wrapped)).to.deep.equal({ factory: await f.factory.getAddress(), factoryCalldata: f.factoryCalldata, signature: inner });
    });

    it("refuses to unwrap a signature that is not an ERC-6492 wrapper, and a 65-byte signature with v = 2, with a typed error", async () => {
      const inner = await new Wallet(VECTOR.privateKey).signMessage("x");
      expect(() => unwrapErc6492Signature(inner)).to.throw(MalformedSignatureError, /not an ERC-6492 signature/).with.property("code", "SIGNATURE_MALFORMED");
      expect(() => canonicalEcdsaSignature(inner.slice(0, -2) + "02")).to.throw(MalformedSignatureError, /v = 2/);
    });

    it("accepts a not-yet-deployed account's profile without deploying it", async () => {
      const f = await loadFixture(contractAccounts);
      expect(await f.provider.getCode(f.counterfactual)).to.equal("0x");
      const inner = await signProfile(f.owner, profile, { account: f.counterfactual });
      const signature = wrapErc6492Signature({ factory: await f.factory.getAddress(), factoryCalldata: f.factoryCalldata, signature: inner.signature });
      const result = await verifyProfileSignature({ profile, signature }, f.counterfactual, { provider: f.provider });
      expect(result).to.deep.equal({ valid: true, method: "erc6492" });
      expect(await f.provider.getCode(f.counterfactual)).to.equal("0x"); // eth_call only
    });

    it("still accepts the wrapped signature once the account is deployed", async () => {
      const f = await loadFixture(contractAccounts);
      await (await f.factory.deploy(f.owner.address, f.salt)).wait();
      expect(await f.provider.getCode(f.counterfactual)).not.to.equal("0x");
      const inner = await signProfile(f.owner, profile, { account: f.counterfactual });
      const signature = wrapErc6492Signature({ factory: await f.factory.getAddress(), factoryCalldata: f.factoryCalldata, signature: inner.signature });
      expect(await verifyProfileSignature({ profile, signature }, f.counterfactual, { provider: f.provider })).to.deep.equal({ valid: true, method: "erc6492" });
      // and the plain inner signature through ERC-1271
      expect(await verifyProfileSignature(inner, f.counterfactual, { provider: f.provider })).to.deep.equal({ valid: true, method: "erc1271" });
    });

    it("rejects a wrapped signature by the wrong key", async () => {
      const f = await loadFixture(contractAccounts);
      const inner = await signProfile(f.stranger, profile, { account: f.counterfactual });
      const signature = wrapErc6492Signature({ factory: await f.factory.getAddress(), factoryCalldata: f.factoryCalldata, signature: inner.signature });
      const result = await verifyProfileSignature({ profile, signature }, f.counterfactual, { provider: f.provider });
      expect(result).to.include({ valid: false, method: "erc6492" });
      expect(result.reason).to.match(/not valid for/);
    });

    it("rejects a wrapper whose factory call fails or deploys elsewhere", async () => {
      const f = await loadFixture(contractAccounts);
      const inner = await signProfile(f.owner, profile, { account: f.counterfactual });
      const factory = await f.factory.getAddress();
      const failing = wrapErc6492Signature({ factory, factoryCalldata: "0xdeadbeef", signature: inner.signature });
      const r1 = await verifyProfileSignature({ profile, signature: failing }, f.counterfactual, { provider: f.provider });
      expect(r1).to.include({ valid: false, method: "erc6492" });
      expect(r1.reason).to.match(/failed to deploy/);
      const elsewhere = wrapErc6492Signature({
        factory,
        factoryCalldata: f.factory.interface.encodeFunctionData("deploy", [f.owner.address, id("other salt")]),
        signature: inner.signature,
      });
      const r2 = await verifyProfileSignature({ profile, signature: elsewhere }, f.counterfactual, { provider: f.provider });
      expect(r2.reason).to.match(/did not deploy/);
    });

    it("needs a provider", async () => {
      const f = await loadFixture(contractAccounts);
      const signature = wrapErc6492Signature({ factory: await f.factory.getAddress(), factoryCalldata: f.factoryCalldata, signature: "0x" });
      const result = await verifyProfileSignature({ profile, signature }, f.counterfactual);
      expect(result).to.include({ valid: false, method: "erc6492" });
      expect(result.reason).to.match(/needs a provider/);
    });

    it("the deployless validator also checks unwrapped ECDSA and ERC-1271 signatures", async () => {
      const f = await loadFixture(contractAccounts);
      const eoa = new Wallet(VECTOR.privateKey);
      const hash = hashMessage(getProfileCreationMessage(stringify(profile), eoa.address));
      const eoaSig = await eoa.signMessage(getProfileCreationMessage(stringify(profile), eoa.address));
      expect(await checkErc6492Signature(f.provider, eoa.address, hash, eoaSig)).to.deep.equal({ valid: true });
      expect((await checkErc6492Signature(f.provider, f.owner.address, hash, eoaSig)).valid).to.equal(false);
      const walletHash = hashMessage(getProfileCreationMessage(stringify(profile), f.walletAddress));
      const walletSig = (await signProfile(f.owner, profile, { account: f.walletAddress })).signature;
      expect(await checkErc6492Signature(f.provider, f.walletAddress, walletHash, walletSig)).to.deep.equal({ valid: true });
    });
  });
});
