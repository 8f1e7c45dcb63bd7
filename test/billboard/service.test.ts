import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { io as connect } from "socket.io-client";
import { namehash } from "ethers";
import { Dm3BillboardAnchor__factory } from "../../typechain-types";
import {
  BillboardRequestError,
  BillboardServiceClient,
  checkMessageInclusion,
  fetchBillboardMessages,
  fetchBillboardProof,
  postToBillboard,
  signDeletion,
  signSuspension,
  verifyMessageOnChain,
  verifyMessageProof,
} from "../../src/billboard";
import { buildEnvelope, createMessage, createSignedMessage, type Message } from "../../src/messaging";
import { PostgresStore } from "../../src/delivery";
import { BillboardServiceConfigError, startBillboardService } from "../../src/billboardService";
import { postRpc, refCryptoLib, refMessaging, submitRequest } from "../delivery/fixtures";
import { sharedPostgres } from "../helpers/postgres";
import { BOARD, GATED, serviceFixture, serviceUnderTest, type RunningService, type ServiceFixture, type ServiceUser } from "./serviceFixtures";

/** An envelope to the billboard service built by hand (to forge what the SDK would refuse to build). */
function envelopeTo(fx: ServiceFixture, message: Message, params: { from: string; to?: string; signer: ServiceUser }) {
  return buildEnvelope(message, {
    from: params.from,
    to: params.to ?? message.metadata.to,
    receiverEncryptionKey: fx.boardKeys.encryptionKeyPair.publicKey,
    deliveryService: { publicEncryptionKey: fx.boardKeys.encryptionKeyPair.publicKey, publicSigningKey: fx.boardKeys.signingKeyPair.publicKey, url: "" },
    senderSigningKey: params.signer.keys.signingKeyPair.privateKey,
  }).envelope;
}

/** The JSON-RPC error of a refused call: its code and dm3kit code. */
async function refusal(url: string, body: unknown): Promise<{ status: number; code: number; dm3: string; message: string }> {
  const { status, json } = await postRpc(url, body);
  const error = json.error as { code: number; message: string; data?: { code: string } };
  expect(error, JSON.stringify(json)).to.be.an("object");
  return { status, code: error.code, dm3: error.data?.code ?? "", message: error.message };
}

const rpc = (method: string, params: unknown[] = [], id: unknown = 1) => ({ jsonrpc: "2.0", id, method, params });

async function post(fx: ServiceFixture, user: ServiceUser, text: string, billboard = BOARD, timestamp?: number) {
  return postToBillboard(fx.provider, user.keys, user.name, billboard, text, { timestamp });
}

