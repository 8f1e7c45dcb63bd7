import { expect } from "chai";
import Ajv from "ajv";
import { hashMessage } from "ethers";
import {
  addPostmark,
  assertProxyEnvelope,
  buildEnvelope,
  buildEnvelopes,
  buildNpmEnvelope,
  buildProxyEnvelope,
  createMessage,
  createPostmark,
  decryptDeliveryInformation,
  decryptPostmark,
  getEnvelopeSize,
  getEnvelopeVariant,
  metadataSigningText,
  openEnvelope,
  verifyMetadataSignature,
  verifyPostmark,
  MessageSignatureInvalidError,
  NoDeliveryServiceError,
  ProviderRequiredError,
  ReceiverNameMismatchError,
  ReceiverProfileUnusableError,
  SenderNameMismatchError,
  type EncryptionEnvelope,
} from "../../src/messaging";
import { sha256Hex } from "../../src/crypto";
import { stringify } from "../../src/shared/json";
import { refCrypto, refMessaging } from "../fixtures/reference";
import { dsProfile, offlineResolvers, party, resolvedProfile } from "./fixtures";
import { expectRejection } from "../helpers/expect";

/** The git 1.7.1 envelope schema: the npm schema with `encryptedMessageHash` renamed `messageHash` (dm3-protocol.md §0.1). */
function gitSchemaFromReference(): Record<string, unknown> {
  const schema = structuredClone(refMessaging.schema.EncryptionEnvelopeSchema) as { definitions: { EnvelopeMetadata: { properties: Record<string, unknown>; required: string[] } } };
  const meta = schema.definitions.EnvelopeMetadata;
  meta.properties.messageHash = meta.properties.encryptedMessageHash;
  delete meta.properties.encryptedMessageHash;
  meta.required = meta.required.map((r) => (r === "encryptedMessageHash" ? "messageHash" : r));
  return { ...schema, $id: "EncryptionEnvelop.git.schema.json" };
}

