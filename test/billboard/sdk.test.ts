import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, id, namehash } from "ethers";
import {
  BILLBOARD_LEAF_ENCODING,
  BillboardAnchorRejectedError,
  BillboardBatchFileError,
  BillboardBatchInvalidError,
  BillboardMessageInvalidError,
  BillboardMessageNotInBatchError,
  BillboardProofInvalidError,
  BillboardWrongRecipientError,
  addMediator,
  anchorBatch,
  batchFromFile,
  billboardLeaf,
  billboardLeafHash,
  billboardMessageId,
  buildBatch,
  checkMessageInclusion,
  checkMessagesInclusion,
  getMessageProof,
  getMessagesMultiProof,
  parseBillboardMessage,
  readBatch,
  readBatchByRoot,
  readBatchCount,
  readMediators,
  removeMediator,
  verifyMessageProof,
  verifyMessagesMultiProof,
  type BillboardMessage,
} from "../../src/billboard";
import { NameNotNormalizedError } from "../../src/names";
import { refShared } from "../fixtures/reference";
import { expectRejection } from "../helpers/expect";
import { expectGasBelow } from "../helpers/gas";
import { BILLBOARD, OTHER_BILLBOARD, T0, billboardFixture, signedMessage, signedMessages, type Poster } from "./fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const refCrypto = require("@dm3-org/dm3-lib-crypto") as { checkSignature(publicKey: string, payload: string, signature: string): Promise<boolean> };

/** A poster with a fixed key (no chain needed), for the pure tests. */
const CAROL: Poster = { name: "carol.eth", publicSigningKey: "", seed: new Uint8Array(32).fill(3) };

function expectThrow(fn: () => unknown, type: new (...args: never[]) => Error, message?: RegExp): Error {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(type);
    if (message) expect((e as Error).message).to.match(message);
    return e as Error;
  }
  expect.fail(`expected ${type.name}`);
}