describe("billboard service (DM3BMP + anchoring)", function () {
  this.timeout(60_000);
  const start = serviceUnderTest();
  let run: RunningService | undefined;

  it("takes posts through the billboard's delivery service and serves them with the DM3BMP methods", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { alice, bob } = fx.users;
    const viewer = connect(run.service.url, { transports: ["websocket"] });
    const pushed: Message[] = [];
    viewer.on(`message-${BOARD}`, (m: Message) => pushed.push(m));
    await new Promise<void>((resolve) => viewer.on("connect", () => resolve()));
    try {
      const t = Date.now() - 10_000;
      const first = await post(fx, alice, "hello wall", BOARD, t);
      expect(first.delivered).to.deep.equal([{ deliveryService: BOARD, url: run.service.url }]);
      await post(fx, bob, "hi alice", BOARD, t + 1);
      await post(fx, alice, "third", BOARD, t + 2);

      const { messages } = (await postRpc(run.service.url, rpc("dm3_billboard_getMessages", [BOARD]))).json.result as { messages: Message[] };
      expect(messages.map((m) => [m.metadata.from, m.message])).to.deep.equal([["alice.eth", "hello wall"], ["bob.eth", "hi alice"], ["alice.eth", "third"]]);
      expect(messages[0]).to.deep.equal(first.message); // the signed dm3 message, unencrypted
      // The reference client's paging: params are strings, `time` is the newest wanted (inclusive).
      const page = (await postRpc(run.service.url, rpc("dm3_billboard_getMessages", [BOARD, String(t + 1), "2"]))).json.result as { messages: Message[] };
      expect(page.messages.map((m) => m.message)).to.deep.equal(["hello wall", "hi alice"]);
      expect((await fetchBillboardMessages(run.service.url, BOARD, { limit: 1 })).map((m) => m.message)).to.deep.equal(["third"]);

      expect((await postRpc(run.service.url, rpc("dm3_billboard_list"))).json).to.deep.equal({ jsonrpc: "2.0", id: 1, result: { billboards: [BOARD, GATED] } });
      expect((await postRpc(run.service.url, rpc("dm3_billboard_properties", [BOARD], "p"))).json).to.deep.equal({
        jsonrpc: "2.0",
        id: "p",
        result: { name: "dm3kit test wall", mediators: ["alice.eth"], time: 30 },
      });
      expect(await run.client.properties(GATED)).to.deep.equal({ name: GATED, mediators: ["alice.eth", "erin.eth"], time: 0 });
      expect((await postRpc(run.service.url, rpc("dm3_billboard_countActiveViewers", [BOARD]))).json.result).to.deep.equal({ viewers: 1 });
      expect(pushed.map((m) => m.message)).to.deep.equal(["hello wall", "hi alice", "third"]);

      // The same envelope again: success, stored once.
      const again = envelopeTo(fx, first.message as Message, { from: alice.name, signer: alice });
      expect((await postRpc(run.service.url, submitRequest(again))).json).to.deep.include({ result: "success" });
      expect(await run.client.getMessages(BOARD)).to.have.length(3);
    } finally {
      viewer.close();
    }
  });

  it("accepts an envelope built by the dm3 reference library (npm 1.7.1 variant)", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { bob } = fx.users;
    const message = await refMessaging.createMessage(BOARD, bob.name, "from the reference client", bob.keys.signingKeyPair.privateKey);
    const boardProfile = { publicEncryptionKey: fx.boardKeys.encryptionKeyPair.publicKey, publicSigningKey: fx.boardKeys.signingKeyPair.publicKey, deliveryServices: [BOARD] };
    const { encryptedEnvelop } = await refMessaging.buildEnvelop(message, refCryptoLib.encryptAsymmetric, {
      to: { ensName: BOARD, profile: boardProfile },
      from: { ensName: bob.name, profile: { publicEncryptionKey: bob.keys.encryptionKeyPair.publicKey, publicSigningKey: bob.keys.signingKeyPair.publicKey, deliveryServices: [BOARD] } },
      deliverServiceProfile: { publicEncryptionKey: fx.boardKeys.encryptionKeyPair.publicKey, publicSigningKey: fx.boardKeys.signingKeyPair.publicKey, url: run.service.url },
      keys: bob.keys,
    });
    expect((await postRpc(run.service.url, submitRequest(encryptedEnvelop))).json).to.deep.include({ result: "success" });
    expect(await run.client.getMessages(BOARD)).to.deep.equal([JSON.parse(JSON.stringify(message))]);
  });

  it("refuses forged senders: another's envelope signature, a message from someone else inside, a message signature by another key", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { alice, bob, mallory } = fx.users;
    const url = run.service.url;
    // mallory claims to be alice in the delivery information, signing with her own key
    const claimed = envelopeTo(fx, createMessage(BOARD, alice.name, "I am alice", mallory.keys.signingKeyPair.privateKey), { from: alice.name, signer: mallory });
    expect(await refusal(url, submitRequest(claimed))).to.deep.include({ code: -32003, dm3: "DS_FORGED_SENDER" });
    // mallory's own envelope, with a message from alice inside (signed by mallory)
    const inside = envelopeTo(fx, createMessage(BOARD, alice.name, "I am alice", mallory.keys.signingKeyPair.privateKey), { from: mallory.name, signer: mallory });
    const r2 = await refusal(url, submitRequest(inside));
    expect(r2).to.deep.include({ code: -32003, dm3: "DS_FORGED_SENDER" });
    expect(r2.message).to.match(/the message inside is from "alice\.eth"/);
    // mallory's envelope and name, but the message signed with bob's key
    const badSig = envelopeTo(fx, createMessage(BOARD, mallory.name, "signed by bob", bob.keys.signingKeyPair.privateKey), { from: mallory.name, signer: mallory });
    const r3 = await refusal(url, submitRequest(badSig));
    expect(r3).to.deep.include({ code: -32003, dm3: "DS_FORGED_SENDER" });
    expect(r3.message).to.match(/message signature/);
    // the SDK refuses to even build such a post
    await expect(postToBillboard(fx.provider, mallory.keys, alice.name, BOARD, "x")).to.be.rejected;
    expect(await run.client.getMessages(BOARD)).to.deep.equal([]);
    expect(await run.store.billboards.countUnbatched(BOARD)).to.equal(0);
  });

  it("applies the billboard's token-gate rule set (Dm3RuleSets): alice passes, bob is refused and nothing is stored", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { alice, bob } = fx.users;
    await post(fx, alice, "holder here", GATED);
    const err = await post(fx, bob, "let me in", GATED).catch((e: unknown) => e);
    expect(err).to.have.property("code", "BILLBOARD_NOT_DELIVERED");
    const refused = await refusal(run.service.url, submitRequest(envelopeTo(fx, createMessage(GATED, bob.name, "let me in", bob.keys.signingKeyPair.privateKey), { from: bob.name, signer: bob })));
    expect(refused).to.deep.include({ status: 400, code: -32010, dm3: "BILLBOARD_SENDER_NOT_ELIGIBLE" });
    expect(refused.message).to.match(new RegExp(`bob\\.eth does not pass rule set ${fx.ruleSetId}`));
    expect((await run.client.getMessages(GATED)).map((m) => m.metadata.from)).to.deep.equal(["alice.eth"]);
    // the open billboard takes bob
    await post(fx, bob, "open wall", BOARD);
    expect(await run.client.getMessages(BOARD)).to.have.length(1);
  });

  it("refuses malformed requests and posts with typed JSON-RPC errors", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx, { sizeLimit: 10_000 });
    const { alice } = fx.users;
    const url = run.service.url;
    const send = (m: Message, to?: string) => refusal(url, submitRequest(envelopeTo(fx, m, { from: alice.name, to, signer: alice })));
    const key = alice.keys.signingKeyPair.privateKey;
    expect(await send(createMessage("bob.eth", alice.name, "not a billboard", key))).to.deep.include({ code: -32001, dm3: "DS_UNKNOWN_RECEIVER" });
    expect(await send(createSignedMessage("DELETE_REQUEST", BOARD, alice.name, { referenceMessageHash: `0x${"11".repeat(32)}` }, key))).to.deep.include({ code: -32000, dm3: "DS_INVALID_INPUT" });
    expect((await send(createMessage(BOARD, alice.name, "from the future", key, undefined, Date.now() + 3_600_000))).message).to.match(/in the future/);
    expect((await send(createMessage(BOARD, alice.name, "stale", key, undefined, Date.now() - 7_200_000))).message).to.match(/in the past/);
    expect((await send(createMessage(GATED, alice.name, "elsewhere", key), BOARD)).message).to.match(/addressed to "gated\.dm3\.eth"/);
    expect(await send(createMessage(BOARD, alice.name, "x".repeat(20_000), key))).to.deep.include({ code: -32011, dm3: "DS_TOO_BIG" });

    expect(await refusal(url, "{not json")).to.deep.include({ code: -32700 });
    expect(await refusal(url, rpc("dm3_billboard_nope"))).to.deep.include({ code: -32601, dm3: "DS_METHOD_NOT_FOUND" });
    expect(await refusal(url, { jsonrpc: "1.0", method: "dm3_billboard_list" })).to.deep.include({ code: -32006 });
    expect(await refusal(url, rpc("dm3_billboard_getMessages", ["nope.dm3.eth"]))).to.deep.include({ code: -32001, dm3: "BILLBOARD_UNKNOWN" });
    expect((await refusal(url, rpc("dm3_billboard_getMessages", ["BillBoard.dm3.eth"]))).message).to.match(/not a normalized ENS name/);
    expect(await refusal(url, rpc("dm3_billboard_getMessages", [BOARD, "foo"]))).to.deep.include({ code: -32000, dm3: "DS_INVALID_INPUT" });
    expect(await refusal(url, rpc("dm3_billboard_getMessages", [BOARD, "1", "5000"]))).to.deep.include({ code: -32000 });
    expect(await refusal(url, rpc("dm3_billboard_getProof", [BOARD, "0x1234"]))).to.deep.include({ code: -32000 });
    expect(await refusal(url, rpc("dm3_billboard_getProof", [BOARD, `0x${"ab".repeat(32)}`]))).to.deep.include({ code: -32001, dm3: "BILLBOARD_MESSAGE_NOT_FOUND" });
    expect(await run.client.getMessages(BOARD)).to.deep.equal([]);
    // the SDK client surfaces the codes
    const err = await new BillboardServiceClient(url).properties("nope.dm3.eth").catch((e: unknown) => e);
    expect(err).to.be.instanceOf(BillboardRequestError).and.deep.include({ status: 400, rpcCode: -32001 });
  });

  it("limits posting per client (HTTP 429, Retry-After, -32005), not reading", async () => {
    const fx = await loadFixture(serviceFixture);
    let t = 0;
    run = await start(fx, { rateLimit: { perSecond: 1, burst: 1, now: () => t } });
    const { alice } = fx.users;
    await post(fx, alice, "first");
    const envelope = envelopeTo(fx, createMessage(BOARD, alice.name, "second", alice.keys.signingKeyPair.privateKey), { from: alice.name, signer: alice });
    const res = await fetch(`${run.service.url}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(submitRequest(envelope, 3)) });
    expect([res.status, res.headers.get("retry-after")]).to.deep.equal([429, "1"]);
    expect(((await res.json()) as { error: unknown }).error).to.deep.equal({ code: -32005, message: "limit exceeded: too many requests from this client, retry after 1 s", data: { code: "DS_LIMIT_EXCEEDED" } });
    for (let i = 0; i < 5; i++) expect(await run.client.getMessages(BOARD)).to.have.length(1);
    t += 1000;
    expect((await postRpc(run.service.url, submitRequest(envelope))).status).to.equal(200);
    expect(await run.client.getMessages(BOARD)).to.have.length(2);
  });

  it("lets mediators delete messages (valid signature); refuses a wrong mediator, a bad signature and an unknown message, state unchanged", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { alice, bob, erin, mallory } = fx.users;
    const url = run.service.url;
    const target = await post(fx, bob, "something rude");
    await post(fx, alice, "something kind");
    const id = target.messageId;
    const del = (mediator: string, signature: string, board = BOARD, messageId = id) => rpc("dm3_billboard_deleteMessage", [board, messageId, mediator, signature]);

    // bob is no mediator, though he signs correctly with his own key
    expect(await refusal(url, del(bob.name, signDeletion(bob.keys.signingKeyPair.privateKey, BOARD, id)))).to.deep.include({ code: -32003, dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    // erin mediates the gated billboard, not this one
    expect(await refusal(url, del(erin.name, signDeletion(erin.keys.signingKeyPair.privateKey, BOARD, id)))).to.deep.include({ dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    // alice named, mallory's key
    expect((await refusal(url, del(alice.name, signDeletion(mallory.keys.signingKeyPair.privateKey, BOARD, id)))).message).to.match(/signature is not by its profile signing key/);
    // alice's key over another message id, and over the id without stringify (not dm3's bytes)
    expect(await refusal(url, del(alice.name, signDeletion(alice.keys.signingKeyPair.privateKey, BOARD, `0x${"00".repeat(32)}`)))).to.deep.include({ dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    const { sha256 } = await import("../../src/shared/json");
    const { signEd25519 } = await import("../../src/crypto");
    expect(await refusal(url, del(alice.name, signEd25519(alice.keys.signingKeyPair.privateKey, sha256(BOARD + id))))).to.deep.include({ dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    expect(await refusal(url, del(alice.name, "not base64"))).to.deep.include({ dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    expect(await run.client.getMessages(BOARD)).to.have.length(2);

    // a valid deletion: the spec's signature, reference-checkable
    const signature = signDeletion(alice.keys.signingKeyPair.privateKey, BOARD, id);
    const refShared = await import("@dm3-org/dm3-lib-shared");
    expect(await refCryptoLib.checkSignature(alice.keys.signingKeyPair.publicKey, refShared.sha256(refShared.stringify(BOARD + id)), signature)).to.equal(true);
    expect((await postRpc(url, del(alice.name, signature))).json).to.deep.include({ result: true });
    expect((await run.client.getMessages(BOARD)).map((m) => m.message)).to.deep.equal(["something kind"]);
    expect(await refusal(url, rpc("dm3_billboard_getProof", [BOARD, id]))).to.deep.include({ dm3: "BILLBOARD_MESSAGE_NOT_FOUND" });
    // again: still fine (idempotent); an unknown message: not found
    expect(await run.client.deleteMessage(BOARD, id, alice.name, alice.keys.signingKeyPair.privateKey)).to.equal(true);
    const unknown = `0x${"cd".repeat(32)}`;
    expect(await refusal(url, del(alice.name, signDeletion(alice.keys.signingKeyPair.privateKey, BOARD, unknown), BOARD, unknown))).to.deep.include({ code: -32001, dm3: "BILLBOARD_MESSAGE_NOT_FOUND" });
  });

  it("lets mediators suspend senders on the billboards they mediate; refuses a wrong mediator and a bad signature, state unchanged", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { alice, bob, erin, mallory } = fx.users;
    const url = run.service.url;
    await post(fx, bob, "first");
    await post(fx, alice, "holder", GATED);
    await post(fx, mallory, "spam");
    const suspend = (blocked: string, mediator: string, signature: string) => rpc("dm3_billboard_suspendSender", [blocked, mediator, signature]);

    expect(await refusal(url, suspend(bob.name, mallory.name, signSuspension(mallory.keys.signingKeyPair.privateKey, bob.name)))).to.deep.include({ code: -32003, dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    expect(await refusal(url, suspend(bob.name, alice.name, signSuspension(bob.keys.signingKeyPair.privateKey, bob.name)))).to.deep.include({ dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    expect(await refusal(url, suspend(bob.name, alice.name, signSuspension(alice.keys.signingKeyPair.privateKey, mallory.name)))).to.deep.include({ dm3: "BILLBOARD_MEDIATOR_UNAUTHORIZED" });
    expect(await refusal(url, suspend("Bob.eth", alice.name, signSuspension(alice.keys.signingKeyPair.privateKey, "Bob.eth")))).to.deep.include({ dm3: "DS_INVALID_INPUT" });
    expect(await run.client.getMessages(BOARD)).to.have.length(2);
    await post(fx, bob, "still here");

    // alice mediates both billboards: bob is suspended on both, his messages hidden, his posts refused
    expect(await run.client.suspendSender(bob.name, alice.name, alice.keys.signingKeyPair.privateKey)).to.equal(true);
    expect((await run.client.getMessages(BOARD)).map((m) => m.metadata.from)).to.deep.equal(["mallory.eth"]);
    const refused = await refusal(url, submitRequest(envelopeTo(fx, createMessage(BOARD, bob.name, "again", bob.keys.signingKeyPair.privateKey), { from: bob.name, signer: bob })));
    expect(refused).to.deep.include({ code: -32003, dm3: "BILLBOARD_SENDER_SUSPENDED" });
    // erin mediates only the gated billboard: suspending mallory's address there leaves the open wall alone
    expect(await run.client.suspendSender(mallory.address, erin.name, erin.keys.signingKeyPair.privateKey)).to.equal(true);
    expect(await run.store.billboards.isSuspended(GATED, mallory.name, mallory.address.toLowerCase())).to.equal(true);
    expect(await run.store.billboards.isSuspended(BOARD, mallory.name, mallory.address.toLowerCase())).to.equal(false);
    await post(fx, mallory, "still on the open wall");
    expect((await run.client.getMessages(BOARD)).map((m) => m.metadata.from)).to.deep.equal(["mallory.eth", "mallory.eth"]);
  });

  it("batches by count and on flush, anchors with the mediator's key, and hands out proofs that verify off-chain and on-chain", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const { alice, bob } = fx.users;
    const anchor = Dm3BillboardAnchor__factory.connect(fx.anchorAddress, fx.provider);
    const posts = [];
    for (let i = 0; i < 6; i++) posts.push(await post(fx, i % 2 ? bob : alice, `post #${i}`));

    // 4 make a batch (count trigger); wait for it to be anchored
    const deadline = Date.now() + 10_000;
    while (Number(await anchor.batchCount(namehash(BOARD))) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const p0 = await fetchBillboardProof(run.service.url, BOARD, posts[0].messageId);
    expect(p0).to.deep.include({ billboard: BOARD, messageId: posts[0].messageId, status: "anchored", anchor: { address: fx.anchorAddress, chainId: 31337 } });
    expect(p0.batch).to.deep.include({ number: 0, messageCount: 4, sequence: 0, state: "anchored" });
    expect(p0.batch!.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(p0.message).to.deep.equal(posts[0].message);
    expect(verifyMessageProof(p0.proof!, p0.message)).to.equal(true);
    expect(await verifyMessageOnChain(fx.provider, fx.anchorAddress, p0.proof!)).to.equal(true);
    const verdict = await checkMessageInclusion(fx.provider, fx.anchorAddress, p0.proof!, p0.message);
    expect(verdict).to.deep.include({ proofValid: true, anchored: true, onChain: true, included: true });
    expect(verdict.batch).to.deep.include({ sequence: 0, root: p0.batch!.root, messageCount: 4 });

    // the other two wait; flush makes them a batch
    const pending = await run.client.getProof(BOARD, posts[5].messageId);
    expect(pending).to.deep.include({ status: "pending", batch: null, proof: null });
    const flushed = await run.service.flush();
    expect(flushed.map((b) => [b.number, b.messageCount, b.state])).to.deep.equal([[1, 2, "anchored"]]);
    expect(Number(flushed[0].gasUsed)).to.be.within(40_000, 80_000);
    const p5 = await run.client.getProof(BOARD, posts[5].messageId);
    expect(p5.batch).to.deep.include({ number: 1, sequence: 1 });
    expect((await checkMessageInclusion(fx.provider, fx.anchorAddress, p5.proof!, p5.message)).included).to.equal(true);
    // a proof moved to the other batch's root fails
    expect((await checkMessageInclusion(fx.provider, fx.anchorAddress, { ...p5.proof!, root: p0.proof!.root }, p5.message)).included).to.equal(false);
    expect(await run.service.flush()).to.deep.equal([]);
    expect(Number(await anchor.batchCount(namehash(BOARD)))).to.equal(2);
    const batches = await run.store.billboards.batches(BOARD);
    expect(batches.map((b) => b.sequence)).to.deep.equal([0, 1]);
    console.log(`      (anchor gas from the service: batch of 4 ${batches[0].gasUsed}, batch of 2 ${batches[1].gasUsed})`);
  });

  it("serves /health, answers allowed browser origins and refuses others, and refuses a billboard whose profile has other keys", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx, { allowedOrigins: ["http://127.0.0.1:8550"] });
    const url = run.service.url;
    expect(await (await fetch(`${url}/health`)).json()).to.deep.equal({ status: "ok", storage: "sqlite", schemaVersion: 3, billboards: 2, anchoring: true });
    const allowed = await fetch(`${url}/rpc`, { method: "POST", headers: { origin: "http://127.0.0.1:8550", "content-type": "application/json" }, body: JSON.stringify(rpc("dm3_billboard_list")) });
    expect(allowed.headers.get("access-control-allow-origin")).to.equal("http://127.0.0.1:8550");
    const preflight = await fetch(`${url}/rpc`, { method: "OPTIONS", headers: { origin: "http://127.0.0.1:8550" } });
    expect(preflight.status).to.equal(204);
    const other = await fetch(`${url}/rpc`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/json" }, body: JSON.stringify(rpc("dm3_billboard_list")) });
    expect(other.status).to.equal(403);
    expect(other.headers.get("access-control-allow-origin")).to.equal(null);
    await run.service.close();
    run = undefined;

    await expect(
      startBillboardService({
        billboards: [{ name: BOARD, encryptionKeyPair: fx.users.alice.keys.encryptionKeyPair }],
        deliveryServiceKeys: fx.boardKeys,
        store: (await import("../../src/delivery")).SqliteStore.open((await import("../delivery/fixtures")).tempDir()),
        directory: new (await import("../../src/delivery")).EnsDirectory(fx.provider),
        logger: "silent",
      }),
    ).to.be.rejectedWith(BillboardServiceConfigError, /another encryption key/);
  });

  it("runs on PostgreSQL: posts, anchors, proves on-chain, and a restarted service re-anchors nothing", async () => {
    const fx = await loadFixture(serviceFixture);
    const databaseUrl = await (await sharedPostgres()).createDatabase();
    run = await start(fx, { store: await PostgresStore.open(databaseUrl) });
    const { alice, bob } = fx.users;
    const posts = [];
    for (let i = 0; i < 5; i++) posts.push(await post(fx, i % 2 ? bob : alice, `pg #${i}`));
    await run.service.flush();
    expect((await run.store.billboards.batches(BOARD)).map((b) => [b.messageCount, b.state])).to.deep.equal([[4, "anchored"], [1, "anchored"]]);
    await run.service.close();

    run = await start(fx, { store: await PostgresStore.open(databaseUrl) });
    expect(await run.service.flush()).to.deep.equal([]);
    expect(await run.client.getMessages(BOARD)).to.have.length(5);
    for (const p of posts) {
      const answer = await run.client.getProof(BOARD, p.messageId);
      expect((await checkMessageInclusion(fx.provider, fx.anchorAddress, answer.proof!, answer.message)).included, p.message.message).to.equal(true);
    }
    const anchor = Dm3BillboardAnchor__factory.connect(fx.anchorAddress, fx.provider);
    expect(Number(await anchor.batchCount(namehash(BOARD)))).to.equal(2);
  });
});
