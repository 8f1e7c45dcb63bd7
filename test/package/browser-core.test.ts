import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, type BuildFailure, type Metafile } from "esbuild";
import { Wallet } from "ethers";
import { getProfileCreationMessage } from "../../src/profile/message";
import { stringify } from "../../src/shared/json";
import { VECTOR } from "../fixtures/dm3-vectors";
import { REPO_ROOT } from "../helpers/process";

// The SDK core (`dm3kit`, src/index.ts) must stay bundleable for the browser: a browser explorer
// page bundles it with esbuild. Server and development code lives behind sub-paths
// (`dm3kit/gateway`, `dm3kit/devnet`, later `dm3kit/delivery`, ...).
//
// How a Node-only implementation stays out of the core: where a core module needs Node (the link
// fetcher checks resolved addresses with node:dns and streams over node:http; the fast crypto
// back-end is native), give it a browser twin and map it in package.json's "browser" field, as
//   "browser": { "./src/net/linkFetcher.ts": "./src/net/linkFetcher.browser.ts", ... }
// or let callers inject the implementation (the `fetch` option of the record readers). This
// guard bundles with the package's own package.json, so such a mapping is honoured, and it
// fails on any Node built-in or Hardhat module that the browser bundle would still pull in.

const HARDHAT_PACKAGES = /node_modules\/(hardhat|@nomicfoundation)\//;

interface BundleReport {
  /** What esbuild could not bundle for the browser (Node built-ins, missing modules), as `file:line: text`. */
  problems: string[];
  /** Bundled input files (relative to the repository). */
  inputs: string[];
  code: string;
}

/** Bundles `entry` as a browser IIFE (global `dm3kit`) and reports what would not work there. */
async function bundleForBrowser(entry: string): Promise<BundleReport> {
  let metafile: Metafile | undefined;
  let code = "";
  const problems: string[] = [];
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "dm3kit",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    metafile = result.metafile;
    code = result.outputFiles[0].text;
  } catch (e) {
    for (const m of (e as BuildFailure).errors ?? []) problems.push(`${m.location?.file ?? "?"}:${m.location?.line ?? "?"}: ${m.text}`);
    if (problems.length === 0) throw e;
  }
  const inputs = Object.keys(metafile?.inputs ?? {});
  for (const input of inputs) if (HARDHAT_PACKAGES.test(input)) problems.push(`${input}: Hardhat is bundled`);
  return { problems, inputs, code };
}

