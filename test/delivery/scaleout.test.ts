import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { io as connect, type Socket } from "socket.io-client";
import { PostgresStore, type EncryptionEnvelope } from "../../src/delivery";
import { signEd25519 } from "../../src/crypto";
import { sharedPostgres } from "../helpers/postgres";
import { deliveryFixture, referenceEnvelope, refMessaging, signUpAndLogin, startTestDs, type RunningDs, leaveCleanChain } from "./fixtures";

function next<T>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe("delivery service: two instances on one PostgreSQL", function () {
  this.timeout(60_000);
  after(leaveCleanChain);
  const running: RunningDs[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.ds.close()));
  });

  it("an envelope submitted to one instance is fetched from the other, and pushed to a socket connected to the other", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    const url = await (await sharedPostgres()).createDatabase();
    const a = await startTestDs(fx, { store: await PostgresStore.open(url) });
    const b = await startTestDs(fx, { store: await PostgresStore.open(url) });
    running.push(a, b);

    await a.client.signUp(bob.name, bob.signedProfile); // sign up at A ...
    const token = await b.client.login(bob.name, bob.keys.signingKeyPair.privateKey); // ... log in at B (same keys, same token secret)
    const socket = connect(b.ds.url, { transports: ["websocket"], auth: { account: { ensName: bob.name }, token }, reconnection: false });
    try {
      await next(socket, "authorized");
      const pushed = next<EncryptionEnvelope>(socket, "message");
      const envelope = await referenceEnvelope(fx, alice, bob, "from A to B");
      await a.client.submit(envelope);
      expect((await pushed).message).to.equal(envelope.message);

      const inbox = await b.client.incoming(bob.name, token);
      expect(inbox.map((e) => e.message)).to.deep.equal([envelope.message]);
      const opened = await refMessaging.decryptEnvelop(inbox[0], bob.keys.encryptionKeyPair);
      expect(opened.message.message).to.equal("from A to B");

      // The same envelope resubmitted to B is a duplicate; spam rules set at B apply at A.
      await b.client.submit(envelope);
      expect(await a.store.count()).to.equal(1);
      await b.client.setSpamFilterRules(bob.name, token, { minNonce: 1_000_000 });
      const spam = await referenceEnvelope(fx, alice, bob, "blocked at A");
      await a.client.submit(spam).then(
        () => expect.fail("accepted"),
        (e: { rpcCode?: number }) => expect(e.rpcCode).to.equal(-32010),
      );
      expect(await b.client.acknowledge(bob.name, token, [{ contactAddress: alice.name, messageHash: envelope.metadata.encryptedMessageHash! }])).to.equal(1);
      expect(await a.client.incoming(bob.name, await a.client.login(bob.name, bob.keys.signingKeyPair.privateKey))).to.deep.equal([]);
    } finally {
      socket.close();
    }
  });

  it("a challenge redeemed at one instance is refused at the other", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { bob } = fx.users;
    const url = await (await sharedPostgres()).createDatabase();
    const a = await startTestDs(fx, { store: await PostgresStore.open(url) });
    const b = await startTestDs(fx, { store: await PostgresStore.open(url) });
    running.push(a, b);
    await a.client.signUp(bob.name, bob.signedProfile);
    const challenge = (await (await fetch(`${a.ds.url}/auth/${bob.name}`)).json()) as string;
    const answer = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ challenge, signature: signEd25519(bob.keys.signingKeyPair.privateKey, challenge) }) };
    expect((await fetch(`${a.ds.url}/auth/${bob.name}`, answer)).status).to.equal(200);
    const replayed = await fetch(`${b.ds.url}/auth/${bob.name}`, answer);
    expect([replayed.status, await replayed.json()]).to.deep.equal([401, { error: "the challenge was already used", code: "DS_UNAUTHORIZED" }]);
    // Concurrent answers to one challenge at both instances: exactly one token.
    const fresh = (await (await fetch(`${b.ds.url}/auth/${bob.name}`)).json()) as string;
    const both = { ...answer, body: JSON.stringify({ challenge: fresh, signature: signEd25519(bob.keys.signingKeyPair.privateKey, fresh) }) };
    const statuses = await Promise.all([a, b, a, b].map(async (r) => (await fetch(`${r.ds.url}/auth/${bob.name}`, both)).status));
    expect(statuses.sort()).to.deep.equal([200, 401, 401, 401]);
  });

  it("serves the whole flow on PostgreSQL (health, sign-up, submit, fetch)", async () => {
    const fx = await loadFixture(deliveryFixture);
    const run = await startTestDs(fx, { store: await PostgresStore.open(await (await sharedPostgres()).createDatabase()) });
    running.push(run);
    expect(await (await fetch(`${run.ds.url}/health`)).json()).to.deep.equal({ status: "ok", storage: "postgres", schemaVersion: 3 });
    const token = await signUpAndLogin(run.client, fx.users.alice);
    await run.client.submit(await referenceEnvelope(fx, fx.users.bob, fx.users.alice, "hi alice"));
    expect(await run.client.incoming("alice.eth", token)).to.have.length(1);
  });
});
