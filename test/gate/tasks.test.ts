import hre from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Dm3RuleSets__factory } from "../../typechain-types";
import { RULE_SETS_KEY, GATE_TOKEN_KEYS, deployRuleSets, setupDevnetGate, type DevnetGate } from "../../deploy/gate";
import { saveManifest } from "../../deploy/manifest";
import { runTask } from "../helpers/tasks";
import { namesFixture, type AliasFixture } from "../alias/fixtures";

interface GateTasksFixture extends AliasFixture {
  gate: DevnetGate;
  manifest: string;
}

/** The alias fixture's names (alice.eth, dave.gnosis.dm3.eth as dave.gno) plus the devnet's gate demo. */
async function gateTasksFixture(): Promise<GateTasksFixture> {
  const f = await namesFixture();
  const ruleSets = await deployRuleSets(f.ctx);
  const gate = await setupDevnetGate(f.ctx, ruleSets);
  const manifest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-gate-tasks-")), "manifest.json");
  saveManifest(manifest, f.ctx.manifest);
  return { ...f, gate, manifest };
}

describe("gate devnet module and tasks (dm3:gate:create, dm3:gate:check)", () => {
  let f: GateTasksFixture;
  let dir: string;

  beforeEach(async () => {
    f = await loadFixture(gateTasksFixture);
    dir = path.dirname(f.manifest);
  });

  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  it("the devnet module deploys the contract and tokens, and an example set that alice and dave pass and bob fails; a re-run sends nothing", async () => {
    const m = f.ctx.manifest;
    for (const key of [RULE_SETS_KEY, ...Object.values(GATE_TOKEN_KEYS)]) expect(m.contracts[key].address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(m.extra.gate).to.deep.equal(f.gate);
    expect(f.gate).to.deep.include({ passes: ["alice.eth", "dave.gnosis.dm3.eth"], fails: ["bob.eth"] });
    const contract = Dm3RuleSets__factory.connect(f.gate.ruleSets, hre.ethers.provider);
    expect(await contract.isAllowed(f.gate.exampleRuleSetId, await f.accounts[2].getAddress())).to.equal(true);
    expect(await contract.isAllowed(f.gate.exampleRuleSetId, await f.accounts[3].getAddress())).to.equal(false);

    const block = await hre.ethers.provider.getBlockNumber();
    expect(await setupDevnetGate(f.ctx, await deployRuleSets(f.ctx))).to.deep.equal(f.gate);
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("dm3:gate:check explains by name, alias or address; --json gives allowed and every rule's outcome", async () => {
    const id = f.gate.exampleRuleSetId;
    const alice = await runTask("dm3:gate:check", { id, account: "alice.eth", ruleSets: "", manifest: f.manifest, json: true });
    expect(alice.exitCode, alice.err).to.equal(0);
    const a = JSON.parse(alice.out);
    expect(a).to.deep.include({ name: "alice.eth", account: await f.accounts[2].getAddress(), allowed: true });
    expect(a.ruleSet).to.deep.include({ ruleSetId: id, logic: "and", needed: 2, passedCount: 2, allowed: true });
    expect(a.ruleSet.rules[0]).to.deep.include({ passed: true, value: (500n * 10n ** 18n).toString(), readFailed: false });
    expect(a.ruleSet.rules[0].rule).to.deep.equal({ type: "erc20", token: f.gate.tokens.erc20, min: (100n * 10n ** 18n).toString() });
    expect(a.ruleSet.rules[1].nested).to.deep.include({ ruleSetId: f.gate.badgesRuleSetId, logic: "or", allowed: true });

    const dave = await runTask("dm3:gate:check", { id, account: "DAVE.gno", ruleSets: "", manifest: f.manifest, json: true });
    expect(JSON.parse(dave.out)).to.deep.include({ name: "dave.gnosis.dm3.eth", allowed: true });

    const bob = await runTask("dm3:gate:check", { id, account: await f.accounts[3].getAddress(), ruleSets: "", manifest: f.manifest, json: false });
    expect(bob.exitCode, bob.err).to.equal(0);
    expect(bob.out).to.match(/is NOT ALLOWED/);
    expect(bob.out).to.match(/\[FAIL\] 0: ERC-20 .* balance >= 100000000000000000000: value 50000000000000000000/);
    expect(bob.out).to.match(/\[pass\] 1: passes rule set #1/);
  });

  it("dm3:gate:check fails with the error code for unknown sets and unknown names", async () => {
    const unknown = await runTask("dm3:gate:check", { id: "99", account: "alice.eth", ruleSets: "", manifest: f.manifest, json: false });
    expect(unknown.exitCode).to.equal(1);
    expect(unknown.err).to.match(/\[GATE_UNKNOWN_RULE_SET\]: rule set #99 does not exist/);
    const nobody = await runTask("dm3:gate:check", { id: "1", account: "nobody.eth", ruleSets: "", manifest: f.manifest, json: false });
    expect(nobody.exitCode).to.equal(1);
    expect(nobody.err).to.match(/\[NO_RESOLVER\]/);
    const badId = await runTask("dm3:gate:check", { id: "one", account: "alice.eth", ruleSets: "", manifest: f.manifest, json: false });
    expect(badId.err).to.match(/\[GATE_INVALID_RULE_SET\]: invalid rule set: ruleSetId/);
  });

  it("dm3:gate:create creates a set from a JSON file owned by the sender; bad files fail with a typed error and send nothing", async () => {
    const rules = file("rules.json", JSON.stringify({ logic: "anyOf", threshold: 1, rules: [{ type: "erc721Owner", token: f.gate.tokens.erc721, id: 1 }, { type: "ruleSet", id: f.gate.exampleRuleSetId, negate: true }] }));
    const created = await runTask("dm3:gate:create", { rules, account: 4, ruleSets: "", manifest: f.manifest, json: true });
    expect(created.exitCode, created.err).to.equal(0);
    const c = JSON.parse(created.out);
    expect(c).to.deep.include({ ruleSetId: "3", owner: await f.accounts[4].getAddress(), ruleSets: f.gate.ruleSets });
    expect(c.ruleSet.rules[1]).to.deep.equal({ type: "ruleSet", id: f.gate.exampleRuleSetId, negate: true });
    const contract = Dm3RuleSets__factory.connect(f.gate.ruleSets, hre.ethers.provider);
    expect((await contract.getRuleSet(3n)).owner).to.equal(await f.accounts[4].getAddress());
    // bob fails the example, so he passes the negated reference.
    const bob = await runTask("dm3:gate:check", { id: "3", account: await f.accounts[3].getAddress(), ruleSets: "", manifest: f.manifest, json: true });
    expect(JSON.parse(bob.out).allowed).to.equal(true);

    const count = await contract.ruleSetCount();
    const bad: Array<[string, RegExp]> = [
      [file("broken.json", "{ logic: and"), /\[GATE_INVALID_RULE_SET\]: invalid rule set: not valid JSON/],
      [file("field.json", JSON.stringify({ logic: "and", rules: [{ type: "native", amount: 1 }] })), /rules\[0\]\.amount: unknown field/],
      [file("token.json", JSON.stringify({ logic: "and", rules: [{ type: "erc20", token: "0x12" }] })), /rules\[0\]\.token: 0x12 is not an address/],
      [path.join(dir, "missing.json"), /cannot read .*missing\.json: ENOENT/],
      [file("ref.json", JSON.stringify({ logic: "and", rules: [{ type: "ruleSet", id: 77 }] })), /\[GATE_REJECTED\]: .*Dm3RuleSetsUnknownRuleSet\(77\)/],
    ];
    for (const [rulesFile, message] of bad) {
      const run = await runTask("dm3:gate:create", { rules: rulesFile, account: 4, ruleSets: "", manifest: f.manifest, json: false });
      expect(run.exitCode, rulesFile).to.equal(1);
      expect(run.err).to.match(message);
    }
    expect(await contract.ruleSetCount()).to.equal(count);
  });
});