describe("dm3kit package: exports map and a browser-safe core", function () {
  this.timeout(60_000);
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

  it("declares the core and the server/devnet sub-paths in its exports map, without side effects", () => {
    expect(pkg.exports).to.include({
      ".": "./src/index.ts",
      "./gateway": "./src/gateway/index.ts",
      "./devnet": "./src/devnet/index.ts",
      "./delivery": "./src/delivery/index.ts",
      "./billboard-service": "./src/billboardService/index.ts",
    });
    expect(pkg.sideEffects).to.equal(false);
    for (const target of Object.values(pkg.exports as Record<string, string>)) expect(fs.existsSync(path.join(REPO_ROOT, target)), target).to.equal(true);
  });

  it("resolves dm3kit, dm3kit/gateway, dm3kit/devnet, dm3kit/delivery and dm3kit/billboard-service by name: servers and Hardhat helpers only in their sub-paths", () => {
    // Package self-reference goes through the exports map, as for a dependent project.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const core = require("dm3kit");
    const gateway = require("dm3kit/gateway");
    const devnet = require("dm3kit/devnet");
    const delivery = require("dm3kit/delivery");
    const billboardService = require("dm3kit/billboard-service");
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(core.resolveProfile).to.be.a("function");
    expect(core.Dm3Error).to.be.a("function");
    expect(core.startGateway).to.equal(undefined);
    expect(core.startLocalChain).to.equal(undefined);
    expect(gateway.startGateway).to.be.a("function");
    expect(gateway.signGatewayResponse).to.be.a("function");
    expect(devnet.startLocalChain).to.be.a("function");
    expect(devnet.serveJsonRpc).to.be.a("function");
    expect(core.startDeliveryService).to.equal(undefined);
    expect(delivery.startDeliveryService).to.be.a("function");
    expect(delivery.SqliteStore).to.be.a("function");
    expect(core.startBillboardService).to.equal(undefined);
    expect(billboardService.startBillboardService).to.be.a("function");
    // The billboard SDK (client, proofs, mediator signatures) stays in the browser-safe core.
    expect(core.postToBillboard).to.be.a("function");
    expect(core.fetchBillboardProof).to.be.a("function");
    expect(core.signDeletion).to.be.a("function");
  });

  it("bundles the core (src/index.ts) for the browser with no Node built-in and no Hardhat module", async () => {
    const report = await bundleForBrowser("src/index.ts");
    expect(report.problems, `the core pulls in what a browser does not have:\n${report.problems.join("\n")}`).to.deep.equal([]);
    expect(report.inputs).to.include("src/profile/records.ts");
    expect(report.inputs.filter((f) => f.startsWith("src/gateway/") || f.startsWith("src/devnet/") || f.startsWith("src/delivery/") || f.startsWith("src/billboardService/"))).to.deep.equal([]);
  });

  it("runs the bundled core without Node's globals: names, keys, records and a profile signature check", async () => {
    const { code } = await bundleForBrowser("src/index.ts");
    // Node's globals are shadowed (undefined inside the bundle), the browser's names for the global object exist.
    const run = new Function("process", "Buffer", "require", "module", "exports", "global", "setImmediate", "window", "self", `${code}\nreturn dm3kit;`);
    const sdk = run(undefined, undefined, undefined, undefined, undefined, undefined, undefined, globalThis, globalThis);
    expect(sdk.normalizeName("Alice.ETH")).to.equal("alice.eth");
    expect(sdk.dnsEncode("alice.eth")).to.equal("0x05616c6963650365746800");
    expect(sdk.createProfileKeys(VECTOR.storageKey, VECTOR.defaultNonce).signingKeyPair).to.deep.equal(VECTOR.signingKeyPair);

    const wallet = new Wallet(VECTOR.privateKey);
    const profile = { publicEncryptionKey: "a", publicSigningKey: "b", deliveryServices: ["ds.dm3.eth"] };
    const signedProfile = { profile, signature: await wallet.signMessage(getProfileCreationMessage(stringify(profile), wallet.address)) };
    const { format, signedProfile: parsed } = await sdk.readProfileRecord(sdk.toDataUri(signedProfile));
    expect(format).to.equal("data");
    expect(await sdk.verifyProfileSignature(parsed, wallet.address)).to.deep.equal({ valid: true, method: "eoa" });
    expect(() => sdk.assertNormalized("Alice.eth")).to.throw().with.property("code", "NAME_NOT_NORMALIZED");
  });

  it("fails the guard for a module that imports a Node built-in or Hardhat (the guard can fail)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-bundle-"));
    try {
      const withNode = path.join(dir, "node.ts");
      fs.writeFileSync(withNode, `import { lookup } from "node:dns";\nimport { createServer } from "http";\nexport const x = [lookup, createServer];\n`);
      const nodeReport = await bundleForBrowser(withNode);
      expect(nodeReport.problems.join("\n")).to.match(/node:dns/).and.match(/"http"/);

      const withHardhat = path.join(dir, "devnet.ts");
      fs.writeFileSync(withHardhat, `export { startLocalChain } from ${JSON.stringify(path.join(REPO_ROOT, "src", "devnet"))};\n`);
      const hardhatReport = await bundleForBrowser(withHardhat);
      expect(hardhatReport.problems.join("\n")).to.match(/hardhat/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
