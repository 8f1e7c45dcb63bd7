import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { publishDeliveryServiceProfile } from "../../src/profile";
import { runTask } from "../helpers/tasks";
import { DS_NAME, deliveryFixture, startTestDs, type RunningDs, leaveCleanChain } from "./fixtures";

// Hardhat's public test keys of accounts #2 (alice) and #3 (bob).
const ALICE_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const BOB_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

describe("tasks dm3:ds, dm3:send, dm3:inbox", function () {
  this.timeout(60_000);
  after(leaveCleanChain);
  let run: RunningDs | undefined;
  afterEach(async () => {
    await run?.ds.close();
    run = undefined;
  });

  it("dm3:send delivers to the receiver's delivery service; dm3:inbox --json prints it with its verdicts and --ack drops it", async () => {
    const fx = await loadFixture(deliveryFixture);
    run = await startTestDs(fx);
    await publishDeliveryServiceProfile(fx.f.accounts[4], DS_NAME, { ...fx.dsProfile, url: run.ds.url }, { ensAddress: fx.f.ens.registry });
    await run.client.signUp("bob.eth", fx.users.bob.signedProfile);

    const sent = await runTask("dm3:send", { privateKey: ALICE_KEY, to: "BOB.eth", message: "task hello", json: true });
    expect(sent.exitCode, sent.err).to.equal(0);
    expect(sent.err).to.include('note: using the normalized name "bob.eth"');
    expect(JSON.parse(sent.out)).to.deep.include({ from: "alice.eth", to: "bob.eth", failed: [], delivered: [{ deliveryService: DS_NAME, url: run.ds.url }] });

    const inbox = await runTask("dm3:inbox", { privateKey: BOB_KEY, json: true, ack: true });
    expect(inbox.exitCode, inbox.err).to.equal(0);
    const printed = JSON.parse(inbox.out) as { name: string; messages: Array<Record<string, unknown>> };
    expect(printed.name).to.equal("bob.eth");
    expect(printed.messages).to.have.length(1);
    expect(printed.messages[0]).to.deep.include({ ok: true, from: "alice.eth", to: "bob.eth", message: "task hello", deliveryService: DS_NAME });
    expect(printed.messages[0].verdicts).to.deep.include({ messageSignature: "valid", postmark: "valid", messageHash: "valid" });
    const again = await runTask("dm3:inbox", { privateKey: BOB_KEY, json: false, ack: false });
    expect(again.out).to.equal("  bob.eth: inbox empty");
  });

  it("dm3:send to a name the delivery service does not know fails with exit code 1 and the typed error", async () => {
    const fx = await loadFixture(deliveryFixture);
    run = await startTestDs(fx);
    await publishDeliveryServiceProfile(fx.f.accounts[4], DS_NAME, { ...fx.dsProfile, url: run.ds.url }, { ensAddress: fx.f.ens.registry });
    const sent = await runTask("dm3:send", { privateKey: ALICE_KEY, to: "bob.eth", message: "bob has not signed up", json: false });
    expect(sent.exitCode).to.equal(1);
    expect(sent.err).to.match(/^error \[DS_NOT_DELIVERED\]: no delivery service of bob.eth accepted the message: ds.dm3.eth: POST \/rpc: bob.eth has no account at this delivery service/);
  });

  it("dm3:ds takes its keys from the environment only: without DM3_DS_KEY_SEED it refuses to start", async () => {
    const saved = process.env.DM3_DS_KEY_SEED;
    delete process.env.DM3_DS_KEY_SEED;
    try {
      const r = await runTask("dm3:ds", { port: 0, host: "127.0.0.1", dataDir: "unused", sizeLimit: 100_000, messageTtl: 0, logLevel: "silent" });
      expect(r.exitCode).to.equal(1);
      expect(r.err).to.equal("error [DS_CONFIG]: no delivery-service keys: set DM3_DS_KEY_SEED (a base64 32-byte seed)");
      process.env.DM3_DS_KEY_SEED = "not base64!";
      const bad = await runTask("dm3:ds", { port: 0, host: "127.0.0.1", dataDir: "unused", sizeLimit: 100_000, messageTtl: 0, logLevel: "silent" });
      expect(bad.err).to.equal("error [DS_CONFIG]: DM3_DS_KEY_SEED must be a 32-byte seed in base64");
      const limit = await runTask("dm3:ds", { port: 0, host: "127.0.0.1", dataDir: "unused", sizeLimit: 100_000, messageTtl: 0, logLevel: "silent", rateLimit: "lots" });
      expect(limit.err).to.equal('error [HTTP_RATE_LIMIT_CONFIG]: rate limit "lots" is not perSecond:burst (e.g. 20:200) or off');
    } finally {
      if (saved === undefined) delete process.env.DM3_DS_KEY_SEED;
      else process.env.DM3_DS_KEY_SEED = saved;
    }
  });
});
