import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash, id, namehash, type Signer } from "ethers";
import { Dm3BillboardAnchor__factory, ENSRegistry__factory } from "../../typechain-types";
import { buildBatch, getMessageProof, getMessagesMultiProof, type BillboardBatch } from "../../src/billboard";
import { expectGasBelow, measureTx, recordGas } from "../helpers/gas";
import { BILLBOARD, OTHER_BILLBOARD, T0, billboardFixture, signedMessages, type BillboardFixture } from "./fixtures";

const NODE = namehash(BILLBOARD);
const OTHER_NODE = namehash(OTHER_BILLBOARD);

async function anchorAs(f: BillboardFixture, who: Signer, batch: BillboardBatch, uri = "") {
  return f.anchor.connect(who).anchor(batch.node, batch.root, batch.messageCount, batch.firstTimestamp, batch.lastTimestamp, uri);
}

/** What the contract answers about a billboard and a root, to show that a refused call changed nothing. */
async function state(f: BillboardFixture, root: string) {
  return {
    count: await f.anchor.batchCount(NODE),
    otherCount: await f.anchor.batchCount(OTHER_NODE),
    anchored: await f.anchor.isAnchored(NODE, root),
    mediators: [...(await f.anchor.mediators(NODE))],
  };
}

describe("Dm3BillboardAnchor", () => {
  /** Two batches of billboard.dm3.eth and one of other.dm3.eth, built but not anchored. */
  async function batchesFixture() {
    const f = await loadFixture(billboardFixture);
    return {
      f,
      first: buildBatch(BILLBOARD, signedMessages([f.alice, f.bob], BILLBOARD, 8)),
      second: buildBatch(BILLBOARD, signedMessages([f.alice, f.bob], BILLBOARD, 5, T0 + 1000)),
      other: buildBatch(OTHER_BILLBOARD, signedMessages([f.alice], OTHER_BILLBOARD, 3)),
    };
  }

  describe("anchor", () => {
    it("lets the ENS owner anchor batches with sequence numbers 0, 1, ..., block time and BatchAnchored", async () => {
      const { f, first, second } = await batchesFixture();
      const owner = await f.owner.getAddress();
      const r0 = await measureTx("Billboard.anchor (first batch of a billboard)", anchorAs(f, f.owner, first, "https://billboard.example/batches/0"));
      const t0 = (await f.provider.getBlock(r0.blockNumber))!.timestamp;
      await expect(r0.hash).to.emit(f.anchor, "BatchAnchored").withArgs(NODE, 0, first.root, owner, "https://billboard.example/batches/0");
      const r1 = await measureTx("Billboard.anchor (owner, later batch)", anchorAs(f, f.owner, second));
      await expect(r1.hash).to.emit(f.anchor, "BatchAnchored").withArgs(NODE, 1, second.root, owner, "");

      expect(await f.anchor.batchCount(NODE)).to.equal(2);
      const b0 = await f.anchor.batchByRoot(first.root);
      expect(b0.billboard).to.equal(NODE);
      expect(b0.sequence).to.equal(0);
      expect(b0.root).to.equal(first.root);
      expect(b0.messageCount).to.equal(8);
      expect(b0.firstTimestamp).to.equal(T0);
      expect(b0.lastTimestamp).to.equal(T0 + 7);
      expect(b0.anchoredAt).to.equal(t0);
      expect((await f.anchor.batchByRoot(second.root)).sequence).to.equal(1);
      expect(await f.anchor.isAnchored(NODE, first.root)).to.equal(true);
      expect(await f.anchor.isAnchored(OTHER_NODE, first.root)).to.equal(false);
    });

    it("returns the sequence number and numbers each billboard on its own", async () => {
      const { f, first, second, other } = await batchesFixture();
      expect(await f.anchor.anchor.staticCall(NODE, first.root, 1, T0, T0, "")).to.equal(0);
      await (await anchorAs(f, f.owner, first)).wait();
      await (await anchorAs(f, f.otherOwner, other)).wait();
      expect(await f.anchor.anchor.staticCall(NODE, second.root, 1, T0, T0, "")).to.equal(1);
      expect(await f.anchor.batchCount(NODE)).to.equal(1);
      expect(await f.anchor.batchCount(OTHER_NODE)).to.equal(1);
      expect((await f.anchor.batchByRoot(other.root)).billboard).to.equal(OTHER_NODE);
      expect((await f.anchor.batchByRoot(other.root)).sequence).to.equal(0);
    });

    it("refuses an account that neither owns the name nor mediates for its owner", async () => {
      const { f, first } = await batchesFixture();
      const stranger = await f.stranger.getAddress();
      const before = await state(f, first.root);
      await expect(anchorAs(f, f.stranger, first)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized").withArgs(NODE, stranger);
      // the owner of another billboard has no rights here either
      await expect(anchorAs(f, f.otherOwner, first)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized");
      expect(await state(f, first.root)).to.deep.equal(before);
    });

    it("refuses a name nobody owns", async () => {
      const { f, first } = await batchesFixture();
      const nobody = namehash("nobody.dm3.eth");
      await expect(f.anchor.anchor(nobody, first.root, 1, T0, T0, "")).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized");
      expect(await f.anchor.canAnchor(nobody, await f.owner.getAddress())).to.equal(false);
      expect(await f.anchor.canAnchor(nobody, ZeroAddress)).to.equal(false);
    });

    it("refuses a root anchored before, on the same or any other billboard, naming where it is", async () => {
      const { f, first } = await batchesFixture();
      await (await anchorAs(f, f.owner, first)).wait();
      const before = await state(f, first.root);
      await expect(anchorAs(f, f.owner, first))
        .to.be.revertedWithCustomError(f.anchor, "Dm3BillboardRootAlreadyAnchored")
        .withArgs(first.root, NODE, 0);
      await expect(f.anchor.connect(f.otherOwner).anchor(OTHER_NODE, first.root, 8, T0, T0 + 7, ""))
        .to.be.revertedWithCustomError(f.anchor, "Dm3BillboardRootAlreadyAnchored")
        .withArgs(first.root, NODE, 0);
      expect(await state(f, first.root)).to.deep.equal(before);
    });

    it("refuses bad input: zero root, no messages, timestamps out of order", async () => {
      const { f, first } = await batchesFixture();
      const before = await state(f, first.root);
      await expect(f.anchor.anchor(NODE, ZeroHash, 1, T0, T0, "")).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardZeroRoot");
      await expect(f.anchor.anchor(NODE, first.root, 0, T0, T0, "")).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardEmptyBatch");
      await expect(f.anchor.anchor(NODE, first.root, 1, T0 + 1, T0, ""))
        .to.be.revertedWithCustomError(f.anchor, "Dm3BillboardTimestampOrder")
        .withArgs(T0 + 1, T0);
      expect(await state(f, first.root)).to.deep.equal(before);
    });

    it("anchoring costs the same whatever the batch size (one storage slot per batch)", async () => {
      const { f } = await batchesFixture();
      await (await anchorAs(f, f.owner, buildBatch(BILLBOARD, signedMessages([f.alice], BILLBOARD, 1, T0 - 10)))).wait();
      const gas: bigint[] = [];
      for (const [i, n] of [1, 50, 500].entries()) {
        const batch = buildBatch(BILLBOARD, signedMessages([f.alice, f.bob], BILLBOARD, n, T0 + i * 10_000));
        gas.push((await (await anchorAs(f, f.owner, batch)).wait())!.gasUsed);
      }
      // only calldata differs (the message count's bytes)
      expect(Number(gas[2] - gas[0])).to.be.lessThan(100);
      expectGasBelow(gas[0], 62_000, "anchor of one message");
    });
  });

  describe("mediators", () => {
    it("the owner adds a mediator (MediatorAdded), who may then anchor; removing it (MediatorRemoved) ends that", async () => {
      const { f, first, second } = await batchesFixture();
      const [owner, mediator] = [await f.owner.getAddress(), await f.mediator.getAddress()];
      expect(await f.anchor.canAnchor(NODE, mediator)).to.equal(false);
      const added = await measureTx("Billboard.addMediator", f.anchor.addMediator(NODE, mediator));
      await expect(added.hash).to.emit(f.anchor, "MediatorAdded").withArgs(NODE, owner, mediator);
      expect(await f.anchor.isMediator(NODE, mediator)).to.equal(true);
      expect(await f.anchor.mediators(NODE)).to.deep.equal([mediator]);
      expect(await f.anchor.canAnchor(NODE, mediator)).to.equal(true);
      expect(await f.anchor.canAnchor(OTHER_NODE, mediator)).to.equal(false);

      await (await anchorAs(f, f.owner, first)).wait();
      const r = await measureTx("Billboard.anchor (mediator, later batch)", anchorAs(f, f.mediator, second));
      await expect(r.hash).to.emit(f.anchor, "BatchAnchored").withArgs(NODE, 1, second.root, mediator, "");
      // a mediator of billboard.dm3.eth has no rights on other.dm3.eth
      await expect(f.anchor.connect(f.mediator).anchor(OTHER_NODE, id("other root"), 1, T0, T0, "")).to.be.revertedWithCustomError(
        f.anchor,
        "Dm3BillboardUnauthorized",
      );

      const removed = await measureTx("Billboard.removeMediator", f.anchor.removeMediator(NODE, mediator));
      await expect(removed.hash).to.emit(f.anchor, "MediatorRemoved").withArgs(NODE, owner, mediator);
      expect(await f.anchor.isMediator(NODE, mediator)).to.equal(false);
      expect(await f.anchor.mediators(NODE)).to.deep.equal([]);
      const third = buildBatch(BILLBOARD, signedMessages([f.bob], BILLBOARD, 2, T0 + 5000));
      await expect(anchorAs(f, f.mediator, third)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized").withArgs(NODE, mediator);
      expect(await f.anchor.batchCount(NODE)).to.equal(2);
    });

    it("only the owner manages mediators; duplicates, missing ones and the zero address are refused", async () => {
      const { f, first } = await batchesFixture();
      const [mediator, stranger] = [await f.mediator.getAddress(), await f.stranger.getAddress()];
      await expect(f.anchor.connect(f.stranger).addMediator(NODE, stranger)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized").withArgs(NODE, stranger);
      await (await f.anchor.addMediator(NODE, mediator)).wait();
      // a mediator cannot appoint or remove mediators
      await expect(f.anchor.connect(f.mediator).addMediator(NODE, stranger)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized");
      await expect(f.anchor.connect(f.mediator).removeMediator(NODE, mediator)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized");
      await expect(f.anchor.addMediator(NODE, mediator)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardMediatorExists").withArgs(NODE, mediator);
      await expect(f.anchor.removeMediator(NODE, stranger)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardMediatorMissing").withArgs(NODE, stranger);
      await expect(f.anchor.addMediator(NODE, ZeroAddress)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardZeroAddress");
      expect(await state(f, first.root)).to.deep.include({ mediators: [mediator] });
    });

    it("approvals belong to the owner who gave them: they lapse when the name changes hands and return with it", async () => {
      const { f, first, second } = await batchesFixture();
      const mediator = await f.mediator.getAddress();
      await (await f.anchor.addMediator(NODE, mediator)).wait();
      const registry = ENSRegistry__factory.connect(f.ens.registry, f.owner);
      const newOwner = f.accounts[8];
      await (await registry.setOwner(NODE, await newOwner.getAddress())).wait();

      expect(await f.anchor.isMediator(NODE, mediator)).to.equal(false);
      expect(await f.anchor.mediators(NODE)).to.deep.equal([]);
      await expect(anchorAs(f, f.mediator, first)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized");
      // the former owner lost its rights too, the new one has them
      await expect(anchorAs(f, f.owner, first)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnauthorized");
      await (await anchorAs(f, newOwner, first)).wait();

      await (await registry.connect(newOwner).setOwner(NODE, await f.owner.getAddress())).wait();
      expect(await f.anchor.isMediator(NODE, mediator)).to.equal(true);
      await (await anchorAs(f, f.mediator, second)).wait();
      expect(await f.anchor.batchCount(NODE)).to.equal(2);
    });
  });

  describe("inclusion", () => {
    async function anchoredFixture() {
      const b = await batchesFixture();
      await (await anchorAs(b.f, b.f.owner, b.first)).wait();
      await (await anchorAs(b.f, b.f.owner, b.second)).wait();
      await (await anchorAs(b.f, b.f.otherOwner, b.other)).wait();
      return b;
    }

    it("computes StandardMerkleTree's leaf hash", async () => {
      const { f, first } = await anchoredFixture();
      for (let i = 0; i < first.messageCount; i++) {
        expect(await f.anchor.leafHash(first.leaves[i])).to.equal(first.tree.leafHash([first.leaves[i].messageHash, first.leaves[i].sender, first.leaves[i].timestamp]));
      }
    });

    it("verifies every message of an anchored batch, one by one", async () => {
      const { f, first } = await anchoredFixture();
      for (const message of first.messages) {
        const p = getMessageProof(first, first.leaves[first.messages.indexOf(message)].messageHash);
        expect(await f.anchor.verifyMessage(p.node, p.root, p.leaf, p.proof)).to.equal(true);
      }
      const p = getMessageProof(first, first.leaves[3].messageHash);
      recordGas("Billboard.verifyMessage (eth_estimateGas, 8 messages, depth 3)", await f.anchor.verifyMessage.estimateGas(p.node, p.root, p.leaf, p.proof));
    });

    it("rejects a message that is not in the batch (non-inclusion)", async () => {
      const { f, first, second } = await anchoredFixture();
      // a real leaf of the second batch, with a proof from the first
      const p = getMessageProof(first, first.leaves[0].messageHash);
      expect(await f.anchor.verifyMessage(NODE, first.root, second.leaves[0], p.proof)).to.equal(false);
      // a leaf nobody posted
      const forged = { ...first.leaves[0], messageHash: id("never posted") };
      expect(await f.anchor.verifyMessage(NODE, first.root, forged, p.proof)).to.equal(false);
    });

    it("rejects a tampered proof or leaf", async () => {
      const { f, first } = await anchoredFixture();
      const p = getMessageProof(first, first.leaves[2].messageHash);
      const flipped = [...p.proof];
      flipped[1] = "0x" + (BigInt(flipped[1]) ^ 1n).toString(16).padStart(64, "0");
      expect(await f.anchor.verifyMessage(NODE, p.root, p.leaf, flipped)).to.equal(false);
      expect(await f.anchor.verifyMessage(NODE, p.root, p.leaf, p.proof.slice(1))).to.equal(false);
      expect(await f.anchor.verifyMessage(NODE, p.root, p.leaf, [...p.proof].reverse())).to.equal(false);
      expect(await f.anchor.verifyMessage(NODE, p.root, { ...p.leaf, timestamp: p.leaf.timestamp + 1 }, p.proof)).to.equal(false);
      expect(await f.anchor.verifyMessage(NODE, p.root, { ...p.leaf, sender: namehash("mallory.eth") }, p.proof)).to.equal(false);
    });

    it("rejects a valid proof against the wrong billboard, the wrong batch or a root never anchored", async () => {
      const { f, first, second, other } = await anchoredFixture();
      const p = getMessageProof(first, first.leaves[1].messageHash);
      expect(await f.anchor.verifyMessage(OTHER_NODE, p.root, p.leaf, p.proof)).to.equal(false);
      expect(await f.anchor.verifyMessage(NODE, second.root, p.leaf, p.proof)).to.equal(false);
      expect(await f.anchor.verifyMessage(NODE, other.root, p.leaf, p.proof)).to.equal(false);
      // the same tree, built but never anchored for this billboard
      const unanchored = buildBatch(BILLBOARD, signedMessages([f.alice], BILLBOARD, 2, T0 + 99_000));
      const q = getMessageProof(unanchored, unanchored.leaves[0].messageHash);
      expect(await f.anchor.verifyMessage(NODE, q.root, q.leaf, q.proof)).to.equal(false);
      await expect(f.anchor.batchByRoot(q.root)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardUnknownRoot").withArgs(q.root);
    });

    it("verifies several messages with one multi-proof, and rejects it tampered or against the wrong batch", async () => {
      const { f, first, second } = await anchoredFixture();
      const ids = [first.leaves[0], first.leaves[3], first.leaves[6]].map((l) => l.messageHash);
      const mp = getMessagesMultiProof(first, ids);
      expect(await f.anchor.verifyMessages(NODE, mp.root, mp.leaves, mp.proof, mp.proofFlags)).to.equal(true);
      recordGas(
        "Billboard.verifyMessages (eth_estimateGas, 3 of 8 messages)",
        await f.anchor.verifyMessages.estimateGas(NODE, mp.root, mp.leaves, mp.proof, mp.proofFlags),
      );
      expect(await f.anchor.verifyMessages(OTHER_NODE, mp.root, mp.leaves, mp.proof, mp.proofFlags)).to.equal(false);
      expect(await f.anchor.verifyMessages(NODE, second.root, mp.leaves, mp.proof, mp.proofFlags)).to.equal(false);
      const swapped = [...mp.leaves];
      swapped[0] = second.leaves[0];
      expect(await f.anchor.verifyMessages(NODE, mp.root, swapped, mp.proof, mp.proofFlags)).to.equal(false);
      const tampered = [...mp.proof];
      tampered[0] = id("tampered");
      expect(await f.anchor.verifyMessages(NODE, mp.root, mp.leaves, tampered, mp.proofFlags)).to.equal(false);
      // all leaves of the batch: no proof hashes at all
      const all = getMessagesMultiProof(first, first.leaves.map((l) => l.messageHash));
      expect(all.proof).to.deep.equal([]);
      expect(await f.anchor.verifyMessages(NODE, all.root, all.leaves, all.proof, all.proofFlags)).to.equal(true);
    });

    it("refuses an empty or malformed multi-proof with its own errors", async () => {
      const { f, first } = await anchoredFixture();
      const mp = getMessagesMultiProof(first, [first.leaves[0].messageHash, first.leaves[5].messageHash]);
      // OpenZeppelin would accept "no leaves, proof = [root]": refused here
      await expect(f.anchor.verifyMessages(NODE, first.root, [], [first.root], [])).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardNoLeaves");
      await expect(f.anchor.verifyMessages(NODE, mp.root, mp.leaves, mp.proof, [...mp.proofFlags, true]))
        .to.be.revertedWithCustomError(f.anchor, "Dm3BillboardMalformedMultiproof")
        .withArgs(2, mp.proof.length, mp.proofFlags.length + 1);
      await expect(f.anchor.verifyMessages(NODE, mp.root, mp.leaves, [...mp.proof, ZeroHash], [...mp.proofFlags, true])).to.be.revertedWithCustomError(
        f.anchor,
        "Dm3BillboardMalformedMultiproof",
      );
      const flipped = mp.proofFlags.map((flag, i) => (i === 0 ? !flag : flag));
      await expect(f.anchor.verifyMessages(NODE, mp.root, mp.leaves, mp.proof, flipped)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardMalformedMultiproof");
    });

    it("a batch stays provable after later batches and any time later", async () => {
      const { f, first } = await anchoredFixture();
      await time.increase(365 * 24 * 3600);
      const p = getMessageProof(first, first.leaves[7].messageHash);
      expect(await f.anchor.verifyMessage(NODE, p.root, p.leaf, p.proof)).to.equal(true);
    });
  });

  it("refuses a zero ENS registry at construction and names the one it reads", async () => {
    const f = await loadFixture(billboardFixture);
    const factory = new Dm3BillboardAnchor__factory(f.ctx.deployer);
    await expect(factory.deploy(ZeroAddress)).to.be.revertedWithCustomError(f.anchor, "Dm3BillboardZeroAddress");
    expect(await f.anchor.ens()).to.equal(f.ens.registry);
  });
});
