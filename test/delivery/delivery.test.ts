import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { io as connect, type Socket } from "socket.io-client";
import pino from "pino";
import { hashMessage } from "ethers";
import { sha256, stringify } from "../../src/shared/json";
import { openEnvelope } from "../../src/messaging";
import { EnsDirectory, RPC_ERROR, type EncryptionEnvelope } from "../../src/delivery";
import {
  deliveryFixture,
  postRpc,
  referenceEnvelope,
  refCryptoLib,
  sdkEnvelope,
  refMessaging,
  signUpAndLogin,
  startTestDs,
  submitRequest,
  type RunningDs,
  leaveCleanChain,
} from "./fixtures";

function waitFor<T>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe("delivery service: submit, fetch, acknowledge (reference interop)", function () {
  this.timeout(60_000);
  after(leaveCleanChain);
  let run: RunningDs | undefined;
  afterEach(async () => {
    await run?.ds.close();
    run = undefined;
  });

  it("an envelope built by the reference library reaches bob's inbox with a postmark, and bob's reference client decrypts and verifies it", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx);
    const token = await signUpAndLogin(run.client, bob);
    const envelope = await referenceEnvelope(fx, alice, bob, "hello bob");

    const answer = await postRpc(run.ds.url, submitRequest(envelope, 7));
    expect(answer).to.deep.equal({ status: 200, json: { jsonrpc: "2.0", id: 7, result: "success" } });

    const inbox = await run.client.incoming(bob.name, token);
    expect(inbox).to.have.length(1);
    const stored = inbox[0];
    expect(stored.message).to.equal(envelope.message);
    expect(stored.metadata.deliveryInformation).to.deep.equal({ to: bob.name, from: alice.name });
    // The reference receiver: decrypt message and postmark, check the sender's signature and the DS's postmark signature.
    const opened = await refMessaging.decryptEnvelop(stored, bob.keys.encryptionKeyPair);
    expect(opened.message.message).to.equal("hello bob");
    expect(await refMessaging.checkMessageSignature(opened.message, alice.signedProfile.profile.publicSigningKey, alice.name)).to.equal(true);
    const { signature, ...postmark } = opened.postmark as { signature: string; messageHash: string; incommingTimestamp: number };
    expect(postmark.messageHash).to.equal(hashMessage(stringify(envelope.message)));
    expect(postmark.incommingTimestamp).to.be.closeTo(Date.now(), 60_000);
    expect(await refCryptoLib.checkSignature(fx.dsKeys.signingKeyPair.publicKey, sha256(stringify(postmark)), signature)).to.equal(true);
    // dm3kit's receiver side verifies everything, the postmark against ds.dm3.eth's published profile.
    const ours = await openEnvelope(stored, bob.keys, { provider: fx.f.provider, ownName: bob.name, requirePostmark: true });
    expect(ours.message.message).to.equal("hello bob");
    expect(ours.checks).to.deep.equal({ decryption: "valid", messageHash: "valid", senderName: "valid", messageSignature: "valid", metadataSignature: "unverifiable", postmark: "valid" });
  });

  it("resubmitting the same envelope gets the same answer and stores it once; acknowledging removes it", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx);
    const token = await signUpAndLogin(run.client, bob);
    const envelope = await referenceEnvelope(fx, alice, bob, "once");
    const first = await postRpc(run.ds.url, submitRequest(envelope, 1));
    const again = await postRpc(run.ds.url, submitRequest(envelope, 1));
    expect(again).to.deep.equal(first);
    expect(await run.store.count()).to.equal(1);
    // Concurrent duplicates too.
    const other = await referenceEnvelope(fx, alice, bob, "twice at once");
    await Promise.all([run.client.submit(other), run.client.submit(other), run.client.submit(other)]);
    expect(await run.store.count()).to.equal(2);

    const inbox = await run.client.incoming(bob.name, token);
    const acked = await run.client.acknowledge(bob.name, token, [{ contactAddress: alice.name, messageHash: envelope.metadata.encryptedMessageHash! }]);
    expect(acked).to.equal(1);
    expect((await run.client.incoming(bob.name, token)).map((e) => e.message)).to.deep.equal([inbox[1].message]);
    // After the acknowledgement the receipt remains: a late duplicate is not delivered again.
    expect((await postRpc(run.ds.url, submitRequest(envelope))).status).to.equal(200);
    expect(await run.store.count()).to.equal(1);
  });

  it("dm3_getDeliveryServiceProperties exposes only messageTTL and sizeLimit, as a JSON string", async () => {
    const fx = await loadFixture(deliveryFixture);
    run = await startTestDs(fx, { sizeLimit: 50_000, messageTtlMs: 3_600_000 });
    const answer = await postRpc(run.ds.url, { jsonrpc: "2.0", id: "p", method: "dm3_getDeliveryServiceProperties", params: [] });
    expect(answer.status).to.equal(200);
    expect(answer.json.result).to.equal('{"messageTTL":3600000,"sizeLimit":50000}');
    expect(await run.client.properties()).to.deep.equal({ messageTTL: 3_600_000, sizeLimit: 50_000 });
  });

  it("a receiver reads and sets its spam rules through the authenticated route; they appear in its profile extension", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { bob } = fx.users;
    run = await startTestDs(fx);
    const token = await signUpAndLogin(run.client, bob);
    expect(await run.client.getSpamFilterRules(bob.name, token)).to.deep.equal({});
    expect(await run.client.profileExtension(bob.name)).to.deep.equal({ encryptionAlgorithm: ["x25519-chacha20-poly1305"], notSupportedMessageTypes: [] });
    const rules = { minNonce: 1, minBalance: "1000", minTokenBalance: { address: "0x" + "12".repeat(20), amount: "5" } };
    expect(await run.client.setSpamFilterRules(bob.name, token, rules)).to.deep.equal(rules);
    expect(await run.client.getSpamFilterRules(bob.name, token)).to.deep.equal(rules);
    expect((await run.client.profileExtension(bob.name)).spamFilterRules).to.deep.equal(rules);
    await run.client.setSpamFilterRules(bob.name, token, {});
    expect(await run.client.profileExtension(bob.name)).to.not.have.property("spamFilterRules");
  });

  it("pushes a submitted envelope to the receiver's socket and accepts submitMessage over the socket", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx);
    const token = await signUpAndLogin(run.client, bob);
    const socket = connect(run.ds.url, { transports: ["websocket"], auth: { account: { ensName: bob.name }, token }, reconnection: false });
    try {
      await waitFor(socket, "authorized");
      const pushed = waitFor<EncryptionEnvelope>(socket, "message");
      const envelope = await referenceEnvelope(fx, alice, bob, "pushed");
      await run.client.submit(envelope);
      const got = await pushed;
      expect(got.message).to.equal(envelope.message);
      expect(got.postmark).to.be.a("string");

      const viaSocket = await referenceEnvelope(fx, alice, bob, "over the socket");
      const nextPush = waitFor<EncryptionEnvelope>(socket, "message");
      const ack = await socket.timeout(5000).emitWithAck("submitMessage", { envelop: JSON.stringify(viaSocket), token });
      expect(ack).to.deep.equal({ response: "success" });
      expect((await nextPush).message).to.equal(viaSocket.message);
      const bad = await socket.timeout(5000).emitWithAck("submitMessage", { envelop: "{", token });
      expect(bad).to.deep.equal({ error: "the envelope is not valid JSON", code: RPC_ERROR.INVALID_INPUT });
    } finally {
      socket.close();
    }
  });

  it("refuses a socket with a wrong token (unauthorized, then disconnected)", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx);
    await signUpAndLogin(run.client, bob);
    const aliceToken = await signUpAndLogin(run.client, alice);
    const socket = connect(run.ds.url, { transports: ["websocket"], auth: { account: { ensName: bob.name }, token: aliceToken }, reconnection: false });
    try {
      const disconnected = waitFor(socket, "disconnect");
      const refused = await waitFor<{ error: string }>(socket, "unauthorized");
      expect(refused.error).to.equal("the auth token belongs to another account");
      await disconnected;
    } finally {
      socket.close();
    }
  });

  it("answers browsers only from its allowed origins (none by default): HTTP with 403 and the socket handshake refused for any other origin", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { bob } = fx.users;
    const page = "http://127.0.0.1:8550";
    run = await startTestDs(fx, { allowedOrigins: [page] });
    const token = await signUpAndLogin(run.client, bob);
    const properties = { jsonrpc: "2.0", id: 1, method: "dm3_getDeliveryServiceProperties", params: [] };
    const post = (origin?: string) => fetch(`${run!.ds.url}/rpc`, { method: "POST", headers: { "content-type": "application/json", ...(origin ? { origin } : {}) }, body: JSON.stringify(properties) });
    const allowed = await post(page);
    expect(allowed.status).to.equal(200);
    expect(allowed.headers.get("access-control-allow-origin")).to.equal(page);
    const refused = await post("http://127.0.0.1:9999");
    expect(refused.status).to.equal(403);
    expect(refused.headers.get("access-control-allow-origin")).to.equal(null);
    expect((await post()).status).to.equal(200);
    const handshake = async (origin: string) => {
      const socket = connect(run!.ds.url, { transports: ["websocket"], auth: { account: { ensName: bob.name }, token }, reconnection: false, extraHeaders: { origin } });
      try {
        return await new Promise<string>((resolve) => {
          socket.once("authorized", () => resolve("authorized"));
          socket.once("connect_error", (e: Error) => resolve(`refused: ${e.message}`));
        });
      } finally {
        socket.close();
      }
    };
    expect(await handshake(page)).to.equal("authorized");
    expect(await handshake("http://127.0.0.1:9999")).to.match(/^refused/);
    await run.ds.close();
    // The default: no browser origin at all.
    run = await startTestDs(fx);
    expect((await fetch(`${run.ds.url}/rpc`, { method: "POST", headers: { "content-type": "application/json", origin: page }, body: JSON.stringify(properties) })).status).to.equal(403);
  });

  it("a client following the reference client's REST flow fetches what dm3kit sent, and the reference library decrypts it", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx);
    await run.client.signUp(bob.name, bob.signedProfile);
    const envelope = sdkEnvelope(fx, alice, bob, "to a reference client");
    await run.client.submit(envelope);

    // The reference client's flow (ServerSideConnector): GET challenge, sign the whole JWT with
    // lib-crypto's sign, POST it, then GET incoming with the bearer token.
    const challenge = (await (await fetch(`${run.ds.url}/auth/${bob.name}`)).json()) as string;
    const signature = await refCryptoLib.sign(bob.keys.signingKeyPair.privateKey, challenge);
    const tokenRes = await fetch(`${run.ds.url}/auth/${bob.name}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ signature, challenge }) });
    expect(tokenRes.status).to.equal(200);
    const token = (await tokenRes.json()) as string;
    const incoming = (await (await fetch(`${run.ds.url}/delivery/messages/incoming/${bob.name}`, { headers: { authorization: `Bearer ${token}` } })).json()) as EncryptionEnvelope[];
    const opened = await refMessaging.decryptEnvelop(incoming[0], bob.keys.encryptionKeyPair);
    expect(opened.message.message).to.equal("to a reference client");
    // The ack the widget sends (sender name + metadata hash).
    const ack = await fetch(`${run.ds.url}/delivery/messages/${bob.name}/syncAcknowledgements/`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ acknowledgements: [{ contactAddress: alice.name, messageHash: (incoming[0] as EncryptionEnvelope).metadata.messageHash }] }),
    });
    expect(ack.status).to.equal(200);
    expect(await run.store.count()).to.equal(0);
  });

  it("answers GET /health and GET /profile with the stored profile", async () => {
    const fx = await loadFixture(deliveryFixture);
    run = await startTestDs(fx);
    await run.client.signUp(fx.users.bob.name, fx.users.bob.signedProfile);
    expect(await (await fetch(`${run.ds.url}/health`)).json()).to.deep.equal({ status: "ok", storage: "sqlite", schemaVersion: 3 });
    expect(await (await fetch(`${run.ds.url}/profile/bob.eth`)).json()).to.deep.equal(fx.users.bob.signedProfile);
    const missing = await fetch(`${run.ds.url}/profile/alice.eth`);
    expect(missing.status).to.equal(404);
  });

  it("drops envelopes after the message TTL (not listed, then purged)", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx, { messageTtlMs: 300, purgeIntervalMs: 100 });
    const token = await signUpAndLogin(run.client, bob);
    await run.client.submit(await referenceEnvelope(fx, alice, bob, "short-lived"));
    expect(await run.client.incoming(bob.name, token)).to.have.length(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(await run.client.incoming(bob.name, token)).to.have.length(0);
    expect(await run.store.count()).to.equal(0);
  });

  it("close() lets an in-flight submit finish with its answer", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    const inner = new EnsDirectory(fx.f.provider);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = { ...inner, address: inner.address.bind(inner), forget: inner.forget.bind(inner), profile: async (n: string) => (await gate, inner.profile(n)) };
    run = await startTestDs(fx, { directory: slow });
    await run.store.putAccount(bob.address.toLowerCase(), bob.name, bob.signedProfile, { notSupportedMessageTypes: [] }, Date.now());
    const envelope = await referenceEnvelope(fx, alice, bob, "in flight");
    const pending = postRpc(run.ds.url, submitRequest(envelope));
    await new Promise((r) => setTimeout(r, 100));
    const store = run.store;
    const closing = run.ds.close();
    run = undefined;
    release();
    expect((await pending).status).to.equal(200);
    await closing;
    expect(await store.count().catch(() => -1)).to.equal(-1); // closed with the service
  });

  it("logs structured lines without keys, tokens or message bodies", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    const lines: string[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
    run = await startTestDs(fx, { logger });
    const token = await signUpAndLogin(run.client, bob);
    const envelope = sdkEnvelope(fx, alice, bob, "secret text");
    await run.client.submit(envelope);
    await postRpc(run.ds.url, submitRequest("{broken"));
    await run.client.incoming(bob.name, token);
    await fetch(`${run.ds.url}/delivery/messages/incoming/bob.eth`, { headers: { authorization: "Bearer forged.token.value" } });
    const all = lines.join("\n");
    expect(lines.length).to.be.greaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line)).to.not.throw();
    expect(all).to.include('"event":"signup"').and.include('"event":"login"').and.include('"event":"submit"').and.include('"event":"rpc-error"');
    for (const secret of [token, "forged.token.value", fx.dsKeys.signingKeyPair.privateKey, fx.dsKeys.encryptionKeyPair.privateKey, envelope.message, envelope.metadata.signature, "secret text", "{broken"]) {
      expect(all).to.not.include(secret);
    }
  });
});
