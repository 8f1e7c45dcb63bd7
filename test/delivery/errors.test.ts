import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { createProfile } from "../../src/profile";
import { RPC_ERROR, createAuthToken, createChallenge, serverSecret, signJwt, type SpamFilterRules } from "../../src/delivery";
import { deliveryFixture, postRpc, referenceEnvelope, refCryptoLib, refServerSide, signUpAndLogin, startTestDs, submitRequest, type DeliveryFixture, type RunningDs, leaveCleanChain } from "./fixtures";

/** Expects a JSON-RPC failure: HTTP 400, the spec's code, the request's id, a message matching `message`. */
async function expectRpcError(url: string, body: unknown, code: number, message: RegExp, id: unknown = 1): Promise<void> {
  const { status, json } = await postRpc(url, body);
  expect(status, JSON.stringify(json)).to.equal(400);
  expect(json.jsonrpc).to.equal("2.0");
  expect(json.id).to.equal(id);
  expect(json.error?.code, json.error?.message).to.equal(code);
  expect(json.error?.message).to.match(message);
  expect(json).to.not.have.property("result");
}

describe("delivery service: every error path answers with its HTTP status and JSON-RPC error, and stores nothing", function () {
  this.timeout(60_000);
  after(leaveCleanChain);
  let run: RunningDs;
  let fx: DeliveryFixture;
  let bobToken: string;

  beforeEach(async () => {
    fx = await loadFixture(deliveryFixture);
    run = await startTestDs(fx);
    bobToken = await signUpAndLogin(run.client, fx.users.bob);
  });
  afterEach(async () => {
    expect(await run.store.count()).to.equal(0);
    await run.ds.close();
  });

  describe("dm3_submitMessage", () => {
    it("body that is not JSON: -32700", async () => {
      await expectRpcError(run.ds.url, '{"jsonrpc":"2.0",', RPC_ERROR.PARSE_ERROR, /not valid JSON/, null);
    });

    it("not a JSON-RPC request: -32600 (no jsonrpc, batch, params not an array); wrong version: -32006; unknown method: -32601", async () => {
      await expectRpcError(run.ds.url, { id: 1, method: "dm3_submitMessage", params: [] }, RPC_ERROR.INVALID_REQUEST, /"jsonrpc": "2.0" is missing/);
      await expectRpcError(run.ds.url, [submitRequest("{}")], RPC_ERROR.INVALID_REQUEST, /batch/, null);
      await expectRpcError(run.ds.url, { jsonrpc: "2.0", id: 1, method: "dm3_submitMessage", params: "x" }, RPC_ERROR.INVALID_REQUEST, /params/);
      await expectRpcError(run.ds.url, { jsonrpc: "1.0", id: 1, method: "dm3_submitMessage", params: [] }, RPC_ERROR.VERSION_NOT_SUPPORTED, /"1.0"/);
      await expectRpcError(run.ds.url, { jsonrpc: "2.0", id: 1, method: "dm3_nope", params: [] }, RPC_ERROR.METHOD_NOT_FOUND, /dm3_nope/);
    });

    it("envelope missing, not JSON, or not matching the schema: -32000", async () => {
      const envelope = await referenceEnvelope(fx, fx.users.alice, fx.users.bob, "x");
      await expectRpcError(run.ds.url, { jsonrpc: "2.0", id: 1, method: "dm3_submitMessage", params: [] }, RPC_ERROR.INVALID_INPUT, /missing/);
      await expectRpcError(run.ds.url, submitRequest("{not json"), RPC_ERROR.INVALID_INPUT, /not valid JSON/);
      await expectRpcError(run.ds.url, submitRequest({ ...envelope, extra: 1 }), RPC_ERROR.INVALID_INPUT, /unexpected field "extra"/);
      const { signature: _s, ...noSig } = envelope.metadata;
      await expectRpcError(run.ds.url, submitRequest({ ...envelope, metadata: noSig }), RPC_ERROR.INVALID_INPUT, /missing "signature"/);
      await expectRpcError(run.ds.url, submitRequest({ ...envelope, metadata: { ...envelope.metadata, messageHash: "0x00" } }), RPC_ERROR.INVALID_INPUT, /not a valid EncryptionEnvelope: \/metadata has unexpected field "encryptedMessageHash"/);
      await expectRpcError(run.ds.url, submitRequest({ ...envelope, postmark: "x" }), RPC_ERROR.INVALID_INPUT, /must not carry a postmark/);
    });

    it("envelope over the size limit: -32011 (checked envelope and a body over the transport limit)", async () => {
      const big = await referenceEnvelope(fx, fx.users.alice, fx.users.bob, "x".repeat(80_000));
      await expectRpcError(run.ds.url, submitRequest(big), RPC_ERROR.TOO_BIG, /bytes, which exceeds the 100000-byte size limit/);
      const huge = JSON.stringify(submitRequest({ message: "y".repeat(300_000) }));
      await expectRpcError(run.ds.url, huge, RPC_ERROR.TOO_BIG, /the request exceeds the 100000-byte size limit/, null);
    });

    it("delivery information not encrypted to this delivery service: -32000", async () => {
      const otherDs = { ...fx.dsProfile, publicEncryptionKey: fx.users.erin.signedProfile.profile.publicEncryptionKey };
      const envelope = await referenceEnvelope(fx, fx.users.alice, fx.users.bob, "x", { dsProfile: otherDs });
      await expectRpcError(run.ds.url, submitRequest(envelope), RPC_ERROR.INVALID_INPUT, /cannot be decrypted/);
    });

    it("unknown receiver: -32001 (no account here; name without an address)", async () => {
      const toAlice = await referenceEnvelope(fx, fx.users.erin, fx.users.alice, "alice has no account at this DS");
      await expectRpcError(run.ds.url, submitRequest(toAlice), RPC_ERROR.RESOURCE_NOT_FOUND, /alice.eth has no account/);
      const toNobody = await referenceEnvelope(fx, fx.users.erin, { name: "nobody.eth", signedProfile: fx.users.bob.signedProfile }, "x");
      await expectRpcError(run.ds.url, submitRequest(toNobody), RPC_ERROR.RESOURCE_NOT_FOUND, /nobody.eth does not resolve/);
    });

    it("forged sender: metadata not signed by the claimed sender's published key, or a sender without a valid profile: -32003", async () => {
      const forged = await referenceEnvelope(fx, fx.users.mallory, fx.users.bob, "I am alice", { claimedFrom: "alice.eth" });
      await expectRpcError(run.ds.url, submitRequest(forged), RPC_ERROR.UNAUTHORIZED, /not signed by alice.eth: the metadata signature does not match/);
      const fromCarol = await referenceEnvelope(fx, fx.users.mallory, fx.users.bob, "carol has no profile", { claimedFrom: "carol.eth" });
      await expectRpcError(run.ds.url, submitRequest(fromCarol), RPC_ERROR.UNAUTHORIZED, /not signed by carol.eth: .*carol.eth has no "network.dm3.profile"/);
      // A tampered envelope (signature no longer covers the metadata).
      const good = await referenceEnvelope(fx, fx.users.alice, fx.users.bob, "x");
      const tampered = { ...good, metadata: { ...good.metadata, encryptedMessageHash: "0x" + "00".repeat(32) } };
      await expectRpcError(run.ds.url, submitRequest(tampered), RPC_ERROR.UNAUTHORIZED, /metadata signature does not match/);
    });

    it("spam-filtered sender: -32010 (minNonce, minBalance, minTokenBalance)", async () => {
      const cases: Array<[SpamFilterRules, RegExp]> = [
        [{ minNonce: 1_000_000 }, /minNonce 1000000/],
        [{ minBalance: (10n ** 30n).toString() }, /minBalance/],
        [{ minTokenBalance: { address: fx.f.ens.registry, amount: "1" } }, /minTokenBalance 1 of/],
      ];
      for (const [rules, message] of cases) {
        await run.client.setSpamFilterRules("bob.eth", bobToken, rules);
        const envelope = await referenceEnvelope(fx, fx.users.alice, fx.users.bob, "spam?");
        await expectRpcError(run.ds.url, submitRequest(envelope), RPC_ERROR.SPAM, message);
      }
      // Rules alice meets: accepted (then acknowledged so the store is empty again).
      await run.client.setSpamFilterRules("bob.eth", bobToken, { minBalance: "1", minNonce: 0 });
      const ok = await referenceEnvelope(fx, fx.users.alice, fx.users.bob, "fine");
      expect((await postRpc(run.ds.url, submitRequest(ok))).status).to.equal(200);
      expect(await run.client.acknowledge("bob.eth", bobToken, [{ contactAddress: "alice.eth", messageHash: ok.metadata.encryptedMessageHash! }])).to.equal(1);
    });

    it("dm3_getProfileExtension of an unknown user: -32001", async () => {
      await expectRpcError(run.ds.url, { jsonrpc: "2.0", id: 1, method: "dm3_getProfileExtension", params: ["alice.eth"] }, RPC_ERROR.RESOURCE_NOT_FOUND, /no account/);
      await expectRpcError(run.ds.url, { jsonrpc: "2.0", id: 1, method: "dm3_getProfileExtension", params: [] }, RPC_ERROR.INVALID_INPUT, /params\[0\]/);
    });
  });

  describe("authentication", () => {
    async function status(path: string, init: RequestInit = {}): Promise<[number, unknown]> {
      const res = await fetch(`${run.ds.url}${path}`, init);
      return [res.status, await res.json()];
    }
    const json = (body: unknown, token?: string): RequestInit => ({
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

    it("authenticated routes refuse requests without a token (401)", async () => {
      for (const [path, init] of [
        ["/delivery/messages/incoming/bob.eth", {}],
        ["/delivery/messages/bob.eth/syncAcknowledgements", json({ acknowledgements: [] })],
        ["/delivery/spamFilterRules/bob.eth", {}],
        ["/delivery/spamFilterRules/bob.eth", json({ minNonce: 1 })],
      ] as Array<[string, RequestInit]>) {
        expect(await status(path, init)).to.deep.equal([401, { error: "missing auth token (Authorization: Bearer <token>)", code: "DS_UNAUTHORIZED" }]);
      }
    });

    it("refuses expired, malformed, wrongly signed and foreign tokens (401), accepts the reference library's token", async () => {
      const secret = serverSecret(fx.dsKeys);
      const past = Math.floor(Date.now() / 1000) - 7200;
      const cases: Array<[string, RegExp]> = [
        [signJwt({ account: "bob.eth" }, secret, 3600, past), /expired/],
        ["not.a.token", /not valid \(malformed\)/],
        [createAuthToken("bob.eth", "another secret"), /not valid \(bad-signature\)/],
        [signJwt({ account: "bob.eth", challenge: "x" }, secret, 3600), /unexpected claims/],
        [createChallenge("bob.eth", secret), /unexpected claims/],
        [await signUpAndLogin(run.client, fx.users.alice), /belongs to another account/],
      ];
      for (const [token, message] of cases) {
        const [code, body] = await status("/delivery/messages/incoming/bob.eth", bearer(token));
        expect(code).to.equal(401);
        expect((body as { error: string }).error).to.match(message);
      }
      const reference = refServerSide.generateAuthJWT("bob.eth", secret);
      expect((await status("/delivery/messages/incoming/bob.eth", bearer(reference)))[0]).to.equal(200);
      // And the reference's checkToken accepts ours.
      expect(await refServerSide.checkToken({}, async () => true, "bob.eth", bobToken, secret)).to.equal(true);
      expect(await refServerSide.checkToken({}, async () => true, "alice.eth", bobToken, secret)).to.equal(false);
    });

    it("challenge-response: unknown account 404, wrong key / expired / foreign challenge 401, bad body 400", async () => {
      const secret = serverSecret(fx.dsKeys);
      expect((await status("/auth/alice.eth"))[0]).to.equal(404);
      const challenge = (await status("/auth/bob.eth"))[1] as string;
      const wrongKey = await refCryptoLib.sign(fx.users.mallory.keys.signingKeyPair.privateKey, challenge);
      expect(await status("/auth/bob.eth", json({ challenge, signature: wrongKey }))).to.deep.equal([401, { error: "Signature invalid", code: "DS_UNAUTHORIZED" }]);
      const expired = signJwt({ account: "bob.eth", challenge: "c" }, secret, 900, Math.floor(Date.now() / 1000) - 3600);
      const expiredSig = await refCryptoLib.sign(fx.users.bob.keys.signingKeyPair.privateKey, expired);
      expect((await status("/auth/bob.eth", json({ challenge: expired, signature: expiredSig })))[1]).to.deep.equal({ error: "the challenge is not valid (expired)", code: "DS_UNAUTHORIZED" });
      await run.client.signUp("alice.eth", fx.users.alice.signedProfile);
      const forAlice = (await status("/auth/alice.eth"))[1] as string;
      const bobSigned = await refCryptoLib.sign(fx.users.bob.keys.signingKeyPair.privateKey, forAlice);
      expect((await status("/auth/bob.eth", json({ challenge: forAlice, signature: bobSigned })))[1]).to.deep.equal({ error: "the challenge was issued for another account", code: "DS_UNAUTHORIZED" });
      expect((await status("/auth/bob.eth", json({ challenge })))[0]).to.equal(400);
      expect((await status("/auth/BOB.eth"))[0]).to.equal(400);
    });

    it("a challenge is redeemed once: a replayed answer is refused (401) and issues no token; concurrent answers get exactly one token; a refused answer does not use it up", async () => {
      const challenge = (await status("/auth/bob.eth"))[1] as string;
      const wrongKey = await refCryptoLib.sign(fx.users.mallory.keys.signingKeyPair.privateKey, challenge);
      expect((await status("/auth/bob.eth", json({ challenge, signature: wrongKey })))[0]).to.equal(401);
      const signature = await refCryptoLib.sign(fx.users.bob.keys.signingKeyPair.privateKey, challenge);
      const [code, token] = await status("/auth/bob.eth", json({ challenge, signature }));
      expect(code).to.equal(200);
      const replay = { error: "the challenge was already used", code: "DS_UNAUTHORIZED" };
      expect(await status("/auth/bob.eth", json({ challenge, signature }))).to.deep.equal([401, replay]);
      expect((await status("/delivery/messages/incoming/bob.eth", bearer(token as string)))[0]).to.equal(200);

      const fresh = (await status("/auth/bob.eth"))[1] as string;
      const answer = json({ challenge: fresh, signature: await refCryptoLib.sign(fx.users.bob.keys.signingKeyPair.privateKey, fresh) });
      const answers = await Promise.all(Array.from({ length: 4 }, () => status("/auth/bob.eth", answer)));
      expect(answers.filter(([c]) => c === 200)).to.have.length(1);
      expect(answers.filter(([c]) => c !== 200)).to.deep.equal([[401, replay], [401, replay], [401, replay]]);
      // The reference client's flow fetches a fresh challenge for each login: logging in again works.
      expect(await run.client.login("bob.eth", fx.users.bob.keys.signingKeyPair.privateKey)).to.be.a("string");
    });

    it("sign-up: only the profile the name publishes; a token only through the challenge", async () => {
      const { signedProfile: other } = await createProfile(fx.users.mallory.signer, ["ds.dm3.eth"]);
      expect(await status("/profile/alice.eth", json(other))).to.deep.equal([400, { error: "the profile is not the one alice.eth publishes", code: "DS_INVALID_INPUT" }]);
      expect((await status("/profile/alice.eth", json({ profile: {}, signature: "0x" })))[0]).to.equal(400);
      expect((await status("/profile/carol.eth", json(fx.users.alice.signedProfile)))[1]).to.include({ code: "DS_INVALID_INPUT" });
      const [code, answer] = await status("/profile/alice.eth", json(fx.users.alice.signedProfile));
      expect(code).to.equal(200);
      // Anyone can post a public profile: what comes back is a challenge, not a token.
      expect((await status("/delivery/messages/incoming/alice.eth", bearer(answer as string)))[0]).to.equal(401);
    });

    it("acknowledgements and spam rules with a bad body: 400, state unchanged", async () => {
      expect((await status("/delivery/messages/bob.eth/syncAcknowledgements", json({ acknowledgements: [{ contactAddress: "alice.eth" }] }, bobToken)))[0]).to.equal(400);
      expect((await status("/delivery/spamFilterRules/bob.eth", json({ minNonce: -1 }, bobToken)))[0]).to.equal(400);
      expect((await status("/delivery/spamFilterRules/bob.eth", json({ minBalance: "lots" }, bobToken)))[0]).to.equal(400);
      expect((await status("/delivery/spamFilterRules/bob.eth", json({ tokenGate: { ruleSetId: "vip" } }, bobToken)))[1]).to.deep.equal({
        error: 'unknown token-gate rule set "vip"',
        code: "DS_INVALID_INPUT",
      });
      expect((await status("/delivery/spamFilterRules/bob.eth", json({ minBalance: (2n ** 128n).toString() }, bobToken)))[1]).to.deep.equal({
        error: "spam filter rule minBalance cannot be evaluated: invalid rule set: minBalance: 340282366920938463463374607431768211456 exceeds 2^128 - 1",
        code: "DS_INVALID_INPUT",
      });
      expect(await run.client.getSpamFilterRules("bob.eth", bobToken)).to.deep.equal({});
    });
  });
});
