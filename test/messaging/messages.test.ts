import { expect } from "chai";
import Ajv from "ajv";
import { hashMessage } from "ethers";
import {
  InvalidMessageError,
  MESSAGE_TYPES,
  checkMessageSignature,
  createDeleteRequestMessage,
  createEditMessage,
  createMessage,
  createReactionMessage,
  createReadOpenMessage,
  createReadReceiveMessage,
  createReplyMessage,
  createResendRequestMessage,
  createSignedMessage,
  getMessageHash,
  messageSigningText,
  signMessage,
  validateMessage,
  MessageSigningFailedError,
  type Message,
} from "../../src/messaging";
import { stringify } from "../../src/shared/json";
import { MESSAGE_VECTOR, VECTOR } from "../fixtures/dm3-vectors";
import { refMessaging } from "../fixtures/reference";
import { keysFor } from "./fixtures";

const json = (v: unknown) => JSON.parse(stringify(v));

describe("messaging: messages (dm3-protocol.md §6.2)", () => {
  const alice = keysFor("alice.eth");
  const key = alice.signingKeyPair.privateKey;
  const refHash = "0x" + "ab".repeat(32);

  it("reproduces the §5.4 message vector (signed text, signature, messageHash)", () => {
    const m = signMessage(MESSAGE_VECTOR.unsigned, VECTOR.signingKeyPair.privateKey);
    expect(messageSigningText(m)).to.equal(MESSAGE_VECTOR.signingText);
    expect(m.signature).to.equal(MESSAGE_VECTOR.signature);
    expect(getMessageHash(m)).to.equal(MESSAGE_VECTOR.messageHash);
    expect(createMessage("bob.eth", "alice.eth", "hello", VECTOR.signingKeyPair.privateKey, undefined, 1700000000000)).to.deep.equal(m);
  });

  it("every reference constructor's message equals ours byte for byte (same timestamp), and signatures verify across", async () => {
    const attachments = [{ name: "a.txt", data: "data:text/plain;base64,aGk=" }];
    const cases: [() => Promise<{ metadata: Record<string, unknown> }>, (t: number) => Message][] = [];
    const add = (ref: () => Promise<{ metadata: Record<string, unknown> }>, ours: (t: number) => Message) => cases.push([ref, ours]);
    add(() => refMessaging.createMessage("bob.eth", "alice.eth", "hi", key, attachments), (t) => createSignedMessage("NEW", "bob.eth", "alice.eth", { message: "hi", attachments, timestamp: t }, key));
    add(() => refMessaging.createEditMessage("bob.eth", "alice.eth", "hi2", key, refHash), (t) => createSignedMessage("EDIT", "bob.eth", "alice.eth", { message: "hi2", referenceMessageHash: refHash, timestamp: t }, key));
    add(() => refMessaging.createReplyMessage("bob.eth", "alice.eth", "re", key, refHash, attachments), (t) => createSignedMessage("REPLY", "bob.eth", "alice.eth", { message: "re", attachments, referenceMessageHash: refHash, timestamp: t }, key));
    add(() => refMessaging.createReactionMessage("bob.eth", "alice.eth", "👍", key, refHash), (t) => createSignedMessage("REACTION", "bob.eth", "alice.eth", { message: "👍", referenceMessageHash: refHash, timestamp: t }, key));
    add(() => refMessaging.createReadOpenMessage("bob.eth", "alice.eth", "READ_OPENED", key, refHash), (t) => createSignedMessage("READ_OPENED", "bob.eth", "alice.eth", { message: "READ_OPENED", referenceMessageHash: refHash, timestamp: t }, key));
    add(() => refMessaging.createReadReceiveMessage("bob.eth", "alice.eth", "READ_RECEIVED", key, refHash), (t) => createSignedMessage("READ_RECEIVED", "bob.eth", "alice.eth", { message: "READ_RECEIVED", referenceMessageHash: refHash, timestamp: t }, key));
    add(() => refMessaging.createDeleteRequestMessage("bob.eth", "alice.eth", key, refHash), (t) => createSignedMessage("DELETE_REQUEST", "bob.eth", "alice.eth", { referenceMessageHash: refHash, timestamp: t }, key));
    for (const [ref, ours] of cases) {
      const theirs = await ref();
      const mine = ours(theirs.metadata.timestamp as number);
      expect(mine).to.deep.equal(json(theirs));
      expect(checkMessageSignature(json(theirs), alice.signingKeyPair.publicKey, "alice.eth")).to.equal(true);
      expect(await refMessaging.checkMessageSignature(mine, alice.signingKeyPair.publicKey, "alice.eth")).to.equal(true);
    }
    // The reference has no RESEND_REQUEST constructor; its check accepts ours.
    const resend = createResendRequestMessage("bob.eth", "alice.eth", key, refHash);
    expect(await refMessaging.checkMessageSignature(resend, alice.signingKeyPair.publicKey, "alice.eth")).to.equal(true);
  });

  it("the reference-style constructors set the reference's fields", () => {
    const t = (m: Message) => m.metadata.type;
    const all = [
      createMessage("bob.eth", "alice.eth", "a", key),
      createEditMessage("bob.eth", "alice.eth", "a", key, refHash),
      createReplyMessage("bob.eth", "alice.eth", "a", key, refHash),
      createReactionMessage("bob.eth", "alice.eth", "a", key, refHash),
      createReadOpenMessage("bob.eth", "alice.eth", "a", key, refHash),
      createReadReceiveMessage("bob.eth", "alice.eth", "a", key, refHash),
      createDeleteRequestMessage("bob.eth", "alice.eth", key, refHash),
      createResendRequestMessage("bob.eth", "alice.eth", key),
    ];
    expect(all.map(t)).to.have.members([...MESSAGE_TYPES]);
    expect(all[3].attachments).to.deep.equal([]);
    expect(all[6]).to.not.have.any.keys("message", "attachments");
    const refSchema = new Ajv({ strict: false }).compile(refMessaging.schema.MessageSchema);
    for (const m of all) expect(refSchema(m), stringify(refSchema.errors)).to.equal(true);
  });

  it("checkMessageSignature: signature and from-name both required (§6.2)", () => {
    const m = createMessage("bob.eth", "alice.eth", "hi", key);
    expect(checkMessageSignature(m, alice.signingKeyPair.publicKey, "alice.eth")).to.equal(true);
    expect(checkMessageSignature(m, alice.signingKeyPair.publicKey, "ALICE.eth")).to.equal(true); // normalized compare, like nameprep
    expect(checkMessageSignature(m, alice.signingKeyPair.publicKey, "mallory.eth")).to.equal(false);
    expect(checkMessageSignature(m, keysFor("x").signingKeyPair.publicKey, "alice.eth")).to.equal(false);
    expect(checkMessageSignature({ ...m, message: "changed" }, alice.signingKeyPair.publicKey, "alice.eth")).to.equal(false);
    expect(checkMessageSignature(m, "not a key", "alice.eth")).to.equal(false);
  });

  it("is strict: schema violations and dm3kit's name and reference rules give InvalidMessageError", () => {
    const good = createMessage("bob.eth", "alice.eth", "hi", key);
    const bad: [unknown, RegExp][] = [
      [{ ...good, extra: 1 }, /unexpected field "extra"/],
      [{ ...good, metadata: { ...good.metadata, type: "READ_RECEIPT" } }, /must be equal to one of the allowed values/],
      [{ ...good, metadata: { ...good.metadata, timestamp: "1" } }, /must be number/],
      [{ ...good, attachments: [{ data: "x", isImage: true }] }, /unexpected field "isImage"/],
      [{ ...good, metadata: { ...good.metadata, from: "Alice.eth" } }, /not a normalized ENS name/],
      [{ ...good, metadata: { ...good.metadata, type: "EDIT" } }, /needs metadata.referenceMessageHash/],
      [{ metadata: good.metadata }, /missing "signature"/],
    ];
    for (const [value, message] of bad) expect(() => validateMessage(value)).to.throw(InvalidMessageError, message);
    expect(() => createMessage("bob.eth", "alice.eth", "hi", "short")).to.throw(MessageSigningFailedError);
    expect(() => createEditMessage("bob.eth", "Alice.eth", "hi", key, refHash)).to.throw(InvalidMessageError);
  });

  it("hashes the message as the widget does for referenceMessageHash, distinct from the postmark hash", () => {
    const m = createMessage("bob.eth", "alice.eth", "hi", key);
    expect(getMessageHash(m)).to.match(/^0x[0-9a-f]{64}$/);
    expect(getMessageHash(m)).to.not.equal(hashMessage(stringify(m)));
  });
});
