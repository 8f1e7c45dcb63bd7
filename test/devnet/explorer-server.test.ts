import { expect } from "chai";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { buildExplorer, EXPLORER_DIR } from "../../explorer/build";
import { serveExplorer, type ExplorerServer } from "../../src/devnet";

/** A raw GET that sends the path exactly as given (fetch would normalize `..`). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; type?: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
      })
      .on("error", reject);
  });
}

describe("devnet explorer: page build and static server", function () {
  this.timeout(60_000);
  let outDir: string;
  let server: ExplorerServer;
  let config: unknown;

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-explorer-build-"));
    await buildExplorer({ outDir });
    server = await serveExplorer({ root: outDir, config: () => config });
  });
  after(async () => {
    await server.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("builds the page with the SDK for the browser, and rebuilds only when an input changed", async () => {
    const again = await buildExplorer({ outDir });
    expect(again.built).to.equal(false);
    expect(again.scriptBytes).to.be.greaterThan(100_000);
    expect(again.scriptGzipBytes).to.be.lessThan(again.scriptBytes);
    const meta = JSON.parse(fs.readFileSync(path.join(outDir, "build-meta.json"), "utf8")) as { inputs: string[] };
    expect(meta.inputs).to.include.members(["explorer/src/main.ts", "src/profile/verify.ts", "src/net/linkFetcher.browser.ts"]);
    // The browser twins replace the Node-only modules.
    expect(meta.inputs).to.not.include.members(["src/net/linkFetcher.ts", "src/crypto/backend/native.ts"]);
    expect(meta.inputs.filter((f) => /node_modules\/(hardhat|express|sodium-native|secp256k1|keccak)\//.test(f))).to.deep.equal([]);
    // Touching a source makes the build stale.
    const future = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(EXPLORER_DIR, "index.html"), future, future);
    try {
      const rebuilt = await buildExplorer({ outDir });
      expect(rebuilt.built).to.equal(true);
    } finally {
      const now = new Date();
      fs.utimesSync(path.join(EXPLORER_DIR, "index.html"), now, now);
    }
  });

  it("serves the page, script and style with their content types, and refuses inline script by CSP", async () => {
    const page = await fetch(server.url);
    expect(page.status).to.equal(200);
    expect(page.headers.get("content-type")).to.equal("text/html; charset=utf-8");
    expect(page.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(page.headers.get("content-security-policy")).to.include("script-src 'self'").and.not.include("unsafe-inline");
    expect(await page.text()).to.include('<script type="module" src="app.js"></script>');
    expect((await fetch(`${server.origin}/app.js`)).headers.get("content-type")).to.equal("text/javascript; charset=utf-8");
    expect((await fetch(`${server.origin}/style.css`)).headers.get("content-type")).to.equal("text/css; charset=utf-8");
  });

  it("answers 503 for the manifest until the devnet is ready, then the configuration as JSON", async () => {
    config = undefined;
    const starting = await fetch(`${server.origin}/manifest.json`);
    expect(starting.status).to.equal(503);
    expect(await starting.json()).to.include({ code: "DEVNET_STARTING" });
    config = { chainId: 31337, rpcUrl: "http://127.0.0.1:8545" };
    const ready = await fetch(`${server.origin}/manifest.json`);
    expect(ready.headers.get("content-type")).to.match(/^application\/json/);
    expect(await ready.json()).to.deep.equal(config);
  });

  it("never serves a file outside its folder, a dotfile or a directory listing", async () => {
    fs.writeFileSync(path.join(outDir, ".secret"), "no");
    fs.mkdirSync(path.join(outDir, "sub"), { recursive: true });
    for (const p of ["/../package.json", "/%2e%2e/package.json", "/..%2f..%2fpackage.json", "/%2e%2e%2f%2e%2e%2fpackage.json", "/sub/..%2f..%2fhardhat.config.ts", "/.secret", "/sub/", "/sub", "//etc/passwd", "/%00"]) {
      const res = await rawGet(server.origin, p);
      expect(res.status, p).to.be.oneOf([400, 403, 404]);
      expect(res.body, p).to.not.match(/dm3kit|no$|root:/);
      expect(res.type, p).to.match(/^application\/json/);
    }
  });

  it("serves GET and HEAD only", async () => {
    const res = await fetch(server.url, { method: "POST", body: "x" });
    expect(res.status).to.equal(405);
    expect(res.headers.get("allow")).to.equal("GET, HEAD");
    expect((await fetch(server.url, { method: "HEAD" })).status).to.equal(200);
  });
});
