import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, Interface, SigningKey, Wallet, concat, dnsEncode, getAddress, keccak256, namehash } from "ethers";
import { Dm3L1Resolver__factory, Dm3SignatureGatewayVerifier__factory } from "../../typechain-types";
import { encodeGatewayRequest, gatewayDigest, signGatewayResponse } from "../../src/gateway/protocol";
import { freshL1Deployer, recordGas } from "../helpers/gas";

const abi = AbiCoder.defaultAbiCoder();
const L2_CHAIN = 31338n;
const REGISTRY = getAddress("0x" + "12".repeat(20));
const NAME = "carol.l2.dm3.eth";
const reads = new Interface(["function text(bytes32,string) view returns (string)", "function addr(bytes32) view returns (address)"]);

async function resolverFixture() {
  const [owner, stranger] = await hre.ethers.getSigners();
  const gatewayKey = new SigningKey("0x" + "a1".repeat(32)); // fixed: the measured calldata stays the same between runs
  const gatewaySigner = new Wallet(gatewayKey.privateKey).address;
  // Deployed by a fixed fresh account (owned by `owner`): the resolver's address is in the signed, measured calldata.
  const deployer = await freshL1Deployer("Dm3L1Resolver.test resolverFixture");
  const verifier = (await new Dm3SignatureGatewayVerifier__factory(deployer).deploy(owner.address, [gatewaySigner])).connect(owner);
  const resolver = (
    await new Dm3L1Resolver__factory(deployer).deploy(owner.address, L2_CHAIN, REGISTRY, await verifier.getAddress(), ["http://127.0.0.1:1/{sender}/{data}.json"])
  ).connect(owner);
  const resolverAddress = await resolver.getAddress();
  const request = (name = NAME, key = "network.dm3.profile") =>
    encodeGatewayRequest({ dnsName: dnsEncode(name), data: reads.encodeFunctionData("text", [namehash(name), key]), chainId: L2_CHAIN, registry: REGISTRY });
  const result = abi.encode(["string"], ["hello"]);
  const now = BigInt(await time.latest());
  return { owner, stranger, gatewayKey, gatewaySigner, verifier, resolver, resolverAddress, request, result, now };
}

