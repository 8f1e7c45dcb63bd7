import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { runTask } from "../helpers/tasks";
import { BOARD, GATED, serviceFixture, serviceUnderTest, type RunningService } from "./serviceFixtures";

// Hardhat's public test keys of accounts #2 (alice) and #3 (bob).
const ALICE_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const BOB_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

describe("billboard service tasks (dm3:billboard:post, dm3:billboard:verify from the service, dm3:billboard:serve)", function () {
  this.timeout(60_000);
  const start = serviceUnderTest();
  let run: RunningService | undefined;

  it("posts through the billboard's profile and verifies the message with the proof the service hands out", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const posted = await runTask("dm3:billboard:post", { privateKey: ALICE_KEY, billboard: "BillBoard.dm3.eth", message: "from a task", json: true });
    expect(posted.exitCode, posted.err).to.equal(0);
    expect(posted.err).to.include('note: using the normalized name "billboard.dm3.eth"');
    const p = JSON.parse(posted.out);
    expect(p).to.deep.include({ from: "alice.eth", billboard: BOARD, failed: [], delivered: [{ deliveryService: BOARD, url: run.service.url }] });
    expect(p.messageId).to.match(/^0x[0-9a-f]{64}$/);

    // not in a batch yet: a typed refusal, exit code 1
    const early = await runTask("dm3:billboard:verify", { message: p.messageId, billboard: BOARD, service: run.service.url, json: true });
    expect(early.exitCode).to.equal(1);
    expect(early.err).to.match(/error \[BILLBOARD_PROOF_MISSING\]: no proof: message 0x[0-9a-f]{64} is not in a batch yet \(status pending\)/);

    await run.service.flush();
    const verified = await runTask("dm3:billboard:verify", { message: p.messageId, billboard: BOARD, service: run.service.url, json: true });
    expect(verified.exitCode, verified.err).to.equal(0);
    const v = JSON.parse(verified.out);
    expect(v).to.deep.include({ message: p.messageId, billboard: BOARD, verdict: { proofValid: true, anchored: true, onChain: true, included: true } });
    expect(v.batch).to.deep.include({ sequence: 0, messageCount: 1, root: v.root });
    expect(v.service).to.deep.include({ url: run.service.url, status: "anchored" });
    expect(v.service.batch).to.deep.include({ number: 0, root: v.root, state: "anchored" });

    // without --service: the URL from the billboard's profile (its delivery service), text output
    const text = await runTask("dm3:billboard:verify", { message: p.messageId, billboard: BOARD, json: false });
    expect(text.exitCode, text.err).to.equal(0);
    expect(text.out).to.match(/^verdict +included$/m);
    expect(text.out).to.include(`(proof from ${run.service.url}, its batch #0)`);
  });

  it("reports a refused post (bob and the gated billboard) and an unknown message with exit code 1 and the error code", async () => {
    const fx = await loadFixture(serviceFixture);
    run = await start(fx);
    const refused = await runTask("dm3:billboard:post", { privateKey: BOB_KEY, billboard: GATED, message: "let me in", json: false });
    expect(refused.exitCode).to.equal(1);
    expect(refused.err).to.match(/^error \[BILLBOARD_NOT_DELIVERED\]: no service of gated\.dm3\.eth accepted the post: billboard\.dm3\.eth: dm3_submitMessage: bob\.eth does not pass rule set/);
    const unknown = await runTask("dm3:billboard:verify", { message: `0x${"ab".repeat(32)}`, billboard: BOARD, service: run.service.url, json: false });
    expect(unknown.exitCode).to.equal(1);
    expect(unknown.err).to.match(/error \[BILLBOARD_REQUEST_FAILED\]: dm3_billboard_getProof: billboard\.dm3\.eth has no such message/);
  });

  it("dm3:billboard:serve takes its keys from the environment only", async () => {
    const saved = process.env.DM3_BILLBOARD_KEY_SEED;
    delete process.env.DM3_BILLBOARD_KEY_SEED;
    try {
      const r = await runTask("dm3:billboard:serve", { billboard: BOARD, mediators: "", batchSize: 4, batchInterval: 0, port: 0, host: "127.0.0.1", dataDir: "unused", allowedOrigins: "", logLevel: "silent" });
      expect(r.exitCode).to.equal(1);
      expect(r.err).to.equal("error [BILLBOARD_SERVICE_CONFIG]: no billboard keys: set DM3_BILLBOARD_KEY_SEED (the base64 storage key of the billboard's dm3 profile)");
      process.env.DM3_BILLBOARD_KEY_SEED = "not base64!";
      const bad = await runTask("dm3:billboard:serve", { billboard: BOARD, mediators: "", batchSize: 4, batchInterval: 0, port: 0, host: "127.0.0.1", dataDir: "unused", allowedOrigins: "", logLevel: "silent" });
      expect(bad.err).to.equal("error [BILLBOARD_SERVICE_CONFIG]: DM3_BILLBOARD_KEY_SEED must be a 32-byte seed in base64");
      // --rate-limit is parsed as dm3:ds parses it, before anything starts.
      for (const [rateLimit, message] of [
        ["lots", 'rate limit "lots" is not perSecond:burst (e.g. 20:200) or off'],
        ["0:5", "rate limit perSecond must be a positive number, got 0"],
      ]) {
        const limit = await runTask("dm3:billboard:serve", { billboard: BOARD, mediators: "", batchSize: 4, batchInterval: 0, port: 0, host: "127.0.0.1", dataDir: "unused", allowedOrigins: "", logLevel: "silent", rateLimit, trustProxy: 1 });
        expect([limit.exitCode, limit.err], rateLimit).to.deep.equal([1, `error [HTTP_RATE_LIMIT_CONFIG]: ${message}`]);
      }
    } finally {
      if (saved === undefined) delete process.env.DM3_BILLBOARD_KEY_SEED;
      else process.env.DM3_BILLBOARD_KEY_SEED = saved;
    }
  });
});