describe("billboard SDK", () => {
  describe("leaf", () => {
    it("the message id is dm3's message hash, as the reference computes it (sha256 of stringify)", () => {
      const message = signedMessage(CAROL, BILLBOARD, "gm ☀️", T0);
      expect(billboardMessageId(message)).to.equal(refShared.sha256(refShared.stringify(message)));
      // key order of the input does not matter (canonical JSON)
      const reordered = { signature: message.signature, metadata: { type: "NEW", timestamp: T0, from: "carol.eth", to: BILLBOARD }, message: "gm ☀️" };
      expect(billboardMessageId(reordered)).to.equal(billboardMessageId(message));
    });

    it("fixture messages are genuine dm3 messages: the reference library accepts their signatures", async () => {
      const f = await loadFixture(billboardFixture);
      const message = signedMessage(f.alice, BILLBOARD, "hello board", T0);
      const { signature, ...unsigned } = message;
      expect(await refCrypto.checkSignature(f.alice.publicSigningKey, refShared.stringify(unsigned), signature)).to.equal(true);
      expect(await refCrypto.checkSignature(f.bob.publicSigningKey, refShared.stringify(unsigned), signature)).to.equal(false);
    });

    it("commits to the message hash, the sender's namehash (normalized) and the timestamp; the hash is StandardMerkleTree's", () => {
      const message = signedMessage(CAROL, BILLBOARD, "x", T0 + 5);
      const leaf = billboardLeaf(message);
      expect(leaf).to.deep.equal({ messageHash: billboardMessageId(message), sender: namehash("carol.eth"), timestamp: T0 + 5 });
      const tree = StandardMerkleTree.of([[leaf.messageHash, leaf.sender, leaf.timestamp]], [...BILLBOARD_LEAF_ENCODING]);
      expect(billboardLeafHash(leaf)).to.equal(tree.leafHash([leaf.messageHash, leaf.sender, leaf.timestamp]));
      expect(tree.root).to.equal(billboardLeafHash(leaf));
      // an address user's checksummed name hashes as its normalized form
      const address = getAddress("0x" + "ab".repeat(20));
      const fromAddress = { ...message, metadata: { ...message.metadata, from: `${address}.addr.dm3.eth` } };
      expect(billboardLeaf(fromAddress).sender).to.equal(namehash(`${address.toLowerCase()}.addr.dm3.eth`));
    });

    it("refuses values that are not dm3 messages, saying which field and which message", () => {
      const good = signedMessage(CAROL, BILLBOARD, "x", T0);
      const cases: Array<[unknown, RegExp]> = [
        [null, /not a JSON object/],
        [[good], /not a JSON object/],
        [{ ...good, metadata: undefined }, /metadata is missing/],
        [{ ...good, metadata: { ...good.metadata, to: "" } }, /metadata.to/],
        [{ ...good, metadata: { ...good.metadata, from: 7 } }, /metadata.from/],
        [{ ...good, metadata: { ...good.metadata, type: undefined } }, /metadata.type/],
        [{ ...good, metadata: { ...good.metadata, timestamp: "1" } }, /timestamp/],
        [{ ...good, metadata: { ...good.metadata, timestamp: 1.5 } }, /timestamp/],
        [{ ...good, metadata: { ...good.metadata, timestamp: -1 } }, /timestamp/],
        [{ ...good, metadata: { ...good.metadata, timestamp: 2 ** 48 } }, /timestamp/],
        [{ ...good, metadata: { ...good.metadata, referenceMessageHash: 1 } }, /referenceMessageHash/],
        [{ ...good, signature: undefined }, /signature/],
        [{ ...good, message: 42 }, /message is not a string/],
        [{ ...good, attachments: "a" }, /attachments/],
      ];
      for (const [value, message] of cases) {
        const e = expectThrow(() => parseBillboardMessage(value, 4), BillboardMessageInvalidError, message) as BillboardMessageInvalidError;
        expect(e.index).to.equal(4);
        expect(e.code).to.equal("BILLBOARD_MESSAGE_INVALID");
        expect(e.message).to.match(/^message #4/);
      }
      expectThrow(() => billboardLeaf({ ...good, metadata: { ...good.metadata, from: "bad..name" } }), BillboardMessageInvalidError, /metadata.from is not a valid ENS name/);
    });
  });

  describe("batches", () => {
    const messages = signedMessages([CAROL], BILLBOARD, 9);

    it("builds the same tree whatever the input order, ordered by time then id", () => {
      const batch = buildBatch(BILLBOARD, messages);
      const shuffled = buildBatch(BILLBOARD, [...messages].reverse());
      expect(shuffled.root).to.equal(batch.root);
      expect(batch).to.deep.include({ billboard: BILLBOARD, node: namehash(BILLBOARD), messageCount: 9, firstTimestamp: T0, lastTimestamp: T0 + 8 });
      expect(batch.messages.map((m) => m.metadata.timestamp)).to.deep.equal(messages.map((m) => m.metadata.timestamp));
      expect(batch.tree.length).to.equal(9);
      // same timestamp: ordered by id
      const tie = [signedMessage(CAROL, BILLBOARD, "a", T0), signedMessage(CAROL, BILLBOARD, "b", T0)];
      const ids = tie.map(billboardMessageId).sort();
      expect(buildBatch(BILLBOARD, tie).leaves.map((l) => l.messageHash)).to.deep.equal(ids);
    });

    it("accepts a recipient typed in another case, refuses messages to another name", () => {
      const loud = signedMessage(CAROL, "BillBoard.dm3.eth", "hi", T0);
      expect(buildBatch(BILLBOARD, [loud]).messageCount).to.equal(1);
      const elsewhere = signedMessage(CAROL, OTHER_BILLBOARD, "hi", T0);
      const e = expectThrow(() => buildBatch(BILLBOARD, [...messages, elsewhere]), BillboardWrongRecipientError) as BillboardWrongRecipientError;
      expect(e).to.include({ billboard: BILLBOARD, recipient: OTHER_BILLBOARD, messageId: billboardMessageId(elsewhere), code: "BILLBOARD_WRONG_RECIPIENT" });
    });

    it("refuses no messages, a message given twice, an unnormalized billboard name, and a malformed message", () => {
      expectThrow(() => buildBatch(BILLBOARD, []), BillboardBatchInvalidError, /no messages/);
      expectThrow(() => buildBatch(BILLBOARD, [...messages, messages[3]]), BillboardBatchInvalidError, /given twice/);
      expectThrow(() => buildBatch("Billboard.dm3.eth", messages), NameNotNormalizedError);
      expectThrow(() => buildBatch(BILLBOARD, [messages[0], { metadata: {} }]), BillboardMessageInvalidError, /message #1/);
    });

    it("reads batch files: an array of messages or {billboard, messages}; the billboard comes from the argument, the file or the recipients", () => {
      const root = buildBatch(BILLBOARD, messages).root;
      expect(batchFromFile(JSON.stringify(messages)).root).to.equal(root);
      expect(batchFromFile(JSON.stringify({ billboard: BILLBOARD, messages })).root).to.equal(root);
      expect(batchFromFile(JSON.stringify(messages), BILLBOARD).billboard).to.equal(BILLBOARD);
      expectThrow(() => batchFromFile("{not json"), BillboardBatchFileError, /not JSON/);
      expectThrow(() => batchFromFile('{"messages": 3}'), BillboardBatchFileError, /array of messages/);
      expectThrow(() => batchFromFile('"text"'), BillboardBatchFileError, /array of messages/);
      expectThrow(() => batchFromFile(JSON.stringify({ billboard: 5, messages })), BillboardBatchFileError, /"billboard" is not a string/);
      expectThrow(() => batchFromFile("[]"), BillboardBatchFileError, /no messages and no billboard/);
      const mixed = [...messages, signedMessage(CAROL, OTHER_BILLBOARD, "x", T0)];
      expectThrow(() => batchFromFile(JSON.stringify(mixed)), BillboardBatchFileError, /2 different names/);
      expectThrow(() => batchFromFile(JSON.stringify(mixed), BILLBOARD), BillboardWrongRecipientError);
    });
  });

  describe("proofs off-chain", () => {
    const messages = signedMessages([CAROL], BILLBOARD, 13);
    const batch = buildBatch(BILLBOARD, messages);

    it("proves each message, survives a JSON round trip, and checks the message it is given", () => {
      for (const message of messages) {
        const proof = getMessageProof(batch, billboardMessageId(message));
        const copy = JSON.parse(JSON.stringify(proof));
        expect(verifyMessageProof(copy)).to.equal(true);
        expect(verifyMessageProof(copy, message)).to.equal(true);
      }
      const proof = getMessageProof(batch, billboardMessageId(messages[0]).toUpperCase().replace("0X", "0x"));
      expect(verifyMessageProof(proof, messages[1])).to.equal(false);
      // the same message on another billboard is not this billboard's message
      expect(verifyMessageProof({ ...proof, billboard: OTHER_BILLBOARD }, messages[0])).to.equal(false);
    });

    it("rejects tampered proofs and leaves, and refuses malformed proof objects", () => {
      const proof = getMessageProof(batch, batch.leaves[5].messageHash);
      expect(verifyMessageProof({ ...proof, proof: [id("x"), ...proof.proof.slice(1)] })).to.equal(false);
      expect(verifyMessageProof({ ...proof, leaf: { ...proof.leaf, timestamp: proof.leaf.timestamp + 1 } })).to.equal(false);
      expect(verifyMessageProof({ ...proof, root: id("other root") })).to.equal(false);
      expectThrow(() => verifyMessageProof({ ...proof, proof: ["0x12"] }), BillboardProofInvalidError, /proof must be/);
      expectThrow(() => verifyMessageProof({ ...proof, root: "root" }), BillboardProofInvalidError, /root/);
      expectThrow(() => verifyMessageProof({ ...proof, leaf: null as never }), BillboardProofInvalidError, /leaf/);
      expectThrow(() => verifyMessageProof({ ...proof, leaf: { ...proof.leaf, timestamp: -2 } }), BillboardProofInvalidError, /timestamp/);
      expectThrow(() => getMessageProof(batch, id("absent")), BillboardMessageNotInBatchError);
    });

    it("multi-proofs: verify, check the messages given, refuse empty, repeated or malformed input", () => {
      const chosen = [messages[1], messages[4], messages[12]];
      const mp = getMessagesMultiProof(batch, chosen.map(billboardMessageId));
      expect(verifyMessagesMultiProof(JSON.parse(JSON.stringify(mp)), chosen)).to.equal(true);
      expect(verifyMessagesMultiProof(mp, [messages[2]])).to.equal(false);
      expect(verifyMessagesMultiProof({ ...mp, proof: mp.proof.map(() => id("y")) })).to.equal(false);
      expectThrow(() => getMessagesMultiProof(batch, []), BillboardBatchInvalidError, /at least one/);
      const one = billboardMessageId(messages[1]);
      expectThrow(() => getMessagesMultiProof(batch, [one, one.toUpperCase().replace("0X", "0x")]), BillboardBatchInvalidError, /twice/);
      expectThrow(() => getMessagesMultiProof(batch, [one, id("absent")]), BillboardMessageNotInBatchError);
      expectThrow(() => verifyMessagesMultiProof({ ...mp, leaves: [] }), BillboardProofInvalidError, /no leaves|do not fit/);
      expectThrow(() => verifyMessagesMultiProof({ ...mp, proofFlags: [...mp.proofFlags, true] }), BillboardProofInvalidError, /do not fit/);
      expectThrow(() => verifyMessagesMultiProof({ ...mp, proofFlags: mp.proofFlags.map(() => 1) as never }), BillboardProofInvalidError, /booleans/);
    });

    it("property: in a batch of any size every message's proof verifies, and no proof verifies another message", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), fc.nat(), fc.uniqueArray(fc.nat({ max: 39 }), { minLength: 1, maxLength: 8 }), (n, a, b, pick) => {
          const msgs = signedMessages([CAROL], BILLBOARD, n, T0 + n * 100);
          const bb = buildBatch(BILLBOARD, msgs);
          const i = a % n;
          const j = b % n;
          const proof = getMessageProof(bb, billboardMessageId(msgs[i]));
          expect(verifyMessageProof(proof, msgs[i])).to.equal(true);
          expect(verifyMessageProof({ ...proof, leaf: billboardLeaf(msgs[j]) })).to.equal(i === j);
          const subset = [...new Set(pick.map((k) => k % n))].map((k) => msgs[k]);
          expect(verifyMessagesMultiProof(getMessagesMultiProof(bb, subset.map(billboardMessageId)), subset)).to.equal(true);
        }),
        { numRuns: 60 },
      );
    });
  });

  describe("on-chain", () => {
    async function anchoredFixture() {
      const f = await loadFixture(billboardFixture);
      const messages: BillboardMessage[] = signedMessages([f.alice, f.bob], BILLBOARD, 12);
      const batch = buildBatch(BILLBOARD, messages);
      return { f, messages, batch };
    }

    it("anchorBatch sends one transaction and returns the stored batch and its event; reads find it by root and by sequence", async () => {
      const { f, batch } = await anchoredFixture();
      const warmup = buildBatch(BILLBOARD, signedMessages([f.alice], BILLBOARD, 1, T0 - 1));
      await anchorBatch(f.owner, f.anchorAddress, warmup);
      const result = await anchorBatch(f.owner, f.anchorAddress, batch, { uri: "ipfs://bafy-batch-1" });
      expect(result).to.include({
        node: namehash(BILLBOARD),
        sequence: 1,
        root: batch.root,
        messageCount: 12,
        firstTimestamp: T0,
        lastTimestamp: T0 + 11,
        anchorer: await f.owner.getAddress(),
        uri: "ipfs://bafy-batch-1",
      });
      expect(result.anchoredAt).to.equal((await f.provider.getBlock(result.blockNumber))!.timestamp);
      expectGasBelow(result.gasUsed, 62_000, "anchorBatch");

      const { gasUsed: _g, anchorer: _a, uri: _u, txHash: _t, blockNumber: _b, ...stored } = result;
      expect(await readBatchByRoot(f.provider, f.anchorAddress, batch.root)).to.deep.equal(stored);
      expect(await readBatchByRoot(f.provider, f.anchorAddress, id("unknown"))).to.equal(null);
      expect(await readBatchCount(f.provider, f.anchorAddress, BILLBOARD)).to.equal(2);
      const bySequence = await readBatch(f.provider, f.anchorAddress, BILLBOARD, 1);
      expect(bySequence).to.deep.include({ ...stored, uri: "ipfs://bafy-batch-1", txHash: result.txHash });
      expect((await readBatch(f.provider, f.anchorAddress, BILLBOARD, 0))!.root).to.equal(warmup.root);
      expect(await readBatch(f.provider, f.anchorAddress, BILLBOARD, 2)).to.equal(null);
      expect(await readBatch(f.provider, f.anchorAddress, OTHER_BILLBOARD, 0)).to.equal(null);
    });

    it("checkMessageInclusion: included, then each way it fails (not anchored, wrong billboard, wrong message, tampered)", async () => {
      const { f, messages, batch } = await anchoredFixture();
      const proof = getMessageProof(batch, billboardMessageId(messages[4]));
      expect(await checkMessageInclusion(f.provider, f.anchorAddress, proof, messages[4])).to.deep.equal({
        proofValid: true,
        anchored: false,
        onChain: false,
        included: false,
        batch: null,
      });
      await anchorBatch(f.owner, f.anchorAddress, batch);
      const ok = await checkMessageInclusion(f.provider, f.anchorAddress, proof, messages[4]);
      expect(ok).to.deep.include({ proofValid: true, anchored: true, onChain: true, included: true });
      expect(ok.batch).to.deep.include({ root: batch.root, sequence: 0, messageCount: 12 });

      const wrongBoard = { ...proof, billboard: OTHER_BILLBOARD, node: namehash(OTHER_BILLBOARD) };
      expect(await checkMessageInclusion(f.provider, f.anchorAddress, wrongBoard)).to.deep.include({ proofValid: true, anchored: false, onChain: false, included: false });
      expect(await checkMessageInclusion(f.provider, f.anchorAddress, proof, messages[5])).to.deep.include({ proofValid: false, anchored: true, onChain: true, included: false });
      const tampered = { ...proof, proof: [...proof.proof.slice(0, -1), id("t")] };
      expect(await checkMessageInclusion(f.provider, f.anchorAddress, tampered)).to.deep.include({ proofValid: false, anchored: true, onChain: false, included: false });

      const mp = getMessagesMultiProof(batch, [messages[0], messages[7], messages[11]].map(billboardMessageId));
      expect(await checkMessagesInclusion(f.provider, f.anchorAddress, mp)).to.deep.include({ included: true });
      await expectRejection(checkMessagesInclusion(f.provider, f.anchorAddress, { ...mp, leaves: [] }), BillboardProofInvalidError);
    });

    it("anchorBatch refuses without sending a transaction: unauthorized signer, duplicate root", async () => {
      const { f, batch } = await anchoredFixture();
      const strangerAddress = await f.stranger.getAddress();
      const nonce = await f.provider.getTransactionCount(strangerAddress);
      const e = (await expectRejection(anchorBatch(f.stranger, f.anchorAddress, batch), BillboardAnchorRejectedError)) as BillboardAnchorRejectedError;
      expect(e.reason).to.equal("Dm3BillboardUnauthorized");
      expect(e.args).to.deep.equal([namehash(BILLBOARD), strangerAddress]);
      expect(e.code).to.equal("BILLBOARD_ANCHOR_REJECTED");
      expect(await f.provider.getTransactionCount(strangerAddress)).to.equal(nonce);

      await anchorBatch(f.owner, f.anchorAddress, batch);
      const dup = (await expectRejection(anchorBatch(f.owner, f.anchorAddress, batch), BillboardAnchorRejectedError)) as BillboardAnchorRejectedError;
      expect(dup.reason).to.equal("Dm3BillboardRootAlreadyAnchored");
      expect(await readBatchCount(f.provider, f.anchorAddress, BILLBOARD)).to.equal(1);
    });

    it("mediators through the SDK: add, anchor as mediator, list, remove; refusals are typed", async () => {
      const { f, batch } = await anchoredFixture();
      const mediator = await f.mediator.getAddress();
      await addMediator(f.owner, f.anchorAddress, BILLBOARD, mediator);
      expect(await readMediators(f.provider, f.anchorAddress, BILLBOARD)).to.deep.equal([mediator]);
      expect((await anchorBatch(f.mediator, f.anchorAddress, batch)).anchorer).to.equal(mediator);
      const again = (await expectRejection(addMediator(f.owner, f.anchorAddress, BILLBOARD, mediator), BillboardAnchorRejectedError)) as BillboardAnchorRejectedError;
      expect(again.reason).to.equal("Dm3BillboardMediatorExists");
      const notOwner = (await expectRejection(removeMediator(f.mediator, f.anchorAddress, BILLBOARD, mediator), BillboardAnchorRejectedError)) as BillboardAnchorRejectedError;
      expect(notOwner.reason).to.equal("Dm3BillboardUnauthorized");
      await removeMediator(f.owner, f.anchorAddress, BILLBOARD, mediator);
      expect(await readMediators(f.provider, f.anchorAddress, BILLBOARD)).to.deep.equal([]);
      await expectRejection(addMediator(f.owner, f.anchorAddress, "BillBoard.dm3.eth", mediator), NameNotNormalizedError);
    });
  });
});
