import { expect } from "chai";
import fc from "fast-check";
import { addPostmark, buildEnvelopes, createSignedMessage, MESSAGE_TYPES, openEnvelope, type MessageType } from "../../src/messaging";
import { refMessaging } from "../fixtures/reference";
import { dsProfile, offlineResolvers, party } from "./fixtures";

// Random unicode texts, attachments and message types: what we build, we open to the same
// message (every check valid), and the reference decrypts it to the same message and postmark.
describe("messaging: build → open round-trips for any message (property)", () => {
  const alice = party("alice.eth");
  const bob = party("bob.eth", ["ds1.dm3.eth"]);
  const ds1 = dsProfile("ds1.dm3.eth");
  const resolvers = offlineResolvers([alice, bob], { "ds1.dm3.eth": ds1.profile });

  const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 1500 }), fc.string({ unit: "grapheme-ascii", minLength: 2040, maxLength: 2100 }));
  const attachment = fc.record(
    { name: fc.string({ unit: "grapheme", maxLength: 20 }), data: fc.oneof(fc.webUrl(), fc.base64String({ maxLength: 400 }).map((b) => `data:application/octet-stream;base64,${b}`)) },
    { requiredKeys: ["data"] },
  );
  const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => "0x" + Buffer.from(b).toString("hex"));

  it("round-trips through our code and the reference's decryption", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<MessageType>(...MESSAGE_TYPES),
        text,
        fc.option(fc.array(attachment, { maxLength: 3 }), { nil: undefined }),
        hash,
        fc.integer({ min: 0, max: 2 ** 45 }),
        async (type, message, attachments, referenceMessageHash, timestamp) => {
          const m = createSignedMessage(type, bob.name, alice.name, { message, attachments, referenceMessageHash, timestamp }, alice.keys.signingKeyPair.privateKey);
          const { envelopes } = await buildEnvelopes(alice.keys, alice.name, bob.name, m, resolvers);
          expect(envelopes).to.have.length(1);
          const stamped = addPostmark(envelopes[0].envelope, ds1.keys, bob.keys.encryptionKeyPair.publicKey, timestamp);
          const opened = await openEnvelope(stamped, bob.keys, { ...resolvers, ownName: bob.name, requirePostmark: true });
          expect(opened.message).to.deep.equal(m);
          expect(opened.messageHash).to.equal(envelopes[0].messageHash);
          expect(opened.checks).to.deep.equal({ decryption: "valid", messageHash: "valid", senderName: "valid", messageSignature: "valid", metadataSignature: "valid", postmark: "valid" });
          const reference = await refMessaging.decryptEnvelop(stamped, bob.keys.encryptionKeyPair);
          expect(reference.message).to.deep.equal(m);
          expect(reference.postmark).to.deep.equal(opened.postmark);
          expect(await refMessaging.checkMessageSignature(reference.message, alice.keys.signingKeyPair.publicKey, alice.name)).to.equal(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
