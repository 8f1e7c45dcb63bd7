/* eslint-disable @typescript-eslint/no-require-imports */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import path from "node:path";
import { cryptoBackend, sha256Bytes, toBase64, useCryptoBackend, utf8 } from "../src/crypto";
import { createProfileKeys, DEFAULT_NONCE } from "../src/keys";
import { addPostmark, buildEnvelope, createMessage, openEnvelope, type Message } from "../src/messaging";
import type { ResolvedProfile } from "../src/profile/resolve";
import { stringify } from "../src/shared/json";
import { compareThroughput, ratioOf, throughput, type Comparison, type Timing } from "./util";

export const description =
  "dm3 messaging: envelope build, envelope open with verification, message create+sign, ours (native and noble back-ends) vs the reference (@dm3-org 1.7.1)";

const refCrypto = require("@dm3-org/dm3-lib-crypto");
const refMessaging = require("@dm3-org/dm3-lib-messaging");
const refShared = require("@dm3-org/dm3-lib-shared");
// The reference's own ethers 5 (for the postmark's EIP-191 hash, as its delivery code computes it).
const ethers5 = require(require.resolve("ethers", { paths: [path.dirname(require.resolve("@dm3-org/dm3-lib-messaging"))] })).ethers;

/** Alternating rounds per comparison: the ratio reported is the median round's. */
const ROUNDS = 7;
const entry = (c: Comparison, goal: number, noble: Timing) => ({
  ours: c.ours,
  reference: c.reference,
  oursOverReference: c.oursOverReference,
  goal,
  met: c.oursOverReference >= goal,
  roundRatios: c.roundRatios,
  oursNoble: noble,
  nobleOverReference: ratioOf(noble, c.reference),
});

export async function run(_hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  void _hre;
  const keysOf = (label: string) => createProfileKeys(toBase64(sha256Bytes(utf8(label))), DEFAULT_NONCE);
  const alice = keysOf("alice.eth");
  const bob = keysOf("bob.eth");
  const ds = keysOf("ds.dm3.eth");
  const dsProfile = { publicSigningKey: ds.signingKeyPair.publicKey, publicEncryptionKey: ds.encryptionKeyPair.publicKey, url: "http://127.0.0.1:8083" };
  const aliceProfile = { publicEncryptionKey: alice.encryptionKeyPair.publicKey, publicSigningKey: alice.signingKeyPair.publicKey, deliveryServices: ["ds.dm3.eth"] };
  const bobProfile = { publicEncryptionKey: bob.encryptionKeyPair.publicKey, publicSigningKey: bob.signingKeyPair.publicKey, deliveryServices: ["ds.dm3.eth"] };
  const text = "Hello Bob, this is a typical chat message with a few words in it. 👋";
  const message: Message = createMessage("bob.eth", "alice.eth", text, alice.signingKeyPair.privateKey);
  const params = { from: "alice.eth", to: "bob.eth", receiverEncryptionKey: bobProfile.publicEncryptionKey, deliveryService: dsProfile, senderSigningKey: alice.signingKeyPair.privateKey };
  const refDeps = { to: { ensName: "bob.eth", profile: bobProfile }, from: { ensName: "alice.eth", profile: aliceProfile }, deliverServiceProfile: dsProfile, keys: alice };

  // The sender's profile as the receiver has it resolved (resolution itself is measured in profile/resolution benches).
  const sender: ResolvedProfile = { name: "alice.eth", address: "0x" + "00".repeat(20), format: "data", profile: aliceProfile, signedProfile: { profile: aliceProfile, signature: "0x" }, valid: true, method: "eoa" };
  const openOptions = { resolveSender: async () => sender, deliveryService: dsProfile, ownName: "bob.eth", requirePostmark: true };
  const stamped = addPostmark(buildEnvelope(message, params).envelope, ds, bob.encryptionKeyPair.publicKey);

  // The reference's receiver with the same checks composed from its own functions: decrypt message
  // and postmark, message signature + from name, metadata signature, postmark hash and DS signature.
  const refOpen = async () => {
    const opened = await refMessaging.decryptEnvelop(stamped, bob.encryptionKeyPair);
    const ok1 = await refMessaging.checkMessageSignature(opened.message, aliceProfile.publicSigningKey, "alice.eth");
    const { signature: metaSig, ...meta } = stamped.metadata;
    const ok2 = await refCrypto.checkSignature(aliceProfile.publicSigningKey, refShared.stringify(meta), metaSig);
    const ok3 = refShared.sha256(refShared.stringify(opened.message)) === stamped.metadata.messageHash;
    const { signature: pmSig, ...pm } = opened.postmark;
    const ok4 = ethers5.utils.hashMessage(refShared.stringify(stamped.message)) === pm.messageHash;
    const ok5 = await refCrypto.checkSignature(dsProfile.publicSigningKey, refShared.sha256(refShared.stringify(pm)), pmSig);
    if (!(ok1 && ok2 && ok3 && ok4 && ok5)) throw new Error("bench setup: the reference does not verify the envelope");
  };
  await refOpen();

  // Ours (native back-end) and the reference alternate round by round; the noble back-end is
  // timed once, for information.
  const build = await compareThroughput(
    ROUNDS,
    { iterations: 500, fn: () => buildEnvelope(message, params) },
    { iterations: 250, fn: () => refMessaging.buildEnvelop(message, refCrypto.encryptAsymmetric, refDeps) },
  );
  const open = await compareThroughput(ROUNDS, { iterations: 500, fn: () => openEnvelope(stamped, bob, openOptions) }, { iterations: 250, fn: refOpen });
  const create = await compareThroughput(
    ROUNDS,
    { iterations: 2000, fn: () => createMessage("bob.eth", "alice.eth", text, alice.signingKeyPair.privateKey) },
    { iterations: 1000, fn: () => refMessaging.createMessage("bob.eth", "alice.eth", text, alice.signingKeyPair.privateKey) },
  );
  const backend = cryptoBackend().name;
  useCryptoBackend("noble");
  const noble = {
    build: await throughput(300, () => buildEnvelope(message, params)),
    open: await throughput(300, () => openEnvelope(stamped, bob, openOptions)),
    create: await throughput(1000, () => createMessage("bob.eth", "alice.eth", text, alice.signingKeyPair.privateKey)),
  };
  useCryptoBackend("default");

  return {
    backend,
    rounds: ROUNDS,
    envelopeBuild: entry(build, 3, noble.build),
    envelopeOpenWithVerification: entry(open, 3, noble.open),
    messageCreateAndSign: entry(create, 1, noble.create),
    envelopeBytes: stringify(stamped).length,
  };
}
