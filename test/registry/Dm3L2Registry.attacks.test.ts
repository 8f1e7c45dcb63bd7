import { expect } from "chai";
import { AbiCoder, Interface, ZeroAddress, dnsEncode, namehash } from "ethers";
import { PublicResolver__factory } from "../../typechain-types";
import { encodeRecords, signRecordsUpdate } from "../../src/registry/records";
import { registrationDigest, signRegistration } from "../../src/registry/consent";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { ensFixture, registerName } from "../helpers/ens";
import { L2_CHAIN_ID } from "./l2";
import { PARENT, nodeOf, profileRecord, registryFixture, type RegistryFixture } from "./fixtures";

// One test per attack of the security review (issue 8, findings 1, 2, 3 and 8), each named after
// the attack and failing on the contracts before the fix.

const abi = AbiCoder.defaultAbiCoder();
const reads = new Interface([
  "function text(bytes32,string) view returns (string)",
  "function addr(bytes32) view returns (address)",
  "function contenthash(bytes32) view returns (bytes)",
]);

async function latest(f: RegistryFixture): Promise<number> {
  return (await f.provider.getBlock("latest"))!.timestamp;
}

describe("Dm3L2Registry: attacks of the security review", function () {
  let f: RegistryFixture;
  beforeEach(async () => {
    f = await registryFixture();
  });

  describe("finding 1: registration consent", () => {
    it("refuses registering a name for a victim with the attacker's records without the victim's signature", async () => {
      const [attacker, victim] = [f.accounts[5], f.accounts[2]];
      const [attackerAddress, victimAddress] = [await attacker.getAddress(), await victim.getAddress()];
      const node = nodeOf("alice");
      // The attacker's records: its own address and a profile it signed, both valid together.
      const { record } = await profileRecord(attacker);
      const records = encodeRecords(node, { addr: attackerAddress, texts: { [PROFILE_RECORD_KEY]: record } });

      const attempt = f.registrar.connect(attacker).register("alice", victimAddress, records);
      await attempt.then((tx) => tx.wait()).catch(() => undefined);
      expect(await f.registrar.available("alice"), "the victim got the name with the attacker's records").to.equal(true);
      await expect(attempt).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarUnauthorized").withArgs(attackerAddress, victimAddress);
      // Signing the consent itself does not help: the signature must be the owner's.
      const deadline = BigInt((await latest(f)) + 3600);
      const forged = await signRegistration(attacker, await f.registrar.getAddress(), L2_CHAIN_ID, { label: "alice", records, deadline });
      await expect(f.registrar.connect(attacker).registerWithSignature("alice", victimAddress, records, deadline, forged.signature))
        .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidSignature")
        .withArgs(victimAddress);
      // Nor does the victim's consent to other records.
      const own = encodeRecords(node, { addr: victimAddress });
      const consent = await signRegistration(victim, await f.registrar.getAddress(), L2_CHAIN_ID, { label: "alice", records: own, deadline });
      await expect(f.registrar.connect(attacker).registerWithSignature("alice", victimAddress, records, deadline, consent.signature))
        .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidSignature")
        .withArgs(victimAddress);

      expect(await f.registrar.available("alice")).to.equal(true);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal("");
    });

    it("registers for someone else only what that owner signed, relayed by anyone before the deadline", async () => {
      const [relayer, owner] = [f.accounts[5], f.accounts[2]];
      const ownerAddress = await owner.getAddress();
      const node = nodeOf("alice");
      const { record } = await profileRecord(owner);
      const records = encodeRecords(node, { addr: ownerAddress, texts: { [PROFILE_RECORD_KEY]: record } });
      const registrar = await f.registrar.getAddress();

      const expired = await signRegistration(owner, registrar, L2_CHAIN_ID, { label: "alice", records, deadline: BigInt((await latest(f)) - 1) });
      await expect(f.registrar.connect(relayer).registerWithSignature("alice", ownerAddress, records, expired.deadline, expired.signature))
        .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarSignatureExpired")
        .withArgs(expired.deadline);
      // Consent to "alice" is not consent to "alicia".
      const consent = await signRegistration(owner, registrar, L2_CHAIN_ID, { label: "alice", records, deadline: BigInt((await latest(f)) + 3600) });
      await expect(f.registrar.connect(relayer).registerWithSignature("alicia", ownerAddress, records, consent.deadline, consent.signature))
        .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidSignature");
      expect(registrationDigest(registrar, L2_CHAIN_ID, consent)).to.not.equal(registrationDigest(registrar, L2_CHAIN_ID, { ...consent, label: "alicia" }));

      await expect(f.registrar.connect(relayer).registerWithSignature("alice", ownerAddress, records, consent.deadline, consent.signature))
        .to.emit(f.registry, "NameRegistered")
        .withArgs(node, "alice", ownerAddress, registrar);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal(record);
      // A consent is used up with the name: it cannot register it again.
      await expect(f.registrar.connect(relayer).registerWithSignature("alice", ownerAddress, records, consent.deadline, consent.signature))
        .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarNotAvailable");
    });
  });

  describe("finding 2: records and transfers", () => {
    it("a buyer does not inherit the seller's addr and signed profile after a transfer", async () => {
      const [seller, buyer] = [f.accounts[2], f.accounts[3]];
      const [sellerAddress, buyerAddress] = [await seller.getAddress(), await buyer.getAddress()];
      const node = nodeOf("carol");
      const { record } = await profileRecord(seller);
      await (await f.registrar.connect(seller).register("carol", sellerAddress, encodeRecords(node, { addr: sellerAddress, texts: { [PROFILE_RECORD_KEY]: record } }))).wait();
      expect(await f.registry["addr(bytes32)"](node)).to.equal(sellerAddress);

      const transfer = f.registry.connect(seller).transferFrom(sellerAddress, buyerAddress, node);
      await (await transfer).wait();

      // Nothing of the seller's is left, in the views and in what the gateway reads.
      expect(await f.registry["addr(bytes32)"](node)).to.equal(ZeroAddress);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal("");
      const name = dnsEncode(`carol.${PARENT}`);
      expect(await f.registry.resolve(name, reads.encodeFunctionData("addr", [node]))).to.equal(abi.encode(["address"], [ZeroAddress]));
      expect(await f.registry.resolve(name, reads.encodeFunctionData("text", [node, PROFILE_RECORD_KEY]))).to.equal(abi.encode(["string"], [""]));
      await expect(transfer).to.emit(f.registry, "VersionChanged").withArgs(node, 1n);
      expect(await f.registry.recordVersions(node)).to.equal(1n);
      // The buyer starts from there.
      await (await f.registry.connect(buyer)["setAddr(bytes32,address)"](node, buyerAddress)).wait();
      expect(await f.registry["addr(bytes32)"](node)).to.equal(buyerAddress);
    });

    it("clearRecords lets the owner drop every record at once; nobody else can", async () => {
      const owner = f.accounts[2];
      const ownerAddress = await owner.getAddress();
      const node = nodeOf("carol");
      await (await f.registrar.connect(owner).register("carol", ownerAddress, encodeRecords(node, { addr: ownerAddress, texts: { a: "1", long: "x".repeat(300) }, contenthash: "0xe301" }))).wait();
      const stranger = f.accounts[5];
      await expect(f.registry.connect(stranger).clearRecords(node))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized")
        .withArgs(node, await stranger.getAddress());
      const nonce = await f.registry.nonces(node);
      await expect(f.registry.connect(owner).clearRecords(node)).to.emit(f.registry, "VersionChanged").withArgs(node, 1n);
      expect([await f.registry.text(node, "a"), await f.registry.text(node, "long"), await f.registry.contenthash(node), await f.registry["addr(bytes32)"](node)]).to.deep.equal(["", "", "0x", ZeroAddress]);
      expect(await f.registry.nonces(node)).to.equal(nonce + 1n);
      expect(await f.registry.ownerOf(node)).to.equal(ownerAddress);
    });
  });

  describe("finding 3: stale signed updates", () => {
    it("refuses a stale signed update that would roll back a newer direct edit", async () => {
      const owner = f.accounts[2];
      const ownerAddress = await owner.getAddress();
      const node = nodeOf("carol");
      await (await f.registrar.connect(owner).register("carol", ownerAddress, encodeRecords(node, { texts: { [PROFILE_RECORD_KEY]: "data:application/json,{\"v\":1}" } }))).wait();
      // The owner signs an update (to v2) but it is not relayed...
      const registry = await f.registry.getAddress();
      const stale = await signRecordsUpdate(owner, registry, L2_CHAIN_ID, {
        node,
        records: encodeRecords(node, { texts: { [PROFILE_RECORD_KEY]: "data:application/json,{\"v\":2}" } }),
        nonce: await f.registry.nonces(node),
        deadline: BigInt((await latest(f)) + 3600),
      });
      // ...then sets v3 directly.
      await (await f.registry.connect(owner).setText(node, PROFILE_RECORD_KEY, "data:application/json,{\"v\":3}")).wait();
      // Relaying the old signature later would put v2 back.
      await expect(f.registry.connect(f.accounts[7]).setRecordsWithSignature(stale.node, stale.records, stale.nonce, stale.deadline, stale.signer, stale.signature))
        .to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidNonce")
        .withArgs(node, stale.nonce + 1n, stale.nonce);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal("data:application/json,{\"v\":3}");
    });

    it("invalidateNonce cancels outstanding signed updates without touching a record; a transfer cancels the seller's", async () => {
      const [owner, buyer] = [f.accounts[2], f.accounts[3]];
      const ownerAddress = await owner.getAddress();
      const node = nodeOf("carol");
      await (await f.registrar.connect(owner).register("carol", ownerAddress, encodeRecords(node, { texts: { k: "kept" } }))).wait();
      const registry = await f.registry.getAddress();
      const deadline = BigInt((await latest(f)) + 3600);
      const update = (nonce: bigint) => signRecordsUpdate(owner, registry, L2_CHAIN_ID, { node, records: encodeRecords(node, { texts: { k: "signed" } }), nonce, deadline });
      const relay = (u: Awaited<ReturnType<typeof update>>) => f.registry.connect(f.accounts[7]).setRecordsWithSignature(u.node, u.records, u.nonce, u.deadline, u.signer, u.signature);

      const first = await update(0n);
      await expect(f.registry.connect(f.accounts[5]).invalidateNonce(node)).to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized");
      await expect(f.registry.connect(owner).invalidateNonce(node)).to.emit(f.registry, "NonceConsumed").withArgs(node, 0n);
      await expect(relay(first)).to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidNonce").withArgs(node, 1n, 0n);
      expect(await f.registry.text(node, "k")).to.equal("kept");

      // Signed while owning, relayed after selling and buying back: refused.
      const second = await update(1n);
      await (await f.registry.connect(owner).transferFrom(ownerAddress, await buyer.getAddress(), node)).wait();
      await (await f.registry.connect(buyer).transferFrom(await buyer.getAddress(), ownerAddress, node)).wait();
      await expect(relay(second)).to.be.revertedWithCustomError(f.registry, "Dm3RegistryInvalidNonce").withArgs(node, 3n, 1n);
      await (await relay(await update(3n))).wait();
      expect(await f.registry.text(node, "k")).to.equal("signed");
    });
  });

  describe("finding 8: multicall answers", () => {
    it("multicall returns each call's answer as ENS's PublicResolver multicall does (reads their values, setters empty)", async () => {
      const owner = f.accounts[2];
      const ownerAddress = await owner.getAddress();
      const node = nodeOf("carol");
      await (await f.registrar.connect(owner).register("carol", ownerAddress, encodeRecords(node, { addr: ownerAddress }))).wait();
      const batch = (n: string) => [
        ...encodeRecords(n, { texts: { k: "v" } }),
        reads.encodeFunctionData("text", [n, "k"]),
        reads.encodeFunctionData("addr", [n]),
        reads.encodeFunctionData("contenthash", [n]),
      ];
      const ours = await f.registry.connect(owner).multicall.staticCall(batch(node));

      // The genuine ENS PublicResolver, same records and the same batch, on L1.
      const ens = await ensFixture();
      const ensOwner = ens.accounts[2];
      await registerName(ens, "carol.eth", ensOwner); // sets addr = the owner, as ours
      const resolver = PublicResolver__factory.connect(ens.ens.resolver, ensOwner);
      const theirs = await resolver.multicall.staticCall(batch(namehash("carol.eth")));

      expect(ours).to.deep.equal(["0x", abi.encode(["string"], ["v"]), abi.encode(["address"], [ownerAddress]), abi.encode(["bytes"], ["0x"])]);
      expect(theirs).to.deep.equal(["0x", abi.encode(["string"], ["v"]), abi.encode(["address"], [await ensOwner.getAddress()]), abi.encode(["bytes"], ["0x"])]);
      // A read needs no right to the name; a setter does.
      const stranger = f.registry.connect(f.accounts[5]);
      expect(await stranger.multicall.staticCall([reads.encodeFunctionData("addr", [node])])).to.deep.equal([abi.encode(["address"], [ownerAddress])]);
      await expect(stranger.multicall(encodeRecords(node, { texts: { k: "x" } }))).to.be.revertedWithCustomError(f.registry, "Dm3RegistryUnauthorized");
    });
  });
});