describe("Dm3L1Resolver + Dm3SignatureGatewayVerifier", () => {
  it("reverts OffchainLookup with a request bound to the L2 chain id and registry (ENSIP-10, EIP-3668)", async () => {
    const f = await loadFixture(resolverFixture);
    const data = reads.encodeFunctionData("text", [namehash(NAME), "network.dm3.profile"]);
    await expect(f.resolver.resolve(dnsEncode(NAME), data))
      .to.be.revertedWithCustomError(f.resolver, "OffchainLookup")
      .withArgs(f.resolverAddress, ["http://127.0.0.1:1/{sender}/{data}.json"], f.request(), f.resolver.interface.getFunction("resolveWithProof").selector, f.request());
    expect(await f.resolver.supportsInterface("0x9061b923")).to.equal(true);
    expect(await f.resolver.supportsInterface("0x01ffc9a7")).to.equal(true);
    expect(await f.resolver.supportsInterface("0x3b3b57de")).to.equal(false);
  });

  it("returns the result of a valid signed answer, and records the gas of resolveWithProof", async () => {
    const f = await loadFixture(resolverFixture);
    // A fixed expiry (2100-01-01): the signed bytes, and so the measured calldata gas, are the same on every run.
    const response = signGatewayResponse(f.gatewayKey, f.resolverAddress, f.request(), f.result, 4_102_444_800n);
    expect(await f.resolver.resolveWithProof(response, f.request())).to.equal(f.result);
    const data = f.resolver.interface.encodeFunctionData("resolveWithProof", [response, f.request()]);
    recordGas("L1Resolver.resolveWithProof (estimateGas, 32 B text)", await hre.ethers.provider.estimateGas({ to: f.resolverAddress, data }));
    // ENS offchain-resolver-style bare 65-byte signature works too.
    const bare = f.gatewayKey.sign(gatewayDigest(f.resolverAddress, f.now + 300n, f.request(), f.result)).serialized;
    expect(await f.resolver.resolveWithProof(abi.encode(["bytes", "uint64", "bytes"], [f.result, f.now + 300n, bare]), f.request())).to.equal(f.result);
  });

  it("rejects an expired answer", async () => {
    const f = await loadFixture(resolverFixture);
    const expires = f.now - 1n;
    const response = signGatewayResponse(f.gatewayKey, f.resolverAddress, f.request(), f.result, expires);
    await expect(f.resolver.resolveWithProof(response, f.request())).to.be.revertedWithCustomError(f.verifier, "Dm3GatewayResponseExpired");
  });

  it("rejects answers signed by an unknown or a removed signer", async () => {
    const f = await loadFixture(resolverFixture);
    const stranger = new SigningKey(Wallet.createRandom().privateKey);
    const forged = signGatewayResponse(stranger, f.resolverAddress, f.request(), f.result, f.now + 300n);
    await expect(f.resolver.resolveWithProof(forged, f.request()))
      .to.be.revertedWithCustomError(f.verifier, "Dm3GatewayUnknownSigner")
      .withArgs(new Wallet(stranger.privateKey).address);
    const good = signGatewayResponse(f.gatewayKey, f.resolverAddress, f.request(), f.result, f.now + 300n);
    await expect(f.verifier.removeSigner(f.gatewaySigner)).to.emit(f.verifier, "SignerRemoved").withArgs(f.gatewaySigner);
    await expect(f.resolver.resolveWithProof(good, f.request())).to.be.revertedWithCustomError(f.verifier, "Dm3GatewayUnknownSigner").withArgs(f.gatewaySigner);
  });

  it("rejects an answer to a different request", async () => {
    const f = await loadFixture(resolverFixture);
    const forDave = signGatewayResponse(f.gatewayKey, f.resolverAddress, f.request("dave.l2.dm3.eth"), f.result, f.now + 300n);
    await expect(f.resolver.resolveWithProof(forDave, f.request()))
      .to.be.revertedWithCustomError(f.verifier, "Dm3GatewayRequestMismatch")
      .withArgs(keccak256(f.request()), keccak256(f.request("dave.l2.dm3.eth")));
  });

  it("rejects an answer signed for a different resolver", async () => {
    const f = await loadFixture(resolverFixture);
    const other = getAddress("0x" + "34".repeat(20));
    const response = signGatewayResponse(f.gatewayKey, other, f.request(), f.result, f.now + 300n);
    await expect(f.resolver.resolveWithProof(response, f.request()))
      .to.be.revertedWithCustomError(f.verifier, "Dm3GatewayWrongResolver")
      .withArgs(f.resolverAddress, other);
  });

  it("rejects malformed answers and extra data", async () => {
    const f = await loadFixture(resolverFixture);
    const good = signGatewayResponse(f.gatewayKey, f.resolverAddress, f.request(), f.result, f.now + 300n);
    const malformed = [
      "0x",
      "0x1234",
      good.slice(0, 200), // truncated
      abi.encode(["uint256", "uint64", "uint256"], [2n ** 200n, f.now + 300n, 96n]), // offset out of range
      abi.encode(["bytes", "uint256", "bytes"], [f.result, 2n ** 64n, "0x" + "11".repeat(65)]), // expiry beyond uint64
      abi.encode(["bytes", "uint64", "bytes"], [f.result, f.now + 300n, "0x" + "11".repeat(30)]), // bad signature length
      abi.encode(["bytes", "uint64", "bytes"], [f.result, f.now + 300n, "0x" + "00".repeat(65)]), // unrecoverable signature
    ];
    for (const response of malformed) {
      await expect(f.resolver.resolveWithProof(response, f.request())).to.be.revertedWithCustomError(f.verifier, "Dm3GatewayMalformedResponse");
    }
    await expect(f.resolver.resolveWithProof(good, "0x1234")).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverMalformedExtraData");
    const otherTarget = encodeGatewayRequest({ dnsName: dnsEncode(NAME), data: "0x", chainId: 10n, registry: REGISTRY });
    await expect(f.resolver.resolveWithProof(good, otherTarget)).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverTargetMismatch").withArgs(10n, REGISTRY);
  });

  it("lets only the owner change URLs, verifier and target, with input checks", async () => {
    const f = await loadFixture(resolverFixture);
    const r = f.resolver.connect(f.stranger);
    for (const tx of [() => r.setGatewayUrls(["https://x/{sender}/{data}.json"]), () => r.setVerifier(f.stranger.address), () => r.setTarget(10, REGISTRY)]) {
      await expect(tx()).to.be.revertedWithCustomError(f.resolver, "OwnableUnauthorizedAccount").withArgs(f.stranger.address);
    }
    await expect(f.resolver.setGatewayUrls([])).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverInvalidUrls");
    await expect(f.resolver.setGatewayUrls([""])).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverInvalidUrls");
    await expect(f.resolver.setVerifier(hre.ethers.ZeroAddress)).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverZeroAddress");
    await expect(f.resolver.setTarget(0, REGISTRY)).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverInvalidChainId");
    await expect(f.resolver.setGatewayUrls(["https://a/{sender}/{data}.json", "https://b"])).to.emit(f.resolver, "GatewayUrlsChanged");
    expect(await f.resolver.gatewayUrls()).to.deep.equal(["https://a/{sender}/{data}.json", "https://b"]);
    await expect(f.resolver.setTarget(10, REGISTRY)).to.emit(f.resolver, "TargetChanged").withArgs(10, REGISTRY);
    expect(await f.resolver.l2Target()).to.deep.equal([10n, REGISTRY]);
    // An answer for the old target no longer verifies.
    const good = signGatewayResponse(f.gatewayKey, f.resolverAddress, f.request(), f.result, f.now + 300n);
    await expect(f.resolver.resolveWithProof(good, f.request())).to.be.revertedWithCustomError(f.resolver, "Dm3ResolverTargetMismatch");
    await expect(f.resolver.setVerifier(f.stranger.address)).to.emit(f.resolver, "VerifierChanged").withArgs(f.stranger.address);
  });

  it("lets only the verifier owner rotate signers, with input checks", async () => {
    const f = await loadFixture(resolverFixture);
    const v = f.verifier.connect(f.stranger);
    await expect(v.addSigner(f.stranger.address)).to.be.revertedWithCustomError(f.verifier, "OwnableUnauthorizedAccount").withArgs(f.stranger.address);
    await expect(v.removeSigner(f.gatewaySigner)).to.be.revertedWithCustomError(f.verifier, "OwnableUnauthorizedAccount");
    await expect(f.verifier.addSigner(hre.ethers.ZeroAddress)).to.be.revertedWithCustomError(f.verifier, "Dm3GatewayZeroSigner");
    await expect(f.verifier.addSigner(f.gatewaySigner)).to.be.revertedWithCustomError(f.verifier, "Dm3GatewaySignerExists").withArgs(f.gatewaySigner);
    await expect(f.verifier.removeSigner(f.stranger.address)).to.be.revertedWithCustomError(f.verifier, "Dm3GatewaySignerMissing");
    await expect(f.verifier.addSigner(f.stranger.address)).to.emit(f.verifier, "SignerAdded").withArgs(f.stranger.address);
    expect(await f.verifier.isSigner(f.stranger.address)).to.equal(true);
    // Ownership moves in two steps.
    await (await f.verifier.transferOwnership(f.stranger.address)).wait();
    expect(await f.verifier.owner()).to.equal(f.owner.address);
    await (await v.acceptOwnership()).wait();
    expect(await f.verifier.owner()).to.equal(f.stranger.address);
    void concat;
  });

  it("lists exactly the current signer set through signers(), after adds and removes", async () => {
    const f = await loadFixture(resolverFixture);
    const [a, b, c] = ["b1", "b2", "b3"].map((k) => new Wallet("0x" + k.repeat(32)).address);
    const listed = async () => [...(await f.verifier.signers())].sort();
    expect(await listed()).to.deep.equal([f.gatewaySigner]);
    for (const s of [a, b, c]) await (await f.verifier.addSigner(s)).wait();
    expect(await listed()).to.deep.equal([f.gatewaySigner, a, b, c].sort());
    await (await f.verifier.removeSigner(f.gatewaySigner)).wait();
    await (await f.verifier.removeSigner(b)).wait();
    expect(await listed()).to.deep.equal([a, c].sort());
    for (const s of [a, b, c]) expect(await f.verifier.isSigner(s)).to.equal(s !== b);
    // A removed signer can be added back, and a failed add or remove leaves the list as it was.
    await (await f.verifier.addSigner(b)).wait();
    await expect(f.verifier.addSigner(a)).to.be.revertedWithCustomError(f.verifier, "Dm3GatewaySignerExists").withArgs(a);
    await expect(f.verifier.removeSigner(f.gatewaySigner)).to.be.revertedWithCustomError(f.verifier, "Dm3GatewaySignerMissing").withArgs(f.gatewaySigner);
    expect(await listed()).to.deep.equal([a, b, c].sort());
    for (const s of [a, b, c]) await (await f.verifier.removeSigner(s)).wait();
    expect(await f.verifier.signers()).to.deep.equal([]);
  });
});
