import { expect } from "chai";
import {
  addPostmark,
  buildEnvelope,
  createMessage,
  decryptDeliveryInformation,
  openEnvelope,
  getMessageHash,
  InvalidEnvelopeError,
  MessageDecryptionFailedError,
  MessageHashMismatchError,
  MessageSignatureInvalidError,
  MetadataSignatureInvalidError,
  PostmarkDecryptionFailedError,
  PostmarkHashMismatchError,
  PostmarkInvalidError,
  PostmarkUnverifiableError,
  ReceiverNameMismatchError,
  SenderNameInvalidError,
  SenderNameMismatchError,
  SenderProfileInvalidError,
  type EncryptionEnvelope,
  type Message,
} from "../../src/messaging";
import { encryptAsymmetric, fromBase64, signEd25519, toBase64 } from "../../src/crypto";
import { stringify } from "../../src/shared/json";
import { dsProfile, offlineResolvers, party, resolvedProfile } from "./fixtures";

// Every way an incoming envelope can be wrong gives its own typed error, and never a message.
describe("messaging: tampering is detected, each case with its own typed error", () => {
  const alice = party("alice.eth");
  const bob = party("bob.eth");
  const ds1 = dsProfile("ds1.dm3.eth");
  const ds2 = dsProfile("ds2.dm3.eth");
  const resolvers = offlineResolvers([alice, bob], { "ds1.dm3.eth": ds1.profile });
  const options = { ...resolvers, deliveryService: "ds1.dm3.eth" };

  function build(m: Message = createMessage(bob.name, alice.name, "pay 10", alice.keys.signingKeyPair.privateKey)): EncryptionEnvelope {
    const { envelope } = buildEnvelope(m, {
      from: alice.name,
      to: bob.name,
      receiverEncryptionKey: bob.keys.encryptionKeyPair.publicKey,
      deliveryService: ds1.profile,
      senderSigningKey: alice.keys.signingKeyPair.privateKey,
    });
    return addPostmark(envelope, ds1.keys, bob.keys.encryptionKeyPair.publicKey);
  }

  function flipCiphertextByte(field: string): string {
    const payload = JSON.parse(field);
    const ct = fromBase64(payload.ciphertext, "ct");
    ct[10] ^= 0x01;
    return stringify({ ...payload, ciphertext: toBase64(ct) });
  }

  async function expectRefused(envelope: unknown, type: new (...a: never[]) => Error, code: string, opts: object = options): Promise<void> {
    const result = await openEnvelope(envelope, bob.keys, opts).then(
      (r) => r,
      (e) => e,
    );
    expect(result, `expected ${type.name}`).to.be.instanceOf(type);
    expect(result).to.have.property("code", code);
  }

  it("the untouched envelope opens with every check valid", async () => {
    const r = await openEnvelope(build(), bob.keys, options);
    expect(r.message.message).to.equal("pay 10");
    expect(Object.values(r.checks).every((v) => v === "valid")).to.equal(true);
  });

  it("changed message ciphertext: MessageDecryptionFailedError", async () => {
    const e = build();
    await expectRefused({ ...e, message: flipCiphertextByte(e.message) }, MessageDecryptionFailedError, "MESSAGE_DECRYPTION_FAILED");
  });

  it("message replaced by another one encrypted to the receiver: MessageHashMismatchError", async () => {
    const e = build();
    const other = createMessage(bob.name, alice.name, "pay 1000", alice.keys.signingKeyPair.privateKey);
    const swapped = stringify(encryptAsymmetric(bob.keys.encryptionKeyPair.publicKey, stringify(other)));
    await expectRefused({ ...e, message: swapped }, MessageHashMismatchError, "MESSAGE_HASH_MISMATCH");
  });

  it("changed metadata: MetadataSignatureInvalidError (or MessageHashMismatchError for the hash field)", async () => {
    const e = build();
    await expectRefused({ ...e, metadata: { ...e.metadata, version: "v2" } }, MetadataSignatureInvalidError, "METADATA_SIGNATURE_INVALID");
    const other = build();
    await expectRefused({ ...e, metadata: { ...e.metadata, deliveryInformation: other.metadata.deliveryInformation } }, MetadataSignatureInvalidError, "METADATA_SIGNATURE_INVALID");
    await expectRefused({ ...e, metadata: { ...e.metadata, messageHash: "0x" + "00".repeat(32) } }, MessageHashMismatchError, "MESSAGE_HASH_MISMATCH");
    await expectRefused({ ...e, metadata: { ...e.metadata, extra: 1 } }, InvalidEnvelopeError, "ENVELOPE_INVALID");
  });

  it("changed message signature (or text under the old signature): MessageSignatureInvalidError", async () => {
    const m = createMessage(bob.name, alice.name, "pay 10", alice.keys.signingKeyPair.privateKey);
    const sig = fromBase64(m.signature, "sig");
    sig[0] ^= 1;
    await expectRefused(build({ ...m, signature: toBase64(sig) }), MessageSignatureInvalidError, "MESSAGE_SIGNATURE_INVALID");
    await expectRefused(build({ ...m, message: "pay 1000" }), MessageSignatureInvalidError, "MESSAGE_SIGNATURE_INVALID");
    // Signed by someone else's key but claiming to be from alice.
    const forged = createMessage(bob.name, alice.name, "pay 10", party("mallory.eth").keys.signingKeyPair.privateKey);
    await expectRefused(build(forged), MessageSignatureInvalidError, "MESSAGE_SIGNATURE_INVALID");
  });

  it("changed sender name: SenderNameInvalidError / SenderNameMismatchError", async () => {
    // An unnormalized from (the reference would nameprep it): refused before any resolution.
    const m = createMessage(bob.name, alice.name, "x", alice.keys.signingKeyPair.privateKey);
    const unsigned = { ...m, metadata: { ...m.metadata, from: "ALICE.eth" }, signature: undefined };
    const shouting = { ...unsigned, signature: signEd25519(alice.keys.signingKeyPair.privateKey, stringify(unsigned)) };
    const sealed = { ...build(), message: stringify(encryptAsymmetric(bob.keys.encryptionKeyPair.publicKey, stringify(shouting))) };
    await expectRefused({ ...sealed, metadata: { ...sealed.metadata, messageHash: getMessageHash(shouting) } }, SenderNameInvalidError, "SENDER_NAME_INVALID");
    // Delivery information (as stored by the DS) names another sender than the message.
    const e = build();
    const stored = { ...e, metadata: { ...e.metadata, deliveryInformation: { ...decryptDeliveryInformation(e, ds1.keys), from: "mallory.eth" } } };
    await expectRefused(stored, SenderNameMismatchError, "SENDER_NAME_MISMATCH");
    // The resolver answers for another name than the one asked (e.g. a wrong alias mapping).
    await expectRefused(e, SenderNameMismatchError, "SENDER_NAME_MISMATCH", { ...options, resolveSender: async () => resolvedProfile(bob) });
  });

  it("changed postmark: decryption, hash and signature failures are each typed", async () => {
    const e = build();
    await expectRefused({ ...e, postmark: flipCiphertextByte(e.postmark!) }, PostmarkDecryptionFailedError, "POSTMARK_DECRYPTION_FAILED");
    await expectRefused({ ...e, postmark: build().postmark }, PostmarkHashMismatchError, "POSTMARK_HASH_MISMATCH");
    const byOtherDs = addPostmark(e, ds2.keys, bob.keys.encryptionKeyPair.publicKey);
    await expectRefused(byOtherDs, PostmarkInvalidError, "POSTMARK_INVALID");
    await expectRefused(e, PostmarkInvalidError, "POSTMARK_INVALID", { ...options, deliveryService: ds2.profile });
    await expectRefused(e, PostmarkUnverifiableError, "POSTMARK_UNVERIFIABLE", resolvers);
    const { postmark: _removed, ...unstamped } = e;
    void _removed;
    await expectRefused(unstamped, PostmarkUnverifiableError, "POSTMARK_UNVERIFIABLE", { ...options, requirePostmark: true });
  });

  it("a sender profile that is not validly signed, a message for someone else, and garbage: typed errors", async () => {
    const e = build();
    await expectRefused(e, SenderProfileInvalidError, "SENDER_PROFILE_INVALID", { ...options, resolveSender: async () => resolvedProfile(alice, { valid: false, reason: "wrong signer" }) });
    await expectRefused(e, ReceiverNameMismatchError, "RECEIVER_NAME_MISMATCH", { ...options, ownName: "carol.eth" });
    await expectRefused("not json", InvalidEnvelopeError, "ENVELOPE_INVALID");
    await expectRefused({ ...e, message: "{}" }, InvalidEnvelopeError, "ENVELOPE_INVALID");
    // Encrypted for another receiver.
    const forCarol = stringify(encryptAsymmetric(party("carol.eth").keys.encryptionKeyPair.publicKey, "{}"));
    await expectRefused({ ...e, message: forCarol }, MessageDecryptionFailedError, "MESSAGE_DECRYPTION_FAILED");
  });
});
