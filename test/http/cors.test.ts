import { expect } from "chai";
import hre from "hardhat";
import { JsonRpcProvider, Wallet } from "ethers";
import { CorsConfigError, OriginPolicy, normalizeOrigins } from "../../src/http";
import { serveJsonRpc, type ServedChain } from "../../src/devnet";
import { startGateway, type Gateway } from "../../src/gateway";
import { expectRejection } from "../helpers/expect";

const EXPLORER = "http://127.0.0.1:8550";
const OTHER = "http://127.0.0.1:9999";
const CHAIN_ID = { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] };

/** POSTs a JSON-RPC body with an optional Origin header. */
async function post(url: string, body: unknown, origin?: string): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(origin ? { origin } : {}) }, body: JSON.stringify(body) });
}

/** A CORS preflight as a browser sends it. */
async function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
}

describe("CORS: browser origins allowed per server (OriginPolicy)", () => {
  it("accepts bare http(s) origins and normalizes them as browsers send them", () => {
    expect(normalizeOrigins(["http://127.0.0.1:8550", "HTTPS://Explorer.Example", "http://localhost:80"])).to.deep.equal([
      "http://127.0.0.1:8550",
      "https://explorer.example",
      "http://localhost",
    ]);
    expect(normalizeOrigins()).to.deep.equal([]);
  });

  it("refuses entries that are not origins with CorsConfigError (path, credentials, wildcard, other schemes)", () => {
    for (const bad of ["*", "http://127.0.0.1:8550/page", "http://u:p@127.0.0.1", "ftp://x.example", "http://x.example?q=1", "127.0.0.1:8550"]) {
      expect(() => new OriginPolicy([bad]), bad).to.throw(CorsConfigError).with.property("code", "HTTP_CORS_CONFIG");
    }
  });

  it("judges a request's Origin: none, allowed, or refused (the default list allows no browser origin)", () => {
    const policy = new OriginPolicy([EXPLORER]);
    expect(policy.check(undefined)).to.equal("no-origin");
    expect(policy.check(EXPLORER)).to.equal("allowed");
    expect(policy.check(OTHER)).to.equal("refused");
    expect(policy.check("null")).to.equal("refused");
    expect(policy.check([EXPLORER, EXPLORER])).to.equal("refused");
    expect(new OriginPolicy().check(EXPLORER)).to.equal("refused");
  });
});

