import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EnsPlugin, JsonRpcProvider, Network } from "ethers";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { resolveDeliveryServiceProfile, resolveProfile } from "../../src/profile";
import { resolveDm3Profile } from "../../src/profile";
import type { Manifest } from "../../deploy/manifest";
import type { BillboardManifestEntry } from "../../deploy/billboard";
import {
  anchorBatch,
  billboardMessageId,
  buildBatch,
  checkMessageInclusion,
  fetchBillboardMessages,
  fetchBillboardProof,
  readBatchByRoot,
  readMediators,
  resolveBillboardServiceUrl,
} from "../../src/billboard";
import { poster, signedMessages } from "../billboard/fixtures";
import { Child, freePort, spawnChild, stopGroup, waitUntilGone } from "../helpers/process";

describe("devnet (npm start)", function () {
  this.timeout(180_000);
  let child: Child | undefined;
  let port: number;
  let manifestFile: string;
  let readyMs: number;

  before(async () => {
    port = await freePort(6); // L1, L2, gateway, delivery service, billboard service, explorer
    manifestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-devnet-")), "devnet.json");
    const started = Date.now();
    child = spawnChild("npm", ["start", "--", "--port", String(port), "--manifest", manifestFile]);
    await child.waitFor(/dm3kit devnet is ready/, 150_000);
    readyMs = Date.now() - started;
    console.log(`      (npm start ready in ${(readyMs / 1000).toFixed(1)} s)`);
  });

  after(async () => {
    if (!child) return;
    await stopGroup(child);
  });

  it("resolves alice.eth through a plain JsonRpcProvider with ethers' default ENS plugin", async () => {
    // An unmodified client: mainnet's ENS address (EnsPlugin's default) on chain 31337.
    const network = new Network("devnet", 31337n).attachPlugin(new EnsPlugin());
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network });
    try {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
      expect(await provider.resolveName("alice.eth")).to.equal(manifest.names["alice.eth"].owner);
      expect(await provider.lookupAddress(manifest.names["bob.eth"].owner)).to.equal("bob.eth");
      const resolver = await provider.getResolver("ds.dm3.eth");
      expect(resolver?.address).to.equal(manifest.contracts.publicResolver.address);
      expect(await provider.getResolver("nobody.eth")).to.equal(null);
    } finally {
      provider.destroy();
    }
  });

  it("serves verified dm3 profiles for alice.eth and bob.eth, a DS profile on ds.dm3.eth, and carol.l2.dm3.eth over CCIP-Read", async () => {
    const network = new Network("devnet", 31337n).attachPlugin(new EnsPlugin());
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network });
    try {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
      for (const name of ["alice.eth", "bob.eth", "carol.l2.dm3.eth", "dave.gnosis.dm3.eth"]) {
        const resolved = await resolveProfile(provider, name);
        expect(resolved.valid, `${name}: ${resolved.reason}`).to.equal(true);
        expect(resolved.address).to.equal(manifest.names[name].owner);
        expect(resolved.profile.deliveryServices).to.deep.equal(["ds.dm3.eth"]);
        expect(manifest.names[name].records?.[PROFILE_RECORD_KEY]).to.match(/^data:application\/json,/);
      }
      const ds = await resolveDeliveryServiceProfile(provider, "ds.dm3.eth");
      expect(ds.profile.url).to.equal(`http://127.0.0.1:${port + 3}`);
      // dave.gno is the alias of dave.gnosis.dm3.eth, resolved in one call.
      const dave = await resolveDm3Profile(provider, "DAVE.gno", { universalResolver: manifest.contracts.dm3UniversalResolver.address });
      expect(dave).to.include({ canonicalName: "dave.gnosis.dm3.eth", valid: true, address: manifest.names["dave.gnosis.dm3.eth"].owner });
      // The layer-2 name really is answered through the gateway on the second chain.
      expect((await provider.getResolver("carol.l2.dm3.eth"))?.address).to.equal((manifest.extra.l2 as { l1Resolver: string }).l1Resolver);
    } finally {
      provider.destroy();
    }
  });

  it("writes a manifest with the chain id, every address and every demo name with its owner account", () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    expect(manifest.chainId).to.equal(31337);
    expect(manifest.rpcUrl).to.equal(`http://127.0.0.1:${port}`);
    expect(manifest.contracts.ensRegistry.address).to.equal("0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e");
    for (const key of ["publicResolver", "reverseRegistrar", "ethRegistrar", "dm3ProfileVerifier", "dm3L1Resolver", "dm3GatewayVerifier"]) expect(manifest.contracts[key].address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(Object.keys(manifest.names)).to.include.members(["dm3.eth", "alice.eth", "bob.eth", "ds.dm3.eth"]);
    expect(manifest.names["alice.eth"].ownerAccountIndex).to.equal(2);
    expect(manifest.extra.l2).to.include({ chainId: 31338, rpcUrl: `http://127.0.0.1:${port + 1}` });
    expect(manifest.extra.gateway).to.include({ url: `http://127.0.0.1:${port + 2}` });
    expect(manifest.extra.explorer).to.deep.equal({ url: `http://127.0.0.1:${port + 5}/` });
    expect(manifest.names["carol.l2.dm3.eth"]).to.include({ recordsChainId: 31338, ownerAccountIndex: 7 });
    expect(manifest.extra.aliases).to.deep.equal({ gno: "gnosis.dm3.eth" });
    expect(Object.keys(manifest.names)).to.include.members(["gnosis.dm3.eth", "dave.gnosis.dm3.eth"]);
    for (const key of ["dm3AliasRegistry", "dm3UniversalResolver", "dm3BillboardAnchor"]) expect(manifest.contracts[key].address).to.match(/^0x[0-9a-fA-F]{40}$/);
    for (const key of ["dm3RuleSets", "gateTestErc20", "gateTestErc721", "gateTestErc1155"]) expect(manifest.contracts[key].address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(manifest.extra.gate).to.deep.include({ ruleSets: manifest.contracts.dm3RuleSets.address, exampleRuleSetId: "2", passes: ["alice.eth", "dave.gnosis.dm3.eth"], fails: ["bob.eth"] });
  });

  it("prints a readable summary with the RPC URL, the addresses and who owns what", () => {
    const out = child!.output();
    expect(out).to.include(`RPC URL   http://127.0.0.1:${port}`);
    expect(out).to.include(`explorer  http://127.0.0.1:${port + 5}/`);
    expect(out).to.match(/Explorer page (built in \d+ ms|up to date) \(script \d+ kB, \d+ kB gzip\)/);
    expect(out).to.include("alice.eth");
    expect(out).to.match(/account #2/);
    expect(out).to.match(/gate +rule set #2: alice\.eth, dave\.gnosis\.dm3\.eth pass, bob\.eth fail/);
  });

  it("dm3:gate:check --network localhost explains the example rule set for a demo name", async () => {
    const task = spawnChild("npx", ["hardhat", "dm3:gate:check", "--id", "2", "--account", "bob.eth", "--network", "localhost", "--manifest", manifestFile, "--json"], {
      LOCALHOST_RPC_URL: `http://127.0.0.1:${port}`,
    });
    expect(await task.exited, task.output()).to.equal(0);
    const out = task.output();
    expect(JSON.parse(out.slice(out.indexOf("{")))).to.deep.include({ name: "bob.eth", allowed: false });
  });

  it("serves the explorer page and its configuration (the manifest and the demo accounts) on port + 5; the RPC allows its origin only", async () => {
    const explorer = `http://127.0.0.1:${port + 5}`;
    expect((await fetch(`${explorer}/`)).headers.get("content-type")).to.equal("text/html; charset=utf-8");
    const config = (await (await fetch(`${explorer}/manifest.json`)).json()) as Manifest & { demoAccounts: Array<{ index: number; address: string; names: string[] }> };
    expect(config.rpcUrl).to.equal(`http://127.0.0.1:${port}`);
    expect(config.demoAccounts.find((a) => a.index === 2)).to.deep.include({ address: config.names["alice.eth"].owner, names: ["alice.eth"] });
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    for (const origin of [explorer, `http://localhost:${port + 5}`]) {
      const res = await fetch(`http://127.0.0.1:${port}`, { method: "POST", headers: { "content-type": "application/json", origin }, body });
      expect(res.headers.get("access-control-allow-origin")).to.equal(origin);
    }
    expect((await fetch(`http://127.0.0.1:${port}`, { method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:1" }, body })).status).to.equal(403);
  });

  it("dm3:profile:resolve --network localhost resolves an aliased name through the devnet's one-call resolver", async () => {
    const task = spawnChild("npx", ["hardhat", "dm3:profile:resolve", "--name", "DAVE.gno", "--network", "localhost", "--manifest", manifestFile, "--json"], {
      LOCALHOST_RPC_URL: `http://127.0.0.1:${port}`,
    });
    expect(await task.exited, task.output()).to.equal(0);
    // The devnet's manifest is where the task finds the one-call resolver.
    expect(task.output()).to.include('"name": "dave.gnosis.dm3.eth"').and.include('"alias": "dave.gno"').and.include('"valid": true');
  });

  it("re-running the deploy against the running devnet (--network localhost) redeploys nothing", async () => {
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, 31337, { staticNetwork: true });
    try {
      const before = await provider.getBlockNumber();
      const deploy = spawnChild("npx", ["hardhat", "dm3:deploy", "--network", "localhost", "--manifest", manifestFile], {
        LOCALHOST_RPC_URL: `http://127.0.0.1:${port}`,
      });
      expect(await deploy.exited, deploy.output()).to.equal(0);
      expect(deploy.output()).to.match(/ensRegistry: already placed/);
      expect(deploy.output()).to.match(/publicResolver: already deployed/);
      expect(deploy.output()).to.not.match(/: deployed /);
      expect(await provider.getBlockNumber()).to.equal(before);
    } finally {
      provider.destroy();
    }
  });

  it("re-running the layer-2 deploy (dm3:deploy:l2) against the devnet's two chains redeploys nothing", async () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    const gateway = manifest.extra.gateway as { url: string; signer: string };
    const l2 = new JsonRpcProvider(`http://127.0.0.1:${port + 1}`, 31338, { staticNetwork: true });
    const l1 = new JsonRpcProvider(`http://127.0.0.1:${port}`, 31337, { staticNetwork: true });
    try {
      const before = [await l1.getBlockNumber(), await l2.getBlockNumber()];
      const deploy = spawnChild(
        "npx",
        ["hardhat", "dm3:deploy:l2", "--network", "localhost", "--manifest", manifestFile, "--l2-manifest", path.join(path.dirname(manifestFile), "devnet-l2.json"),
          "--parent", "l2.dm3.eth", "--l2-rpc", `http://127.0.0.1:${port + 1}`, "--gateway-url", `${gateway.url}/{sender}/{data}.json`, "--gateway-signers", gateway.signer],
        { LOCALHOST_RPC_URL: `http://127.0.0.1:${port}` },
      );
      expect(await deploy.exited, deploy.output()).to.equal(0);
      expect(deploy.output()).to.match(/dm3L2Registry: already deployed/);
      expect(deploy.output()).to.match(/dm3L1Resolver: already deployed/);
      expect(deploy.output()).to.not.match(/: deployed |added gateway signer|set to/);
      expect([await l1.getBlockNumber(), await l2.getBlockNumber()]).to.deep.equal(before);
    } finally {
      l1.destroy();
      l2.destroy();
    }
  });

  it("billboard.dm3.eth: a dm3 profile, the anchor contract with alice as mediator; a batch anchored by alice verifies with dm3:billboard:verify", async () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    const billboard = manifest.extra.billboard as BillboardManifestEntry;
    const anchor = manifest.contracts.dm3BillboardAnchor.address;
    expect(billboard).to.include({ name: "billboard.dm3.eth", anchor, owner: manifest.names["billboard.dm3.eth"].owner });
    expect(manifest.names["billboard.dm3.eth"].ownerAccountIndex).to.equal(6);
    expect(billboard.mediators).to.deep.equal([manifest.names["alice.eth"].owner]);
    expect(child!.output()).to.match(/billboard billboard\.dm3\.eth \(anchors at 0x[0-9a-fA-F]{40}; mediators 0x/);
    const network = new Network("devnet", 31337n).attachPlugin(new EnsPlugin());
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network });
    try {
      const profile = await resolveProfile(provider, "billboard.dm3.eth");
      expect(profile.valid, profile.reason).to.equal(true);
      expect(await readMediators(provider, anchor, "billboard.dm3.eth")).to.deep.equal(billboard.mediators);
      // The demo wall, read from the billboard service: a batch anchored at start-up by alice (mediator), one message left pending.
      const wall = await fetchBillboardMessages(`http://127.0.0.1:${port + 4}`, "billboard.dm3.eth");
      expect(wall).to.have.length(4);
      const demo = buildBatch("billboard.dm3.eth", wall.slice(0, 3));
      expect(await readBatchByRoot(provider, anchor, demo.root)).to.include({ sequence: 0, messageCount: 3 });
      expect(manifest.extra.billboard).to.not.have.property("wall");
      expect(child!.output()).to.match(/wall: 3 messages anchored in batch #0 \(root 0x[0-9a-f]{8}…\), 1 pending/);

      const alice = await provider.getSigner(2);
      const messages = signedMessages([await poster(alice, "alice.eth")], "billboard.dm3.eth", 5);
      const file = path.join(path.dirname(manifestFile), "billboard-batch.json");
      fs.writeFileSync(file, JSON.stringify(messages));
      const anchored = await anchorBatch(alice, anchor, buildBatch("billboard.dm3.eth", messages));
      expect(anchored).to.include({ anchorer: await alice.getAddress(), messageCount: 5 });

      const verify = spawnChild(
        "npx",
        ["hardhat", "dm3:billboard:verify", "--network", "localhost", "--manifest", manifestFile, "--messages", file, "--message", billboardMessageId(messages[2]), "--json"],
        { LOCALHOST_RPC_URL: `http://127.0.0.1:${port}` },
      );
      expect(await verify.exited, verify.output()).to.equal(0);
      expect(verify.output()).to.include(`"root": "${anchored.root}"`).and.include('"included": true');
    } finally {
      provider.destroy();
    }
  });

  it("runs the billboard service at billboard.dm3.eth's delivery-service URL with the demo posts anchored; dm3:billboard:post and :verify work against it", async () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    const url = `http://127.0.0.1:${port + 4}`;
    expect((manifest.extra.billboard as { service: unknown }).service).to.deep.equal({ url, running: true, storage: "sqlite", mediators: ["alice.eth"] });
    expect(child!.output()).to.include(`BB URL    ${url} (billboard service of billboard.dm3.eth; mediators alice.eth)`);
    expect(child!.output()).to.match(/batch #0: 3 messages anchored as sequence 0, root 0x[0-9a-f]{8}…, tx 0x[0-9a-f]{8}…, gas \d+/);
    const network = new Network("devnet", 31337n).attachPlugin(new EnsPlugin());
    const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network });
    try {
      // Any dm3 client finds the service through the billboard's profile.
      expect(await resolveBillboardServiceUrl(provider, "billboard.dm3.eth")).to.equal(url);
      const messages = await fetchBillboardMessages(url, "billboard.dm3.eth");
      expect(messages.map((m) => m.metadata.from)).to.deep.equal(["alice.eth", "bob.eth", "dave.gnosis.dm3.eth", "bob.eth"]);
      for (const m of messages.slice(0, 3)) {
        const answer = await fetchBillboardProof(url, "billboard.dm3.eth", billboardMessageId(m));
        expect(answer).to.deep.include({ status: "anchored", anchor: { address: manifest.contracts.dm3BillboardAnchor.address, chainId: 31337 } });
        expect(answer.batch).to.deep.include({ number: 0, sequence: 0, messageCount: 3 });
        expect((await checkMessageInclusion(provider, manifest.contracts.dm3BillboardAnchor.address, answer.proof!, answer.message)).included).to.equal(true);
      }
      // the last one was posted after the batch: it waits for the service's next one
      expect((await fetchBillboardProof(url, "billboard.dm3.eth", billboardMessageId(messages[3]))).batch?.number).to.not.equal(0);
    } finally {
      provider.destroy();
    }
    const env = { LOCALHOST_RPC_URL: `http://127.0.0.1:${port}` };
    const bobKey = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
    const posted = spawnChild("npx", ["hardhat", "dm3:billboard:post", "--network", "localhost", "--manifest", manifestFile, "--private-key", bobKey, "--billboard", "billboard.dm3.eth", "--message", "posted by a task", "--json"], env);
    expect(await posted.exited, posted.output()).to.equal(0);
    expect(posted.output()).to.include('"from": "bob.eth"').and.include(`"url": "${url}"`);
    const verify = spawnChild("npx", ["hardhat", "dm3:billboard:verify", "--network", "localhost", "--manifest", manifestFile, "--message", billboardMessageId((await fetchBillboardMessages(url, "billboard.dm3.eth"))[0]), "--json"], env);
    expect(await verify.exited, verify.output()).to.equal(0);
    expect(verify.output()).to.include('"included": true').and.include(`"url": "${url}"`).and.include('"status": "anchored"');
  });

  it("runs the delivery service at ds.dm3.eth's URL: alice's start-up message is in bob's verified inbox; dm3:send and dm3:inbox work against it", async () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    expect(manifest.extra.deliveryService).to.deep.equal({ name: "ds.dm3.eth", url: `http://127.0.0.1:${port + 3}`, running: true, storage: "sqlite" });
    expect(child!.output()).to.include('bob.eth <- alice.eth: "hello bob.eth, from alice.eth via dm3kit" (message signature valid, postmark valid from ds.dm3.eth)');
    const health = (await (await fetch(`http://127.0.0.1:${port + 3}/health`)).json()) as { status: string };
    expect(health.status).to.equal("ok");
    const env = { LOCALHOST_RPC_URL: `http://127.0.0.1:${port}` };
    // Hardhat's public test keys of accounts #3 (bob) and #2 (alice).
    const bobKey = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
    const aliceKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    const send = spawnChild("npx", ["hardhat", "dm3:send", "--network", "localhost", "--manifest", manifestFile, "--private-key", bobKey, "--to", "alice.eth", "--message", "hi alice", "--json"], env);
    expect(await send.exited, send.output()).to.equal(0);
    expect(send.output()).to.include('"from": "bob.eth"').and.include('"deliveryService": "ds.dm3.eth"');
    const inbox = spawnChild("npx", ["hardhat", "dm3:inbox", "--network", "localhost", "--manifest", manifestFile, "--private-key", aliceKey, "--json", "--ack"], env);
    expect(await inbox.exited, inbox.output()).to.equal(0);
    const printed = JSON.parse(inbox.output().slice(inbox.output().indexOf("{"))) as { messages: Array<{ from: string; message: string; verdicts: Record<string, string> }> };
    expect(printed.messages).to.have.length(1);
    expect(printed.messages[0]).to.deep.include({ from: "bob.eth", message: "hi alice" });
    expect(printed.messages[0].verdicts).to.include({ messageSignature: "valid", postmark: "valid" });
  });

  it("stops cleanly on Ctrl+C, leaving no process behind", async () => {
    child!.killGroup("SIGINT");
    await waitUntilGone(child!, 15_000);
    expect(child!.groupAlive(), "a devnet process survived SIGINT").to.equal(false);
    expect(child!.output()).to.include("Stopping devnet");
    child = undefined;
  });
});

