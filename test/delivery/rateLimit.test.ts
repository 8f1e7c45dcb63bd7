import { expect } from "chai";
import http from "node:http";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { io as connect } from "socket.io-client";
import { DEFAULT_RATE_LIMIT, DeliveryRequestError, RPC_ERROR, RateLimitConfigError, parseRateLimit, startDeliveryService } from "../../src/delivery";
import { deliveryFixture, leaveCleanChain, postRpc, referenceEnvelope, signUpAndLogin, startTestDs, type RunningDs } from "./fixtures";

const PROPERTIES = { jsonrpc: "2.0", id: 9, method: "dm3_getDeliveryServiceProperties", params: [] };

/** GET `path` from the local address `from` with extra headers; resolves the status and Retry-After. */
function getFrom(url: string, path: string, from = "127.0.0.1", headers: Record<string, string> = {}): Promise<[number, string | undefined]> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: "GET", localAddress: from, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve([res.statusCode!, res.headers["retry-after"] as string | undefined]));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("delivery service: per-client rate limit of the public routes", function () {
  this.timeout(60_000);
  after(leaveCleanChain);
  let run: RunningDs | undefined;
  let t = 0;
  const now = () => t;
  beforeEach(() => {
    t = 1_000_000;
  });
  afterEach(async () => {
    await run?.ds.close();
    run = undefined;
  });

  it("over the limit: HTTP 429 with Retry-After, a JSON-RPC -32005 error on /rpc and the REST error shape on /auth and /profile; refills with time; other routes are not limited", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { bob } = fx.users;
    run = await startTestDs(fx, { rateLimit: { perSecond: 1, burst: 2, now } });
    const url = run.ds.url;
    expect((await postRpc(url, PROPERTIES)).status).to.equal(200);
    expect((await postRpc(url, PROPERTIES)).status).to.equal(200);
    const res = await fetch(`${url}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(PROPERTIES) });
    expect(res.status).to.equal(429);
    expect(res.headers.get("retry-after")).to.equal("1");
    expect(await res.json()).to.deep.equal({ jsonrpc: "2.0", id: 9, error: { code: RPC_ERROR.LIMIT_EXCEEDED, message: "limit exceeded: too many requests from this client, retry after 1 s" } });
    const limited = { error: "limit exceeded: too many requests from this client, retry after 1 s", code: "DS_LIMIT_EXCEEDED" };
    for (const [path, init] of [
      [`/auth/${bob.name}`, {}],
      [`/auth/${bob.name}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ challenge: "x", signature: "y" }) }],
      [`/profile/${bob.name}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bob.signedProfile) }],
    ] as Array<[string, RequestInit]>) {
      const r = await fetch(`${url}${path}`, init);
      expect([r.status, r.headers.get("retry-after"), await r.json()], path).to.deep.equal([429, "1", limited]);
    }
    expect(await run.store.getAccount(bob.address.toLowerCase())).to.equal(undefined); // the refused sign-up stored nothing
    // The SDK client surfaces it as a typed error.
    const err = await run.client.properties().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(DeliveryRequestError).and.deep.include({ status: 429, rpcCode: -32005 });
    // Not limited: health, the public profile, the authenticated routes (a token is needed anyway).
    expect((await fetch(`${url}/health`)).status).to.equal(200);
    expect((await fetch(`${url}/profile/${bob.name}`)).status).to.equal(404);
    expect((await fetch(`${url}/delivery/messages/incoming/${bob.name}`)).status).to.equal(401);

    t += 1000; // one request's worth
    expect((await postRpc(url, PROPERTIES)).status).to.equal(200);
    expect((await postRpc(url, PROPERTIES)).status).to.equal(429);
    t += 10_000; // refilled to the burst (2), not beyond
    expect((await postRpc(url, PROPERTIES)).status).to.equal(200);
    expect(await run.client.signUp(bob.name, bob.signedProfile)).to.equal(undefined);
    expect((await postRpc(url, PROPERTIES)).status).to.equal(429);
  });

  it("a page on an allowed origin can read a 429's Retry-After (CORS exposes it)", async () => {
    const fx = await loadFixture(deliveryFixture);
    const page = "http://127.0.0.1:8550";
    run = await startTestDs(fx, { rateLimit: { perSecond: 1, burst: 1, now }, allowedOrigins: [page] });
    const fromPage = () => fetch(`${run!.ds.url}/rpc`, { method: "POST", headers: { "content-type": "application/json", origin: page }, body: JSON.stringify(PROPERTIES) });
    expect((await fromPage()).status).to.equal(200);
    const res = await fromPage();
    expect([res.status, res.headers.get("retry-after"), res.headers.get("access-control-allow-origin")]).to.deep.equal([429, "1", page]);
    expect(res.headers.get("access-control-expose-headers")?.split(/,\s*/)).to.include("Retry-After");
  });

  it("counts separate client addresses separately; X-Forwarded-For is ignored unless a proxy is trusted", async () => {
    const fx = await loadFixture(deliveryFixture);
    const path = "/auth/bob.eth"; // no account: 404 when let through, 429 when limited
    run = await startTestDs(fx, { rateLimit: { perSecond: 1, burst: 1, now } });
    expect(await getFrom(run.ds.url, path, "127.0.0.1", { "x-forwarded-for": "203.0.113.1" })).to.deep.equal([404, undefined]);
    expect(await getFrom(run.ds.url, path, "127.0.0.1", { "x-forwarded-for": "203.0.113.2" })).to.deep.equal([429, "1"]);
    expect(await getFrom(run.ds.url, path, "127.0.0.2")).to.deep.equal([404, undefined]); // another source address
    expect(await getFrom(run.ds.url, path, "127.0.0.2")).to.deep.equal([429, "1"]);
    await run.ds.close();

    run = await startTestDs(fx, { rateLimit: { perSecond: 1, burst: 1, now }, trustProxy: true });
    expect(await getFrom(run.ds.url, path, "127.0.0.1", { "x-forwarded-for": "203.0.113.1" })).to.deep.equal([404, undefined]);
    expect(await getFrom(run.ds.url, path, "127.0.0.1", { "x-forwarded-for": "203.0.113.2" })).to.deep.equal([404, undefined]);
    // What the client itself put in front does not count: the proxy's entry (last) does.
    expect(await getFrom(run.ds.url, path, "127.0.0.1", { "x-forwarded-for": "198.51.100.7, 203.0.113.1" })).to.deep.equal([429, "1"]);
    expect(await getFrom(run.ds.url, path, "127.0.0.1")).to.deep.equal([404, undefined]); // no header: the peer's own bucket
  });

  it("socket submitMessage over the limit gets the socket's error answer with -32005 and stores nothing", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx, { rateLimit: { perSecond: 1, burst: 3, now } });
    const token = await signUpAndLogin(run.client, bob); // POST /profile, GET and POST /auth: the burst
    const socket = connect(run.ds.url, { transports: ["websocket"], auth: { account: { ensName: bob.name }, token }, reconnection: false });
    try {
      await new Promise((resolve) => socket.once("authorized", resolve));
      const envelope = await referenceEnvelope(fx, bob, alice, "hi");
      await run.client.signUp(alice.name, alice.signedProfile).catch(() => undefined); // limited too
      const refused = await socket.emitWithAck("submitMessage", { envelop: envelope, token });
      expect(refused).to.deep.equal({ error: "limit exceeded: too many requests from this client, retry after 1 s", code: RPC_ERROR.LIMIT_EXCEEDED });
      expect(await run.store.count()).to.equal(0);
      t += 5000;
      expect(await run.client.signUp(alice.name, alice.signedProfile)).to.equal(undefined);
      expect(await socket.emitWithAck("submitMessage", { envelop: envelope, token })).to.deep.equal({ response: "success" });
      expect(await run.store.count()).to.equal(1);
    } finally {
      socket.close();
    }
  });

  it("is on by default (DEFAULT_RATE_LIMIT), can be turned off, and refuses settings out of range at start", async () => {
    const fx = await loadFixture(deliveryFixture);
    run = await startTestDs(fx, { rateLimit: { now } });
    for (let i = 0; i < DEFAULT_RATE_LIMIT.burst; i++) expect((await postRpc(run.ds.url, PROPERTIES)).status).to.equal(200);
    expect((await postRpc(run.ds.url, PROPERTIES)).status).to.equal(429);
    await run.ds.close();
    run = await startTestDs(fx, { rateLimit: false });
    const answers = await Promise.all(Array.from({ length: DEFAULT_RATE_LIMIT.burst + 50 }, () => postRpc(run!.ds.url, PROPERTIES)));
    expect(answers.every((a) => a.status === 200)).to.equal(true);
    await run.ds.close();
    run = undefined;
    const start = startDeliveryService({ keys: fx.dsKeys, store: undefined as never, directory: undefined as never, rateLimit: { perSecond: 0 }, logger: "silent" });
    expect(await start.catch((e: unknown) => e)).to.be.instanceOf(RateLimitConfigError);
    // As a flag (dm3:ds --rate-limit).
    expect(parseRateLimit("5:50")).to.deep.equal({ perSecond: 5, burst: 50 });
    expect(parseRateLimit(" 0.5 : 3 ")).to.deep.equal({ perSecond: 0.5, burst: 3 });
    expect(parseRateLimit("OFF")).to.equal(false);
    for (const bad of ["", "5", "5:", "-1:5", "0:5", "5:0", "5:50:1", "lots"]) expect(() => parseRateLimit(bad), bad).to.throw(RateLimitConfigError);
  });
});
