import { expect } from "chai";
import hre from "hardhat";
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import type { Browser, Page } from "puppeteer-core";
import { startDevnet, type Devnet } from "../../deploy/devnet";
import { billboardMessageId, fetchBillboardMessages } from "../../src/billboard";
import { launchChromium, screenshot, watchedPage, type WatchedPage } from "../helpers/browser";
import { spawnChild } from "../helpers/process";

// The devnet explorer page in a real Chromium (the binary @sparticuz/chromium ships), against a
// devnet started in this process: one devnet and one browser for the whole file.

describe("devnet explorer page (Chromium)", function () {
  this.timeout(120_000);
  let devnet: Devnet;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  let explorerUrl: string;
  let manifestFile: string;

  before(async () => {
    await reset();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-explorer-"));
    manifestFile = path.join(dir, "devnet.json");
    [devnet, browser] = await Promise.all([
      startDevnet(hre, { host: "127.0.0.1", port: 0, manifestFile, log: () => {} }),
      launchChromium(),
    ]);
    explorerUrl = (devnet.manifest.extra.explorer as { url: string }).url;
    watched = await watchedPage(browser);
    page = watched.page;
  });

  after(async () => {
    await browser?.close();
    await devnet?.close();
    await reset();
  });

  /** Loads the page afresh (not a same-document hash change) on view `hash`. */
  async function open(hash: string): Promise<void> {
    await page.goto("about:blank");
    await page.goto(`${explorerUrl}#${hash}`);
    await page.waitForSelector("body[data-ready]");
  }

  it("loads every view with no console error, failed request or HTTP error, talking to 127.0.0.1 only", async () => {
    await page.setViewport({ width: 1200, height: 900 });
    await open("names");
    await page.waitForSelector('tr[data-name="dave.gno"][data-valid]');
    await open("resolve");
    await page.waitForSelector("#resolve-name");
    await open("billboard");
    await page.waitForSelector('#billboard-wall[data-loaded="true"][data-live="true"]');
    await open("gate");
    await page.waitForSelector("#gate-account");
    await page.waitForFunction(() => !document.body.innerText.includes("Reading the rule sets"));
    await open("inbox");
    await page.waitForSelector("#inbox-account");
    expect(await page.$$eval("nav a", (as) => as.map((a) => a.textContent))).to.deep.equal(["Names", "Resolve", "Inbox", "Billboard", "Gate"]);
    expect(watched.problems).to.deep.equal([]);
    expect(watched.requests.filter((u) => !u.startsWith("http://127.0.0.1:") && !u.startsWith("data:"))).to.deep.equal([]);
  });

  it("Names: alice.eth's profile is valid, with owner, PublicResolver, addr and delivery service; dave.gno is an alias; dm3.eth has no profile", async () => {
    await open("names");
    await page.waitForSelector('tr[data-name="alice.eth"][data-valid]');
    await page.waitForFunction(() => document.querySelectorAll("tr[data-name]:not([data-valid])").length === 0);
    const row = async (name: string) =>
      page.$eval(`tr[data-name="${name}"]`, (tr) => ({ valid: tr.getAttribute("data-valid"), text: (tr as HTMLElement).innerText, verdict: tr.querySelector(".verdict [data-verdict]")?.getAttribute("data-verdict") }));
    const alice = await row("alice.eth");
    expect(alice.valid).to.equal("true");
    expect(alice.verdict).to.equal("ok");
    expect(alice.text).to.include("valid").and.include("account #2").and.include("ENS PublicResolver").and.include("ds.dm3.eth");
    const carol = await row("carol.l2.dm3.eth");
    expect(carol).to.include({ valid: "true" });
    expect(carol.text).to.include("layer 2 (chain 31338)").and.include("dm3 L1 resolver");
    expect((await row("dave.gno")).text).to.include("alias of dave.gnosis.dm3.eth");
    expect(await row("dave.gno")).to.include({ valid: "true" });
    expect((await row("dm3.eth")).text).to.include("no dm3 profile record");
    expect((await row("ds.dm3.eth")).text).to.include("is a delivery service");
    await screenshot(page, "names");
    expect(watched.problems).to.deep.equal([]);
  });

  it("Resolve: carol.l2.dm3.eth shows its CCIP-Read path (resolver on the parent, gateway signature, layer-2 registry) with request counts and times", async () => {
    await open("resolve");
    await page.$eval("#resolve-name", (el) => ((el as HTMLInputElement).value = ""));
    await page.type("#resolve-name", "carol.l2.dm3.eth");
    await page.keyboard.press("Enter");
    await page.waitForSelector('.trace[data-input="carol.l2.dm3.eth"]');
    const trace = await page.$eval(".trace", (el) => ({
      valid: el.getAttribute("data-valid"),
      steps: [...el.querySelectorAll("li.step")].map((s) => ({ id: s.getAttribute("data-step"), status: s.getAttribute("data-status"), text: (s as HTMLElement).innerText })),
      total: el.querySelector("[data-total]")?.textContent,
    }));
    expect(trace.valid).to.equal("true");
    expect(trace.steps.map((s) => s.id)).to.deep.equal(["name", "alias", "resolver", "gateway", "l2", "records", "profile", "signature"]);
    expect(trace.steps.map((s) => s.status)).to.deep.equal(["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]);
    const step = (id: string) => trace.steps.find((s) => s.id === id)!.text;
    expect(step("resolver")).to.include("found on the parent l2.dm3.eth (ENSIP-10 wildcard)");
    const gateway = (devnet.manifest.extra.gateway as { url: string; signer: string });
    // Two lookups (text and addr), one gateway request each, both signed by the devnet's gateway key.
    expect(step("gateway")).to.match(/0 RPC · 2 HTTP · [\d.]+ ms/);
    expect(step("gateway")).to.include(gateway.url).and.include(`signed by ${gateway.signer} (the devnet gateway's key)`);
    expect(step("l2")).to.include("on chain 31338").and.include("the same bytes the gateway signed");
    // Two OffchainLookup reverts and two resolveWithProof callbacks.
    expect(step("records")).to.match(/4 RPC · 0 HTTP/);
    expect(step("signature")).to.include("(eoa)");
    expect(trace.total).to.match(/total \d+ RPC · 2 HTTP · [\d.]+ ms/);
    expect(await page.$eval("[data-one-call]", (el) => el.textContent)).to.match(/one-call resolver \(Dm3UniversalResolver\): \d+ RPC · 1 HTTP · [\d.]+ ms, valid/);
    await screenshot(page, "resolve");
    expect(watched.problems).to.deep.equal([]);
  });

  it("Resolve: an unnormalized or unknown name ends the path at its step with the reason", async () => {
    await open("resolve");
    for (const [name, failing, reason] of [
      ["nobody.eth", "resolver", /nobody\.eth has no ENS resolver \(NO_RESOLVER\)/],
      ["a..b", "name", /empty label|invalid/i],
    ] as const) {
      await page.$eval("#resolve-name", (el) => ((el as HTMLInputElement).value = ""));
      await page.type("#resolve-name", name);
      await page.click(".resolve-form button[type=submit]");
      await page.waitForSelector(`.trace[data-input="${name}"]`);
      const failed = await page.$eval(`li.step[data-status="fail"]`, (s) => ({ id: s.getAttribute("data-step"), text: (s as HTMLElement).innerText }));
      expect(failed.id).to.equal(failing);
      expect(failed.text).to.match(reason);
      expect(await page.$eval(".trace", (el) => el.getAttribute("data-valid"))).to.equal("false");
    }
  });

  /** Opens `name`'s inbox on `p` and waits until it listens on the socket. */
  async function openInbox(p: Page, name: string): Promise<void> {
    const value = await p.$$eval("#inbox-account option", (os, n) => os.find((o) => o.textContent?.startsWith(`${n} `))?.getAttribute("value"), name);
    expect(value, `${name} is offered`).to.be.a("string");
    await p.select("#inbox-account", value!);
    await p.click(".inbox-form button[type=submit]");
    await p.waitForSelector('#inbox-messages[data-live="true"]');
  }

  it("Inbox: bob.eth's keys are derived in the browser, it logs in to ds.dm3.eth and shows alice.eth's start-up message decrypted and verified", async () => {
    await open("inbox");
    await openInbox(page, "bob.eth");
    const steps = await page.$eval("#inbox-steps", (el) => (el as HTMLElement).innerText);
    expect(steps).to.include("dm3 keys derived from account #3's signature of the key-derivation message").and.include("they are the keys bob.eth's profile publishes");
    expect(steps).to.match(/logged in: challenge from the DS signed with the profile's Ed25519 key, token received \(valid until/);
    expect(steps).to.include("listening for new messages (socket.io)");
    const messages = await page.$$eval("#inbox-messages > li", (ls) => ls.map((l) => ({ verified: l.getAttribute("data-verified"), from: l.getAttribute("data-from"), text: (l as HTMLElement).innerText })));
    const startUp = messages.find((m) => m.from === "alice.eth");
    expect(startUp, JSON.stringify(messages)).to.not.equal(undefined);
    expect(startUp!.verified).to.equal("true");
    expect(startUp!.text).to.include("hello bob.eth, from alice.eth via dm3kit").and.include("message signature valid (alice.eth)").and.include("postmark valid (ds.dm3.eth)");
    await screenshot(page, "inbox");
    expect(watched.problems).to.deep.equal([]);
  });

  it("Inbox: a message sent from the page (alice.eth → bob.eth) arrives in bob's open inbox over socket.io, and dm3:inbox shows it verified", async () => {
    // bob's inbox is open on `page` (previous test); alice writes from a second page.
    const second = await watchedPage(browser);
    try {
      await second.page.goto(`${explorerUrl}#inbox`);
      await second.page.waitForSelector("body[data-ready]");
      await openInbox(second.page, "alice.eth");
      const text = `hello from the explorer ${Date.now()}`;
      await second.page.$eval("#send-to", (el) => ((el as HTMLInputElement).value = ""));
      await second.page.type("#send-to", "bob.eth");
      await second.page.type("#send-text", text);
      await second.page.click(".send-form button[type=submit]");
      await second.page.waitForSelector("#send-result[data-message-hash]");
      const hash = await second.page.$eval("#send-result", (el) => el.getAttribute("data-message-hash"));
      expect(await second.page.$eval("#send-result", (el) => el.textContent)).to.include("delivered to ds.dm3.eth");
      expect(second.problems).to.deep.equal([]);

      await page.waitForSelector(`#inbox-messages > li[data-how="pushed"][data-message-hash="${hash}"]`);
      expect(await page.$eval(`#inbox-messages > li[data-message-hash="${hash}"]`, (l) => ({ verified: l.getAttribute("data-verified"), text: (l as HTMLElement).innerText }))).to.deep.include({ verified: "true" });

      const config = (await (await fetch(`${explorerUrl}manifest.json`)).json()) as { demoAccounts: Array<{ privateKey: string; names: string[] }> };
      const bobKey = config.demoAccounts.find((a) => a.names.includes("bob.eth"))!.privateKey;
      const task = spawnChild("npx", ["hardhat", "dm3:inbox", "--network", "localhost", "--private-key", bobKey, "--name", "bob.eth", "--manifest", manifestFile, "--json"], { LOCALHOST_RPC_URL: devnet.rpcUrl });
      expect(await task.exited, task.output()).to.equal(0);
      const inbox = JSON.parse(task.output().slice(task.output().indexOf("{"))) as { name: string; messages: Array<{ ok: boolean; from?: string; message?: string; messageHash?: string; verdicts?: Record<string, string> }> };
      expect(inbox.name).to.equal("bob.eth");
      const sent = inbox.messages.find((m) => m.messageHash === hash);
      expect(sent, task.output()).to.deep.include({ ok: true, from: "alice.eth", message: text });
      expect(sent!.verdicts).to.include({ decryption: "valid", messageSignature: "valid", senderName: "valid", postmark: "valid" });
    } finally {
      await second.page.close();
    }
    expect(watched.problems).to.deep.equal([]);
  });

  it("Inbox: an account without a delivery-service account (dave.gnosis.dm3.eth) signs up with its published profile, then logs in", async () => {
    await open("inbox");
    await openInbox(page, "dave.gnosis.dm3.eth");
    const steps = await page.$eval("#inbox-steps", (el) => (el as HTMLElement).innerText);
    expect(steps).to.include("signed up at ds.dm3.eth with the profile dave.gnosis.dm3.eth publishes").and.include("0 envelopes waiting");
    // The delivery service's "no account" answer (404) that led to the sign-up is the only problem the browser logged.
    expect(watched.problems.splice(0)).to.deep.equal([
      `HTTP 404: GET ${(devnet.manifest.extra.deliveryService as { url: string }).url}/auth/dave.gnosis.dm3.eth`,
      "console.error: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]);
  });

  /** Opens the Billboard view and waits until the wall is read from the service (statuses included) and the socket is live. */
  async function openWall(): Promise<Array<{ id: string; status: string | null; how: string | null; text: string; button: boolean }>> {
    await open("billboard");
    await page.waitForSelector('#billboard-wall[data-loaded="true"][data-live="true"]');
    return wallCards();
  }

  function wallCards(): Promise<Array<{ id: string; status: string | null; how: string | null; text: string; button: boolean }>> {
    return page.$$eval("#billboard-wall > li[data-message]", (ls) =>
      ls.map((l) => ({ id: l.getAttribute("data-message")!, status: l.getAttribute("data-status"), how: l.getAttribute("data-how"), text: (l as HTMLElement).innerText, button: l.querySelector("button") !== null })),
    );
  }

  /** Clicks a card's verify button and returns its result. */
  async function verifyOnChain(id: string): Promise<{ included: string | null; text: string | null }> {
    await page.click(`li[data-message="${id}"] .actions button`);
    await page.waitForSelector(`li[data-message="${id}"] .proof-result[data-included]`);
    return page.$eval(`li[data-message="${id}"] .proof-result`, (el) => ({ included: el.getAttribute("data-included"), text: el.textContent }));
  }

  it("Billboard: the wall comes from billboard.dm3.eth's service (messages, anchor status per message, live socket); a message's proof from the service verifies on-chain from the browser", async () => {
    const url = (devnet.manifest.extra.billboard as { service: { url: string } }).service.url;
    const wall = await openWall();
    // What the service serves, in its order (oldest first), and nothing from the manifest (it has no wall any more).
    const served = await fetchBillboardMessages(url, "billboard.dm3.eth");
    expect(wall.map((m) => m.id)).to.deep.equal(served.map((m) => billboardMessageId(m)));
    expect(devnet.manifest.extra.billboard).to.not.have.property("wall");
    expect(wall.map((m) => m.status)).to.deep.equal(["anchored", "anchored", "anchored", "pending"]);
    expect(wall.every((m) => m.text.includes("✓ signed by") && m.how === "fetched")).to.equal(true);
    expect(wall[0].text).to.include("anchored in batch #0");
    expect(wall[3]).to.include({ button: false });
    expect(wall[3].text).to.include("not anchored yet");
    expect(await page.$eval("[data-batch='0']", (el) => el.textContent)).to.match(/batch #0: 3 messages, root 0x[0-9a-f]{16}…, anchored by/);
    expect(await page.$eval("#billboard-service", (el) => el.textContent)).to.equal(`Billboard service ${url} · “dm3kit devnet wall” · mediators alice.eth`);

    const result = await verifyOnChain(wall[1].id);
    expect(result.included).to.equal("true");
    expect(result.text).to.match(/included the service's proof \([\d.]+ ms\) of [12] hash(es)? to root 0x[0-9a-f]{8}…: off-chain valid, root anchored \(batch #0\), Dm3BillboardAnchor\.verifyMessage true \(2 RPC · [\d.]+ ms\)/);
    await screenshot(page, "billboard");
    expect(watched.problems).to.deep.equal([]);
  });

  it("Billboard: a post from the page arrives over the service's socket; anchored by the service after start-up, it shows as anchored after a refresh and its proof verifies on-chain", async () => {
    await openWall();
    const text = `posted from the explorer ${Date.now()}`;
    const value = await page.$$eval("#post-account option", (os) => os.find((o) => o.textContent?.startsWith("carol.l2.dm3.eth "))?.getAttribute("value"));
    expect(value, "carol.l2.dm3.eth is offered").to.be.a("string");
    expect(await page.$$eval("#post-account option", (os) => os.some((o) => o.textContent?.startsWith("billboard.dm3.eth ")))).to.equal(false);
    await page.select("#post-account", value!);
    await page.type("#post-text", text);
    await page.click(".post-form button[type=submit]");
    await page.waitForSelector("#post-result[data-message-id]");
    const id = await page.$eval("#post-result", (el) => el.getAttribute("data-message-id")!);
    expect(await page.$eval("#post-result", (el) => el.textContent)).to.include("signed by carol.l2.dm3.eth and delivered to billboard.dm3.eth");
    // The page adds nothing itself: the card is the service's push to its viewers.
    await page.waitForSelector(`li[data-message="${id}"][data-how="pushed"][data-status="pending"]`);
    await page.waitForFunction((i) => document.querySelector(`li[data-message="${i}"]`)?.textContent?.includes("✓ signed by carol.l2.dm3.eth"), {}, id);
    expect(await page.$eval(`li[data-message="${id}"] .body`, (el) => el.textContent)).to.equal(text);

    // The service's batch (its timer, run now): bob's start-up post and this one.
    const [batch] = await devnet.billboardService.flush();
    expect(batch).to.include({ state: "anchored", sequence: 1, messageCount: 2 });
    await page.click("#billboard-refresh");
    await page.waitForSelector('#billboard-wall[data-loaded="true"]');
    const wall = await wallCards();
    expect(wall.map((m) => m.status)).to.deep.equal(["anchored", "anchored", "anchored", "anchored", "anchored"]);
    expect(wall[4]).to.include({ id, how: "fetched", button: true });
    expect(wall[4].text).to.include("anchored in batch #1");
    expect(await page.$eval("[data-batch='1']", (el) => el.textContent)).to.match(/batch #1: 2 messages, root 0x[0-9a-f]{16}…, anchored by/);
    const result = await verifyOnChain(id);
    expect(result.included).to.equal("true");
    expect(result.text).to.match(/off-chain valid, root anchored \(batch #1\), Dm3BillboardAnchor\.verifyMessage true/);
    expect(result.text).to.include(`to root ${batch.root.slice(0, 10)}…`);
    await screenshot(page, "billboard-anchored");
    expect(watched.problems).to.deep.equal([]);
  });

  it("Billboard: what a lying service sends is caught in the browser: a changed message fails its signature and has no proof, a malformed one is flagged, a tampered proof is not included", async () => {
    const url = (devnet.manifest.extra.billboard as { service: { url: string } }).service.url;
    const liar = await watchedPage(browser);
    try {
      // The service's answers, changed on their way into the page (the SDK client calls the page's fetch).
      await liar.page.evaluateOnNewDocument((serviceUrl: string) => {
        const realFetch = window.fetch.bind(window);
        window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
          const res = await realFetch(input, init);
          if (String(input) !== `${serviceUrl}/rpc` || typeof init?.body !== "string") return res;
          const method = (JSON.parse(init.body) as { method: string }).method;
          if (!res.ok || (method !== "dm3_billboard_getMessages" && method !== "dm3_billboard_getProof")) return res;
          const json = (await res.json()) as { result: { messages?: Array<Record<string, unknown>>; status?: string; proof?: { proof: string[] } | null } };
          if (json.result.messages) {
            json.result.messages[0].message = "changed by the service";
            json.result.messages.push({ metadata: { to: "billboard.dm3.eth" } });
          } else if (json.result.proof && json.result.proof.proof.length > 0) {
            const [first, ...rest] = json.result.proof.proof;
            json.result.proof.proof = [`${first.slice(0, -1)}${first.endsWith("0") ? "1" : "0"}`, ...rest];
          }
          return new Response(JSON.stringify(json), { status: res.status, headers: { "content-type": "application/json" } });
        };
      }, url);
      await liar.page.goto(`${explorerUrl}#billboard`);
      await liar.page.waitForSelector('#billboard-wall[data-loaded="true"]');
      const cards = await liar.page.$$eval("#billboard-wall > li", (ls) => ls.map((l) => ({ id: l.getAttribute("data-message"), status: l.getAttribute("data-status"), invalid: l.getAttribute("data-invalid"), text: (l as HTMLElement).innerText })));
      expect(cards[0].text).to.include("changed by the service").and.include("✗ not signed by alice.eth's profile key").and.include("anchor status unknown: dm3_billboard_getProof: billboard.dm3.eth has no such message");
      expect(cards[0].status).to.equal("unknown");
      expect(cards.at(-1)).to.deep.include({ id: null, invalid: "true" });
      expect(cards.at(-1)!.text).to.include("the service sent a malformed message").and.include("metadata.from is missing");

      const id = cards[1].id!;
      await liar.page.click(`li[data-message="${id}"] .actions button`);
      await liar.page.waitForSelector(`li[data-message="${id}"] .proof-result[data-included]`);
      const result = await liar.page.$eval(`li[data-message="${id}"] .proof-result`, (el) => ({ included: el.getAttribute("data-included"), text: el.textContent }));
      expect(result.included).to.equal("false");
      expect(result.text).to.match(/not included the service's proof .*: off-chain INVALID, root anchored \(batch #0\), Dm3BillboardAnchor\.verifyMessage false/);
      // The one request that failed: the proof of the changed message, which the service does not have.
      expect(liar.problems).to.deep.equal([`HTTP 400: POST ${url}/rpc`, "console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    } finally {
      await liar.page.close();
    }
  });

  it("Gate: the example rule set explained per rule in the browser: alice.eth passes, bob.eth fails on the DM3G balance, dave.gno passes through the alias; the contract agrees", async () => {
    await open("gate");
    const check = async (account: string) => {
      await page.$eval("#gate-account", (el) => ((el as HTMLInputElement).value = ""));
      await page.type("#gate-account", account);
      await page.click(".gate-form button[type=submit]");
      await page.waitForSelector(`.explanation[data-account]`);
      await page.waitForFunction((a) => document.querySelector(".explanation")?.getAttribute("data-account") === a, {}, account === "dave.gno" ? "dave.gnosis.dm3.eth" : account);
      return page.$eval(".explanation", (el) => ({
        allowed: el.getAttribute("data-allowed"),
        rules: [...el.querySelectorAll(":scope > .rule-set > ul > li[data-rule]")].map((li) => ({ passed: li.getAttribute("data-passed"), text: (li as HTMLElement).innerText })),
        onChain: el.querySelector("[data-on-chain]")?.getAttribute("data-on-chain"),
        text: (el as HTMLElement).innerText,
      }));
    };
    const alice = await check("alice.eth");
    expect(alice).to.include({ allowed: "true", onChain: "true" });
    expect(alice.rules.map((r) => r.passed)).to.deep.equal(["true", "true"]);
    expect(alice.rules[0].text).to.match(/DM3G balance >= 100000000000000000000: value 500000000000000000000/);
    expect(alice.rules[1].text).to.include("passes rule set #").and.include("“dm3 pass” tokens held >= 1: value 1");
    await screenshot(page, "gate");
    const bob = await check("bob.eth");
    expect(bob).to.include({ allowed: "false", onChain: "false" });
    expect(bob.rules.map((r) => r.passed)).to.deep.equal(["false", "true"]);
    expect(bob.rules[0].text).to.include("value 50000000000000000000");
    expect(bob.text).to.match(/evaluated off-chain: \d+ RPC/);
    expect(await check("dave.gno")).to.include({ allowed: "true", onChain: "true" });
    expect(watched.problems).to.deep.equal([]);
  });

  it("works at phone width (390 px): no horizontal scrolling, the names table becomes one block per name", async () => {
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    try {
      for (const view of ["names", "resolve", "inbox", "billboard", "gate"]) {
        await open(view);
        if (view === "names") await page.waitForFunction(() => document.querySelectorAll("tr[data-name]").length > 0 && document.querySelectorAll("tr[data-name]:not([data-valid])").length === 0);
        if (view === "inbox") await openInbox(page, "bob.eth");
        if (view === "billboard") await page.waitForSelector('#billboard-wall[data-loaded="true"]');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${view} scrolls sideways`).to.be.at.most(0);
        const linkTops = await page.$$eval("nav a", (as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
        expect(new Set(linkTops).size, `${view}: the view links wrap`).to.equal(1);
        await screenshot(page, `${view}-390px`);
      }
      await open("names");
      await page.waitForSelector('tr[data-name="alice.eth"][data-valid]');
      expect(await page.$eval('tr[data-name="alice.eth"]', (tr) => getComputedStyle(tr).display)).to.equal("block");
    } finally {
      await page.setViewport({ width: 1200, height: 900 });
    }
  });

  it("is keyboard-usable: Tab reaches the views' links with a visible focus, Enter opens a view, the form submits with Enter", async () => {
    await open("names");
    const focused = async () => page.evaluate(() => ({ id: document.activeElement?.id, text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    await page.keyboard.press("Tab");
    expect((await focused()).text).to.equal("Skip to content");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const resolveLink = await focused();
    expect(resolveLink).to.include({ id: "tab-resolve" });
    expect(resolveLink.outline).to.not.equal("none");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#resolve-name");
    expect(await page.$eval("#tab-resolve", (a) => a.getAttribute("aria-current"))).to.equal("page");
    await page.keyboard.press("Tab");
    expect((await focused()).id).to.equal("resolve-name");
    expect(await page.$eval('label[for="resolve-name"]', (l) => l.textContent)).to.equal("Name");
    await page.evaluate(() => ((document.getElementById("resolve-name") as HTMLInputElement).value = "alice.eth"));
    await page.keyboard.press("Enter");
    await page.waitForSelector('.trace[data-input="alice.eth"][data-valid="true"]');
    const steps = await page.$$eval("li.step", (ls) => ls.map((l) => `${l.getAttribute("data-step")}:${l.getAttribute("data-status")}`));
    expect(steps).to.include.members(["gateway:skipped", "l2:skipped", "signature:ok"]);
  });

  it("the devnet's servers answer the explorer's origin and refuse every other origin in the browser", async () => {
    const other = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>other origin</title>"));
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    try {
      const otherPage = await browser.newPage();
      try {
        await otherPage.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        const gateway = (devnet.manifest.extra.gateway as { url: string }).url;
        const l2 = (devnet.manifest.extra.l2 as { rpcUrl: string }).rpcUrl;
        const attempt = (url: string, method: string) =>
          otherPage.evaluate(
            async (u, m) => {
              try {
                const res = await fetch(u, m === "POST" ? { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' } : {});
                return `answered ${res.status}`;
              } catch (e) {
                return `refused: ${(e as Error).name}`;
              }
            },
            url,
            method,
          );
        const ds = (devnet.manifest.extra.deliveryService as { url: string }).url;
        const bb = (devnet.manifest.extra.billboard as { service: { url: string } }).service.url;
        for (const [url, method] of [
          [devnet.rpcUrl, "POST"],
          [l2, "POST"],
          [`${gateway}/health`, "GET"],
          [`${ds}/rpc`, "POST"],
          [`${ds}/socket.io/?EIO=4&transport=polling`, "GET"],
          [`${bb}/rpc`, "POST"],
          [`${bb}/socket.io/?EIO=4&transport=polling`, "GET"],
        ]) {
          expect(await attempt(url, method), url).to.equal("refused: TypeError");
        }
      } finally {
        await otherPage.close();
      }
      // The explorer's own origin is answered.
      await open("names");
      const fromExplorer = await page.evaluate(async (u) => (await fetch(u, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' })).json(), devnet.rpcUrl);
      expect(fromExplorer).to.deep.include({ result: "0x7a69" });
    } finally {
      other.close();
    }
  });
});