describe("fork mode", function () {
  this.timeout(60_000);

  async function runForked(forkUrl: string): Promise<{ code: number | string; out: string; ms: number }> {
    const started = Date.now();
    const c = spawnChild("npx", ["hardhat", "dm3:devnet", "--port", "0"], { FORK_URL: forkUrl });
    const code = await c.exited;
    return { code, out: c.output(), ms: Date.now() - started };
  }

  it("fails in under 10 s with a clear message when FORK_URL refuses connections, without printing its path", async () => {
    const port = await freePort();
    const { code, out, ms } = await runForked(`http://127.0.0.1:${port}/v2/SECRET-API-KEY`);
    expect(code).to.not.equal(0);
    expect(ms).to.be.lessThan(10_000);
    expect(out).to.match(/FORK_URL: RPC URL http:\/\/127\.0\.0\.1:\d+\/… is not usable/);
    expect(out).to.not.include("SECRET-API-KEY");
  });

  it("fails in under 10 s when FORK_URL accepts connections but never answers", async () => {
    const net = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as import("node:net").AddressInfo;
    try {
      const { code, out, ms } = await runForked(`http://127.0.0.1:${port}/key/SECRET-API-KEY`);
      expect(code).to.not.equal(0);
      expect(ms).to.be.lessThan(10_000);
      expect(out).to.match(/no answer within 4000 ms/);
      expect(out).to.not.include("SECRET-API-KEY");
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