describe("messaging: envelopes and postmarks, interop with the reference (§6.3-§6.5)", () => {
  const alice = party("alice.eth");
  const bob = party("bob.eth", ["ds1.dm3.eth", "ds2.dm3.eth"]);
  const ds1 = dsProfile("ds1.dm3.eth");
  const ds2 = dsProfile("ds2.dm3.eth");
  const resolvers = offlineResolvers([alice, bob], { "ds1.dm3.eth": ds1.profile, "ds2.dm3.eth": ds2.profile });
  const bobProfile = resolvedProfile(bob).profile;
  const params = () => ({
    from: alice.name,
    to: bob.name,
    receiverEncryptionKey: bob.keys.encryptionKeyPair.publicKey,
    deliveryService: ds1.profile,
    senderSigningKey: alice.keys.signingKeyPair.privateKey,
  });
  const message = () => createMessage(bob.name, alice.name, "hello bob 👋", alice.keys.signingKeyPair.privateKey, [{ name: "x", data: "data:,x" }]);
  const ajv = new Ajv({ strict: false });

  it("our git envelope validates against the reference schema (git naming), our npm envelope against the npm schema as published", () => {
    const git = buildEnvelope(message(), params());
    expect(ajv.validate(gitSchemaFromReference(), git.envelope), stringify(ajv.errors)).to.equal(true);
    expect(ajv.validate(refMessaging.schema.EncryptionEnvelopeSchema, git.envelope)).to.equal(false); // §0.1: the npm schema rejects the git variant
    const npm = buildNpmEnvelope(message(), params());
    expect(ajv.validate(refMessaging.schema.EncryptionEnvelopeSchema, npm.envelope), stringify(ajv.errors)).to.equal(true);
    expect(getEnvelopeVariant(git.envelope)).to.equal("git");
    expect(getEnvelopeVariant(npm.envelope)).to.equal("npm");
    expect(git.envelope.metadata).to.include({ version: "v1", encryptionScheme: "x25519-chacha20-poly1305", messageHash: git.messageHash });
    expect(git.deliveryServiceUrl).to.equal(ds1.profile.url);
  });

  it("the reference's delivery service and receiver handle our envelope: delivery information, postmark, message", async () => {
    const m = message();
    const { envelope } = buildEnvelope(m, params());
    const handled = await refMessaging.handleMessageOnDeliveryService(envelope, ds1.keys, bobProfile);
    expect(handled.decryptedDeliveryInformation).to.deep.equal({ to: bob.name, from: alice.name });
    const opened = await refMessaging.decryptEnvelop(handled.encryptedEnvelop, bob.keys.encryptionKeyPair);
    expect(opened.message).to.deep.equal(m);
    // The metadata signature is the reference's Ed25519 over stringify(metadata without signature).
    expect(await refCrypto.checkSignature(alice.keys.signingKeyPair.publicKey, metadataSigningText(envelope.metadata), envelope.metadata.signature)).to.equal(true);
    // A postmark made by the reference verifies with our code.
    const postmark = verifyPostmark(handled.encryptedEnvelop as unknown as EncryptionEnvelope, bob.keys.encryptionKeyPair, ds1.profile);
    expect(postmark).to.deep.equal(opened.postmark);
    const result = await openEnvelope(handled.encryptedEnvelop, bob.keys, { ...resolvers, deliveryService: ds1.profile });
    expect(result.message).to.deep.equal(m);
    expect(result.checks).to.deep.equal({ decryption: "valid", messageHash: "valid", senderName: "valid", messageSignature: "valid", metadataSignature: "valid", postmark: "valid" });
  });

  it("a postmark made by our code verifies with the reference's primitives", async () => {
    const { envelope } = buildEnvelope(message(), params());
    const stamped = addPostmark(envelope, ds1.keys, bob.keys.encryptionKeyPair.publicKey, 1_700_000_000_123);
    const { postmark } = await refMessaging.decryptEnvelop(stamped, bob.keys.encryptionKeyPair);
    expect(postmark.incommingTimestamp).to.equal(1_700_000_000_123);
    expect(postmark.messageHash).to.equal(hashMessage(stringify(envelope.message)));
    const signed = sha256Hex(stringify({ incommingTimestamp: postmark.incommingTimestamp, messageHash: postmark.messageHash }));
    expect(await refCrypto.checkSignature(ds1.profile.publicSigningKey, signed, postmark.signature)).to.equal(true);
    expect(createPostmark(envelope, ds1.keys.signingKeyPair.privateKey, 1_700_000_000_123)).to.deep.equal(postmark);
    expect(decryptPostmark(stamped, bob.keys.encryptionKeyPair)).to.deep.equal(postmark);
  });

  it("reads the reference's (npm-variant) envelope: open verifies it and says which variant it saw", async () => {
    const m = message();
    const built = await refMessaging.buildEnvelop(m, refCrypto.encryptAsymmetric, {
      to: { ensName: bob.name, profile: bobProfile },
      from: { ensName: alice.name },
      deliverServiceProfile: ds1.profile,
      keys: alice.keys,
    });
    expect(decryptDeliveryInformation(built.encryptedEnvelop as never, ds1.keys)).to.deep.equal({ to: bob.name, from: alice.name });
    expect(verifyMetadataSignature(built.encryptedEnvelop as never, alice.keys.signingKeyPair.publicKey)).to.equal("valid");
    const stamped = addPostmark(built.encryptedEnvelop as never, ds2.keys, bob.keys.encryptionKeyPair.publicKey);
    const result = await openEnvelope(stamped, bob.keys, { ...resolvers, ownName: bob.name });
    expect(result.variant).to.equal("npm");
    expect(result.message).to.deep.equal(m);
    expect(result.deliveryService).to.equal("ds2.dm3.eth"); // found among bob's delivery services
  });

  it("envelope size is the reference's getEnvelopSize, before and after the postmark", () => {
    const { envelope } = buildEnvelope(message(), params());
    expect(getEnvelopeSize(envelope)).to.equal(refMessaging.getEnvelopSize(envelope));
    const stamped = addPostmark(envelope, ds1.keys, bob.keys.encryptionKeyPair.publicKey);
    expect(getEnvelopeSize(stamped)).to.equal(refMessaging.getEnvelopSize(stamped));
    expect(getEnvelopeSize(stamped)).to.be.greaterThan(2064 * 2);
  });

  it("once a delivery service replaced the delivery information, the metadata signature is reported unverifiable, not failed", async () => {
    const { envelope } = buildEnvelope(message(), params());
    const info = decryptDeliveryInformation(envelope, ds1.keys);
    const stored = { ...addPostmark(envelope, ds1.keys, bob.keys.encryptionKeyPair.publicKey), metadata: { ...envelope.metadata, deliveryInformation: info } };
    const result = await openEnvelope(JSON.stringify(stored), bob.keys, { ...resolvers, deliveryService: ds1.profile, requirePostmark: true });
    expect(result.checks.metadataSignature).to.equal("unverifiable");
    expect(result.deliveryInformation).to.deep.equal(info);
  });

  describe("buildEnvelopes / buildProxyEnvelope", () => {
    it("returns one envelope per delivery service of the receiver, with its URL, all sharing one encrypted message", async () => {
      const m = message();
      const built = await buildEnvelopes(alice.keys, alice.name, bob.name, m, resolvers);
      expect(built.envelopes.map((e) => [e.deliveryServiceName, e.deliveryServiceUrl])).to.deep.equal([
        ["ds1.dm3.eth", ds1.profile.url],
        ["ds2.dm3.eth", ds2.profile.url],
      ]);
      expect(built.envelopes[0].envelope.message).to.equal(built.envelopes[1].envelope.message);
      expect(decryptDeliveryInformation(built.envelopes[1].envelope, ds2.keys)).to.deep.equal({ to: bob.name, from: alice.name });
      for (const e of built.envelopes) {
        const opened = await refMessaging.decryptEnvelop({ ...e.envelope, postmark: addPostmark(e.envelope, ds1.keys, bob.keys.encryptionKeyPair.publicKey).postmark }, bob.keys.encryptionKeyPair);
        expect(opened.message).to.deep.equal(m);
      }
    });

    it("skips a delivery service without a profile and fails typed when none is usable", async () => {
      const carol = party("carol.eth", ["gone.dm3.eth", "ds1.dm3.eth"]);
      const r = offlineResolvers([alice, carol], { "ds1.dm3.eth": ds1.profile });
      const m = createMessage(carol.name, alice.name, "x", alice.keys.signingKeyPair.privateKey);
      const built = await buildEnvelopes(alice.keys, alice.name, carol.name, m, r);
      expect(built.envelopes.map((e) => e.deliveryServiceName)).to.deep.equal(["ds1.dm3.eth"]);
      expect(built.skipped).to.have.length(1);
      expect(built.skipped[0].name).to.equal("gone.dm3.eth");
      const dave = party("dave.eth", ["gone.dm3.eth"]);
      const m2 = createMessage(dave.name, alice.name, "x", alice.keys.signingKeyPair.privateKey);
      const err = await expectRejection(buildEnvelopes(alice.keys, alice.name, dave.name, m2, offlineResolvers([alice, dave], {})), NoDeliveryServiceError);
      expect(err).to.have.property("code", "NO_DELIVERY_SERVICE");
    });

    it("refuses what it must not send, each with its typed error", async () => {
      const m = message();
      const cases: [Promise<unknown>, new (...a: never[]) => Error][] = [
        [buildEnvelopes(party("mallory.eth").keys, alice.name, bob.name, m, resolvers), MessageSignatureInvalidError],
        [buildEnvelopes(alice.keys, "alice2.eth", bob.name, m, resolvers), SenderNameMismatchError],
        [buildEnvelopes(alice.keys, alice.name, "carol.eth", m, resolvers), ReceiverNameMismatchError],
        [buildEnvelopes(alice.keys, alice.name, bob.name, m, { ...resolvers, resolveReceiver: async () => resolvedProfile(bob, { valid: false, reason: "wrong signer" }) }), ReceiverProfileUnusableError],
        [buildEnvelopes(alice.keys, alice.name, bob.name, m), ProviderRequiredError],
        [
          buildEnvelopes(alice.keys, alice.name, bob.name, m, {
            ...resolvers,
            resolveReceiver: async () => resolvedProfile(bob, { profile: { ...resolvedProfile(bob).profile, publicEncryptionKey: "AAAA" } }),
          }),
          ReceiverProfileUnusableError,
        ],
        [buildEnvelopes(alice.keys, alice.name, bob.name, m, { ...resolvers, resolveDeliveryService: async (name) => ({ name, format: "data", profile: { ...ds1.profile, publicEncryptionKey: "bad" } }) }), NoDeliveryServiceError],
      ];
      for (const [promise, type] of cases) await expectRejection(promise, type);
    });

    it("the proxy form carries one encrypted message and one metadata per delivery service; each reassembled envelope opens", async () => {
      const m = message();
      const proxy = await buildProxyEnvelope(alice.keys, alice.name, bob.name, m, resolvers);
      assertProxyEnvelope(proxy);
      expect(proxy.to).to.equal(bob.name);
      expect(proxy.encryptionEnvelops.map((e) => e.deliveryServiceEnsName)).to.deep.equal(["ds1.dm3.eth", "ds2.dm3.eth"]);
      for (const { encryptionEnvelop } of proxy.encryptionEnvelops) {
        const opened = await openEnvelope({ message: proxy.encryptedMessage, metadata: encryptionEnvelop.metadata }, bob.keys, resolvers);
        expect(opened.message).to.deep.equal(m);
        expect(opened.checks.postmark).to.equal("absent");
      }
    });
  });
});