describe("CORS on the devnet's JSON-RPC server (serveJsonRpc)", () => {
  let served: ServedChain;
  before(async () => {
    served = await serveJsonRpc(hre.network.provider, "127.0.0.1", 0, { allowedOrigins: [EXPLORER] });
  });
  after(async () => served.close());

  it("serves clients without an Origin (Node, curl) as before, with no CORS header", async () => {
    const res = await post(served.url, CHAIN_ID);
    expect(res.status).to.equal(200);
    expect(res.headers.get("access-control-allow-origin")).to.equal(null);
    expect(res.headers.get("access-control-expose-headers")).to.equal(null);
    expect(await res.json()).to.deep.include({ result: "0x7a69" });
  });

  it("answers the allowed origin with its own name in Access-Control-Allow-Origin (never *), and its preflight", async () => {
    const res = await post(served.url, CHAIN_ID, EXPLORER);
    expect(res.headers.get("access-control-allow-origin")).to.equal(EXPLORER);
    expect(res.headers.get("vary")).to.match(/Origin/);
    expect(res.headers.get("access-control-expose-headers")).to.equal("Retry-After"); // a 429's wait is readable by the page
    expect(await res.json()).to.deep.include({ result: "0x7a69" });
    const pre = await preflight(served.url, EXPLORER);
    expect(pre.status).to.equal(204);
    expect(pre.headers.get("access-control-allow-origin")).to.equal(EXPLORER);
    expect(pre.headers.get("access-control-allow-headers")).to.match(/Content-Type/i);
  });

  it("refuses another origin with 403 before the request runs: a cross-site transaction from an unlocked account is not sent", async () => {
    const [from] = (await hre.network.provider.request({ method: "eth_accounts" })) as string[];
    const nonce = async () => hre.network.provider.request({ method: "eth_getTransactionCount", params: [from, "latest"] });
    const before = await nonce();
    const res = await post(served.url, { jsonrpc: "2.0", id: 2, method: "eth_sendTransaction", params: [{ from, to: Wallet.createRandom().address, value: "0x1" }] }, OTHER);
    expect(res.status).to.equal(403);
    expect(res.headers.get("access-control-allow-origin")).to.equal(null);
    expect(res.headers.get("access-control-expose-headers")).to.equal(null);
    expect(await res.json()).to.deep.equal({ code: "HTTP_ORIGIN_REFUSED", message: "this origin may not call this server" });
    expect(await nonce()).to.equal(before);
    expect((await preflight(served.url, OTHER)).status).to.equal(403);
  });

  it("refuses a WebSocket from another origin and serves one from the allowed origin or without an Origin", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const WebSocket = require("ws") as new (url: string, opts?: { origin?: string }) => { on(e: string, f: (...a: unknown[]) => void): void; send(d: string): void; close(): void };
    const attempt = (origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(served.url.replace("http", "ws"), origin ? { origin } : {});
        ws.on("open", () => ws.send(JSON.stringify(CHAIN_ID)));
        ws.on("message", (data) => {
          ws.close();
          resolve(JSON.parse(String(data)).result);
        });
        ws.on("unexpected-response", (_req, res) => resolve(`refused ${(res as { statusCode: number }).statusCode}`));
        ws.on("error", () => {});
      });
    expect(await attempt(OTHER)).to.equal("refused 401");
    expect(await attempt(EXPLORER)).to.equal("0x7a69");
    expect(await attempt()).to.equal("0x7a69");
  });

  it("with no allowed origins (the default) refuses every browser origin", async () => {
    const closed = await serveJsonRpc(hre.network.provider);
    try {
      expect((await post(closed.url, CHAIN_ID, EXPLORER)).status).to.equal(403);
      expect((await post(closed.url, CHAIN_ID)).status).to.equal(200);
    } finally {
      await closed.close();
    }
  });
});

describe("CORS on the CCIP-Read gateway (startGateway allowedOrigins)", () => {
  const base = { privateKey: "0x" + "b2".repeat(32), registry: Wallet.createRandom().address, resolvers: [], chainId: 31338 };
  let provider: JsonRpcProvider;
  let open: Gateway;
  let closed: Gateway;
  before(async () => {
    provider = new JsonRpcProvider("http://127.0.0.1:1", 31338, { staticNetwork: true });
    [open, closed] = await Promise.all([startGateway({ ...base, l2Provider: provider, allowedOrigins: [EXPLORER] }), startGateway({ ...base, l2Provider: provider })]);
  });
  after(async () => {
    await Promise.all([open.close(), closed.close()]);
    provider.destroy();
  });

  it("answers the allowed origin (its own name, not *) and its preflight; refuses others with 403", async () => {
    const url = `${open.url}/${base.registry}/0x12345678.json`;
    const allowed = await fetch(url, { headers: { origin: EXPLORER } });
    expect(allowed.headers.get("access-control-allow-origin")).to.equal(EXPLORER);
    expect(((await allowed.json()) as { code: string }).code).to.equal("GATEWAY_UNKNOWN_RESOLVER"); // served: the gateway's own answer
    expect((await preflight(open.url, EXPLORER)).status).to.equal(204);
    const refused = await fetch(url, { headers: { origin: OTHER } });
    expect(refused.status).to.equal(403);
    expect(refused.headers.get("access-control-allow-origin")).to.equal(null);
    expect((await fetch(url)).status).to.equal(404); // no Origin: served as before
  });

  it("allows no browser origin by default", async () => {
    expect((await fetch(`${closed.url}/x/y.json`, { headers: { origin: EXPLORER } })).status).to.equal(403);
  });

  it("refuses a malformed allowed origin with CorsConfigError", async () => {
    await expectRejection(startGateway({ ...base, l2Provider: provider, allowedOrigins: ["*"] }), CorsConfigError, /allowed origin "\*"/);
  });
});
