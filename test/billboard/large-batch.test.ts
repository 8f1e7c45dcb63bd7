import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anchorBatch, buildBatch, checkMessageInclusion, getMessageProof, getMessagesMultiProof, verifyMessagesOnChain } from "../../src/billboard";
import { expectGasBelow, recordGas } from "../helpers/gas";
import { BILLBOARD, billboardFixture, signedMessages } from "./fixtures";

const SIZE = 10_000;

describe("billboard: a batch of 10,000 messages", function () {
  this.timeout(120_000);

  it("anchors in one transaction at the cost of a small batch, and a sample of its proofs verifies on-chain", async () => {
    const f = await loadFixture(billboardFixture);
    let started = Date.now();
    const messages = signedMessages([f.alice, f.bob], BILLBOARD, SIZE);
    const signMs = Date.now() - started;
    started = Date.now();
    const batch = buildBatch(BILLBOARD, messages);
    const buildMs = Date.now() - started;
    console.log(`      (signed ${SIZE} messages in ${signMs} ms, built the tree in ${buildMs} ms)`);
    expect(batch.messageCount).to.equal(SIZE);

    await anchorBatch(f.owner, f.anchorAddress, buildBatch(BILLBOARD, messages.slice(0, 1)));
    const result = await anchorBatch(f.owner, f.anchorAddress, batch);
    recordGas("Billboard.anchor (owner, 10,000 messages)", result.gasUsed);
    expect(result).to.include({ sequence: 1, messageCount: SIZE, firstTimestamp: messages[0].metadata.timestamp, lastTimestamp: messages[SIZE - 1].metadata.timestamp });
    expectGasBelow(result.gasUsed, 62_000, "anchor of 10,000 messages");

    // 25 messages spread over the batch, each with its own proof (depth 13 or 14)
    for (let k = 0; k < 25; k++) {
      const message = batch.messages[Math.floor((k * (SIZE - 1)) / 24)];
      const proof = getMessageProof(batch, batch.leaves[batch.messages.indexOf(message)].messageHash);
      expect(proof.proof.length).to.be.within(13, 14);
      const verdict = await checkMessageInclusion(f.provider, f.anchorAddress, proof, message);
      expect(verdict.included, `message ${k}`).to.equal(true);
    }
    const deep = getMessageProof(batch, batch.leaves[0].messageHash);
    recordGas(
      `Billboard.verifyMessage (eth_estimateGas, 10,000 messages, depth ${deep.proof.length})`,
      await f.anchor.verifyMessage.estimateGas(deep.node, deep.root, deep.leaf, deep.proof),
    );

    // one multi-proof for 10 of them
    const ids = Array.from({ length: 10 }, (_, k) => batch.leaves[k * 997].messageHash);
    const mp = getMessagesMultiProof(batch, ids);
    expect(await verifyMessagesOnChain(f.provider, f.anchorAddress, mp)).to.equal(true);
    // and a message from outside the batch does not verify with any of these proofs
    const outsider = buildBatch(BILLBOARD, signedMessages([f.alice], BILLBOARD, 1, 1));
    expect(await f.anchor.verifyMessage(deep.node, deep.root, outsider.leaves[0], deep.proof)).to.equal(false);
  });
});
