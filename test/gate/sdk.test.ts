import hre from "hardhat";
import { expect } from "chai";
import { build } from "esbuild";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { JsonRpcProvider, ZeroAddress, getAddress, parseEther } from "ethers";
import {
  GateUnavailableError,
  HOLDINGS_PER_CALL,
  InvalidGateAccountError,
  InvalidRuleSetError,
  Logic,
  NO_MAX,
  RuleKind,
  RuleSetNotFoundError,
  RuleSetRejectedError,
  allOf,
  anyOf,
  atLeast,
  createGateChecker,
  createRuleSet,
  erc1155Balance,
  erc20Balance,
  erc721Balance,
  erc721Owner,
  explainAccess,
  flattenExplanation,
  formatExplanation,
  freezeRuleSet,
  getRuleSet,
  isAccessAllowed,
  nativeBalance,
  not,
  parseRuleSetJson,
  ruleSetRef,
  ruleSetToJson,
  spamFilterRulesToRuleSet,
  updateRuleSet,
  validateRuleSet,
} from "../../src/gate";
import { serveJsonRpc } from "../../src/devnet";
import { expectRejection } from "../helpers/expect";
import { fresh, gateFixture, type GateFixture } from "../access/fixtures";

/** Runs `fn` and expects an InvalidRuleSetError whose path is `path`. */
function expectInvalid(fn: () => unknown, path: string, message?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(InvalidRuleSetError);
    expect((e as InvalidRuleSetError).path).to.equal(path);
    expect((e as InvalidRuleSetError).code).to.equal("GATE_INVALID_RULE_SET");
    if (message) expect((e as Error).message).to.match(message);
    return;
  }
  expect.fail(`expected InvalidRuleSetError at ${path}`);
}

describe("gate SDK", () => {
  const TOKEN = getAddress("0x00000000000000000000000000000000000000aa");

  describe("builders and validation", () => {
    it("builds rules that mirror the contract's struct", () => {
      expect(erc20Balance(TOKEN.toLowerCase(), { min: "100", max: "0x3e8" })).to.deep.equal({
        kind: RuleKind.ERC20_BALANCE,
        negate: false,
        token: TOKEN,
        min: 100n,
        max: 1000n,
        ids: [],
      });
      expect(nativeBalance()).to.deep.include({ kind: RuleKind.NATIVE_BALANCE, token: ZeroAddress, min: 1n, max: NO_MAX });
      expect(erc721Owner(TOKEN, 7, { negate: true })).to.deep.include({ kind: RuleKind.ERC721_OWNER, negate: true, ids: [7n] });
      expect(erc1155Balance(TOKEN, 3).ids).to.deep.equal([3n]);
      expect(not(not(erc721Balance(TOKEN)))).to.deep.equal(erc721Balance(TOKEN));
      expect(ruleSetRef(4)).to.deep.include({ kind: RuleKind.RULE_SET, token: ZeroAddress, ids: [4n] });
      expect(atLeast(2, nativeBalance(), nativeBalance(), nativeBalance())).to.include({ logic: Logic.ANY_OF, threshold: 2 });
      expect(anyOf(nativeBalance())).to.include({ logic: Logic.OR, threshold: 0 });
    });

    it("refuses bad input with InvalidRuleSetError naming the field", () => {
      expectInvalid(() => erc20Balance(TOKEN, { min: -1 }), "min", /negative/);
      expectInvalid(() => erc20Balance(TOKEN, { min: 1.5 }), "min", /safe integer/);
      expectInvalid(() => erc20Balance(TOKEN, { min: "1e18" }), "min", /unsigned integer/);
      expectInvalid(() => erc20Balance(TOKEN, { min: NO_MAX + 1n }), "min", /2\^128/);
      expectInvalid(() => erc20Balance(TOKEN, { min: 5, max: 4 }), "rule.max", /below min/);
      expectInvalid(() => erc20Balance("0x1234"), "rule.token", /not an address/);
      expectInvalid(() => erc20Balance(ZeroAddress), "rule.token", /needs a token/);
      expectInvalid(() => erc1155Balance(TOKEN, []), "rule.ids", /1 to 8/);
      expectInvalid(() => erc1155Balance(TOKEN, [1, 2, 3, 4, 5, 6, 7, 8, 9]), "rule.ids", /1 to 8/);
      expectInvalid(() => ruleSetRef(0), "rule.ids[0]", /start at 1/);
      expectInvalid(() => allOf(), "rules", /1 to 16/);
      expectInvalid(() => allOf(...Array(17).fill(nativeBalance())), "rules", /got 17/);
      expectInvalid(() => atLeast(0, nativeBalance()), "threshold", /1 to 1/);
      expectInvalid(() => atLeast(3, nativeBalance(), nativeBalance()), "threshold");
      expectInvalid(() => validateRuleSet({ logic: Logic.AND, threshold: 1, rules: [nativeBalance()] }), "threshold", /must be 0/);
      expectInvalid(() => validateRuleSet({ logic: 7 as Logic, threshold: 0, rules: [nativeBalance()] }), "logic");
      expectInvalid(() => validateRuleSet({ logic: Logic.AND, threshold: 0, rules: [{ ...nativeBalance(), token: TOKEN }] }), "rules[0].token", /zero address/);
      expectInvalid(() => validateRuleSet({ logic: Logic.AND, threshold: 0, rules: [{ ...nativeBalance(), kind: 9 as RuleKind }] }), "rules[0].kind");
    });
  });

  describe("JSON form", () => {
    const example = {
      logic: "anyOf",
      threshold: 2,
      rules: [
        { type: "native", min: "1000000000000000000" },
        { type: "erc20", token: TOKEN, min: "100", max: "5000", negate: false },
        { type: "erc721", token: TOKEN },
        { type: "erc721Owner", token: TOKEN, id: "7" },
        { type: "erc1155", token: TOKEN, ids: ["1", 2], min: 3 },
        { type: "ruleSet", id: 3, negate: true },
      ],
    };

    it("parses the documented format into the same definition the builders make, and prints it back", () => {
      const def = parseRuleSetJson(JSON.stringify(example));
      expect(def).to.deep.equal(
        atLeast(
          2,
          nativeBalance({ min: parseEther("1") }),
          erc20Balance(TOKEN, { min: 100, max: 5000 }),
          erc721Balance(TOKEN),
          erc721Owner(TOKEN, 7),
          erc1155Balance(TOKEN, [1, 2], { min: 3 }),
          ruleSetRef(3, { negate: true }),
        ),
      );
      expect(parseRuleSetJson(ruleSetToJson(def))).to.deep.equal(def);
      expect(ruleSetToJson(def).rules[2]).to.deep.equal({ type: "erc721", token: TOKEN });
      expect(parseRuleSetJson({ logic: "and", rules: [{ type: "native" }] })).to.deep.equal(allOf(nativeBalance()));
    });

    it("refuses malformed files with a typed error naming the field", () => {
      const withRule = (rule: Record<string, unknown>) => ({ logic: "and", rules: [rule] });
      expectInvalid(() => parseRuleSetJson("{ not json"), "", /not valid JSON/);
      expectInvalid(() => parseRuleSetJson("[]"), "", /JSON object/);
      expectInvalid(() => parseRuleSetJson(" ".repeat(70_000)), "", /longer than/);
      expectInvalid(() => parseRuleSetJson({ logic: "xor", rules: [] }), "logic");
      expectInvalid(() => parseRuleSetJson({ ...example, extra: 1 }), ".extra", /unknown field/);
      expectInvalid(() => parseRuleSetJson({ logic: "and", threshold: 2, rules: [{ type: "native" }] }), "threshold", /only "anyOf"/);
      expectInvalid(() => parseRuleSetJson({ logic: "anyOf", rules: [{ type: "native" }] }), "threshold", /needs a threshold/);
      expectInvalid(() => parseRuleSetJson({ logic: "and", rules: {} }), "rules", /array/);
      expectInvalid(() => parseRuleSetJson(withRule({ type: "erc999" })), "rules[0].type");
      expectInvalid(() => parseRuleSetJson(withRule({ type: "erc20" })), "rules[0].token", /not an address/);
      expectInvalid(() => parseRuleSetJson(withRule({ type: "native", token: TOKEN })), "rules[0].token", /unknown field/);
      expectInvalid(() => parseRuleSetJson(withRule({ type: "erc20", token: TOKEN, min: "lots" })), "rules[0].min", /unsigned integer/);
      expectInvalid(() => parseRuleSetJson(withRule({ type: "erc20", token: TOKEN, negate: "yes" })), "rules[0].negate");
      expectInvalid(() => parseRuleSetJson(withRule({ type: "erc1155", token: TOKEN, id: 1, ids: [2] })), "rules[0].ids", /either/);
      expectInvalid(() => parseRuleSetJson(withRule({ type: "erc1155", token: TOKEN, ids: ["x"] })), "rules[0].ids[0]");
    });
  });

  describe("off-chain evaluation", () => {
    let f: GateFixture;
    let alice: string;
    let bob: string;

    beforeEach(async () => {
      f = await loadFixture(gateFixture);
      alice = fresh();
      bob = fresh();
      await (await f.erc20.mint(alice, 150n)).wait();
      await (await f.erc721.mint(alice, 7n)).wait();
      await (await f.erc1155.mint(bob, 2n, 4n)).wait();
      await hre.network.provider.send("hardhat_setBalance", [bob, "0x" + parseEther("3").toString(16)]);
    });

    const opts = () => ({ ruleSets: f.address });

    it("answers like the contract's isAllowed and explain, nested sets and hostile tokens included", async () => {
      const signer = f.owner;
      const badges = (await createRuleSet(signer, f.address, anyOf(erc1155Balance(f.tokens.erc1155, [1, 2], { min: 2 }), erc721Owner(f.tokens.erc721, 7)))).ruleSetId;
      const hostile = (await createRuleSet(signer, f.address, anyOf(erc20Balance(f.hostile.REVERT), erc721Owner(f.hostile.DIRTY_ADDRESS, 1), erc1155Balance(f.hostile.BURN_GAS, [1, 2])))).ruleSetId;
      const top = (
        await createRuleSet(
          signer,
          f.address,
          atLeast(2, erc20Balance(f.tokens.erc20, { min: 100, max: 200 }), ruleSetRef(badges), not(ruleSetRef(hostile)), nativeBalance({ min: parseEther("2") }), not(erc20Balance(f.hostile.LONG))),
        )
      ).ruleSetId;
      for (const account of [alice, bob, fresh()]) {
        const off = await explainAccess(hre.ethers.provider, top, account, opts());
        const on = await f.ruleSets.explain(top, account);
        expect(off.allowed).to.equal(await f.ruleSets.isAllowed(top, account));
        expect(flattenExplanation(off.root)).to.deep.equal(
          on.map((s) => ({ ruleSetId: s.ruleSetId, depth: Number(s.depth), allowed: s.allowed, rules: s.rules.map((r) => ({ passed: r.passed, readFailed: r.readFailed, value: r.value })) })),
        );
      }
      const forAlice = await explainAccess(hre.ethers.provider, top, alice, opts());
      expect(forAlice.allowed).to.equal(true);
      expect(forAlice.root.rules.map((r) => r.passed)).to.deep.equal([true, true, true, false, true]);
      expect(forAlice.root.rules[2].nested!.rules.every((r) => r.readFailed)).to.equal(true);
      expect(await isAccessAllowed(hre.ethers.provider, top, bob, opts())).to.equal(true);
    });

    it("evaluates a definition that is not stored, with references to stored sets", async () => {
      const stored = (await createRuleSet(f.owner, f.address, allOf(erc721Balance(f.tokens.erc721)))).ruleSetId;
      const def = anyOf(ruleSetRef(stored), nativeBalance({ min: parseEther("1") }));
      const a = await explainAccess(hre.ethers.provider, def, alice, opts());
      expect(a.allowed).to.equal(true);
      expect(a.root.ruleSetId).to.equal(null);
      expect(a.root.rules[0].nested!.ruleSetId).to.equal(stored);
      expect(await isAccessAllowed(hre.ethers.provider, def, bob, opts())).to.equal(true);
      expect(await isAccessAllowed(hre.ethers.provider, def, fresh(), opts())).to.equal(false);
    });

    it("explains in words", async () => {
      const id = (await createRuleSet(f.owner, f.address, allOf(erc20Balance(f.tokens.erc20, { min: 100 }), not(erc721Owner(f.tokens.erc721, 7)), erc20Balance(f.hostile.REVERT, { min: 0 })))).ruleSetId;
      const lines = formatExplanation(await explainAccess(hre.ethers.provider, id, alice, opts()));
      expect(lines[0]).to.equal(`${alice} is NOT ALLOWED`);
      expect(lines[1]).to.equal(`  rule set #${id}: not allowed (all of 3 rules, 2 passed)`);
      expect(lines[2]).to.equal(`    [pass] 0: ERC-20 ${f.tokens.erc20} balance >= 100: value 150`);
      expect(lines[3]).to.equal(`    [FAIL] 1: NOT owns ERC-721 ${f.tokens.erc721} #7: value 1`);
      expect(lines[4]).to.match(/\[pass\] 2: .* >= 0: value 0 \(a token read failed: counted as 0\)/);
    });

    it("refuses names and unknown sets, and reports an unusable contract address", async () => {
      await expectRejection(explainAccess(hre.ethers.provider, 1, "alice.eth", opts()), InvalidGateAccountError);
      await expectRejection(explainAccess(hre.ethers.provider, 99, alice, opts()), RuleSetNotFoundError, /#99 does not exist/);
      await expectRejection(explainAccess(hre.ethers.provider, allOf(ruleSetRef(98)), alice, opts()), RuleSetNotFoundError, /#98/);
      await expectRejection(getRuleSet(hre.ethers.provider, 1, { ruleSets: fresh() }), GateUnavailableError);
      await expectRejection(isAccessAllowed(hre.ethers.provider, allOf(nativeBalance()), alice, { ruleSets: fresh() }), GateUnavailableError);
    });

    it("creates, updates and freezes through the SDK; refusals surface as RuleSetRejectedError before any transaction", async () => {
      const { ruleSetId, gasUsed } = await createRuleSet(f.owner, f.address, allOf(nativeBalance()));
      expect(gasUsed > 0n).to.equal(true);
      const count = await f.ruleSets.ruleSetCount();
      const err = (await expectRejection(updateRuleSet(f.outsider, f.address, ruleSetId, allOf(erc20Balance(f.tokens.erc20))), RuleSetRejectedError)) as RuleSetRejectedError;
      expect(err.reason).to.equal("Dm3RuleSetsUnauthorized");
      const cycle = (await expectRejection(updateRuleSet(f.owner, f.address, ruleSetId, allOf(ruleSetRef(ruleSetId))), RuleSetRejectedError)) as RuleSetRejectedError;
      expect(cycle.reason).to.equal("Dm3RuleSetsCycle");
      await updateRuleSet(f.owner, f.address, ruleSetId, allOf(erc20Balance(f.tokens.erc20)));
      await freezeRuleSet(f.owner, f.address, ruleSetId);
      const frozen = await getRuleSet(hre.ethers.provider, ruleSetId, opts());
      expect([frozen.frozen, frozen.rules[0].kind]).to.deep.equal([true, RuleKind.ERC20_BALANCE]);
      expect(((await expectRejection(freezeRuleSet(f.owner, f.address, ruleSetId), RuleSetRejectedError)) as RuleSetRejectedError).reason).to.equal("Dm3RuleSetsFrozen");
      expect(await f.ruleSets.ruleSetCount()).to.equal(count);
    });

    describe("over HTTP JSON-RPC", () => {
      let server: Awaited<ReturnType<typeof serveJsonRpc>>;
      let provider: JsonRpcProvider;
      let requests: number;
      /** JSON-RPC calls in each HTTP request. */
      let batches: number[];

      beforeEach(async () => {
        server = await serveJsonRpc(hre.network.provider);
        provider = new JsonRpcProvider(server.url, 31337, { staticNetwork: true, cacheTimeout: -1 });
        requests = 0;
        batches = [];
        provider.on("debug", (e: { action?: string; payload?: unknown }) => {
          if (e.action !== "sendRpcPayload") return;
          requests++;
          batches.push(Array.isArray(e.payload) ? e.payload.length : 1);
        });
      });

      afterEach(async () => {
        provider.destroy();
        await server.close();
      });

      it("sends one request per nesting level plus one for every holding", async () => {
        const leaf = (await createRuleSet(f.owner, f.address, anyOf(erc721Balance(f.tokens.erc721), erc1155Balance(f.tokens.erc1155, [1, 2, 3])))).ruleSetId;
        const other = (await createRuleSet(f.owner, f.address, allOf(nativeBalance()))).ruleSetId;
        const top = (await createRuleSet(f.owner, f.address, allOf(erc20Balance(f.tokens.erc20), ruleSetRef(leaf), ruleSetRef(other), nativeBalance({ min: 0 })))).ruleSetId;
        const answer = await explainAccess(provider, top, alice, opts());
        expect(answer.allowed).to.equal(await f.ruleSets.isAllowed(top, alice));
        // top; then leaf and other together; then the 7 holdings in one readHoldings call.
        expect(requests).to.equal(3);
      });

      it("splits more than HOLDINGS_PER_CALL reads into several readHoldings calls sent in one batch request", async () => {
        const ids = Array.from({ length: 128 }, (_, i) => BigInt(i + 1));
        await (await f.erc1155.mint(alice, 128n, 1n)).wait();
        const child = (await createRuleSet(f.owner, f.address, allOf(nativeBalance({ min: 0 }), erc1155Balance(f.tokens.erc1155, ids.slice(120))))).ruleSetId;
        const rules = Array.from({ length: 15 }, (_, r) => erc1155Balance(f.tokens.erc1155, ids.slice(r * 8, r * 8 + 8)));
        const top = (await createRuleSet(f.owner, f.address, anyOf(...rules, ruleSetRef(child)))).ruleSetId;
        const answer = await explainAccess(provider, top, alice, opts());
        expect(HOLDINGS_PER_CALL).to.equal(128);
        expect(answer.root.rules.map((r) => r.passed)).to.deep.equal([...Array(15).fill(false), true]);
        expect(answer.allowed).to.equal(await f.ruleSets.isAllowed(top, alice));
        // top; child; 129 reads in two readHoldings calls within one HTTP request.
        expect(batches).to.deep.equal([1, 1, 2]);
      });

      it("a cached checker needs one request per decision, none while the decision is fresh, and refreshes after the TTL", async () => {
        let now = 1_000;
        const id = (await createRuleSet(f.owner, f.address, allOf(erc20Balance(f.tokens.erc20, { min: 100 })))).ruleSetId;
        await freezeRuleSet(f.owner, f.address, id);
        const gate = createGateChecker({ provider, ruleSets: f.address, ttlMs: 10_000, now: () => now });
        expect(await gate.isAllowed(id, alice)).to.equal(true);
        expect(requests).to.equal(2);
        expect(await gate.isAllowed(id, alice)).to.equal(true);
        expect(await gate.isAllowed(id, alice.toLowerCase())).to.equal(true);
        expect(requests).to.equal(2);
        // Concurrent questions about a new account share one evaluation; the frozen set is cached.
        const answers = await Promise.all([gate.isAllowed(id, bob), gate.isAllowed(id, bob), gate.explain(id, bob)]);
        expect(answers.slice(0, 2)).to.deep.equal([false, false]);
        expect(requests).to.equal(3);
        // Bob buys tokens: the cached "no" stands until the TTL, then the holding is read again (the frozen set stays cached).
        await (await f.erc20.mint(bob, 100n)).wait();
        expect(await gate.isAllowed(id, bob)).to.equal(false);
        now += 10_001;
        expect(await gate.isAllowed(id, bob)).to.equal(true);
        expect(await gate.isAllowed(id, alice)).to.equal(true);
        expect(requests).to.equal(5);
        gate.clear();
        expect(await gate.isAllowed(id, bob)).to.equal(true);
        expect(requests).to.equal(7);
      });

      it("a checker does not cache failures, and says which sets exist", async () => {
        const gate = createGateChecker({ provider, ruleSets: f.address });
        await expectRejection(gate.isAllowed(77, alice), RuleSetNotFoundError);
        expect([await gate.hasRuleSet(1), await gate.hasRuleSet("x"), await gate.hasRuleSet(-1)]).to.deep.equal([false, false, false]);
        const id = (await createRuleSet(f.owner, f.address, allOf(nativeBalance({ min: 0 })))).ruleSetId;
        expect(id).to.equal(1n);
        await expectRejection(gate.isAllowed(77, alice), RuleSetNotFoundError);
        expect(await gate.isAllowed(1, alice)).to.equal(true);
        expect(await gate.hasRuleSet("1")).to.equal(true);
        await expectRejection(createGateChecker({ provider, ruleSets: fresh() }).hasRuleSet(1), GateUnavailableError);
      });
    });
  });

  describe("dm3 spam filters", () => {
    it("maps minBalance and minTokenBalance onto an AND of rules and leaves minNonce off-chain", () => {
      expect(spamFilterRulesToRuleSet({})).to.deep.equal({ definition: null });
      expect(spamFilterRulesToRuleSet({ minNonce: 3 })).to.deep.equal({ definition: null, minNonce: 3 });
      expect(spamFilterRulesToRuleSet({ minBalance: "0xde0b6b3a7640000" }).definition).to.deep.equal(allOf(nativeBalance({ min: parseEther("1") })));
      const both = spamFilterRulesToRuleSet({ minNonce: 1, minBalance: "5", minTokenBalance: { address: TOKEN.toLowerCase(), amount: "100" } });
      expect(both).to.deep.equal({ definition: allOf(nativeBalance({ min: 5 }), erc20Balance(TOKEN, { min: 100 })), minNonce: 1 });
      // As in the reference, an empty setting is no filter, and "0" is a filter every sender passes.
      expect(spamFilterRulesToRuleSet({ minBalance: "" }).definition).to.equal(null);
      expect(spamFilterRulesToRuleSet({ minBalance: "0" }).definition!.rules[0].min).to.equal(0n);
    });

    it("refuses settings that are not amounts or addresses", () => {
      expectInvalid(() => spamFilterRulesToRuleSet({ minBalance: "1 ether" }), "minBalance");
      expectInvalid(() => spamFilterRulesToRuleSet({ minBalance: (2n ** 128n).toString() }), "minBalance", /2\^128/);
      expectInvalid(() => spamFilterRulesToRuleSet({ minTokenBalance: { address: "nope", amount: "1" } }), "minTokenBalance.address");
      expectInvalid(() => spamFilterRulesToRuleSet({ minTokenBalance: { address: TOKEN, amount: "-1" } }), "minTokenBalance.amount");
      expectInvalid(() => spamFilterRulesToRuleSet({ minTokenBalance: "x" as never }), "minTokenBalance");
    });

    it("evaluates mapped settings off-chain: balances pass, failing tokens count as 0", async () => {
      const f = await loadFixture(gateFixture);
      const rich = fresh();
      await hre.network.provider.send("hardhat_setBalance", [rich, "0x" + parseEther("2").toString(16)]);
      await (await f.erc20.mint(rich, 500n)).wait();
      const gate = createGateChecker({ provider: hre.ethers.provider, ruleSets: f.address });
      const filter = spamFilterRulesToRuleSet({ minBalance: parseEther("1").toString(), minTokenBalance: { address: f.tokens.erc20, amount: "500" } }).definition!;
      expect(await gate.isAllowedBy(filter, rich)).to.equal(true);
      expect(await gate.isAllowedBy(filter, fresh())).to.equal(false);
      // Which mapped filter failed (the delivery service names it): 1 ETH is not enough, 500 tokens are.
      const half = fresh();
      await (await f.erc20.mint(half, 500n)).wait();
      const why = await gate.explainBy(filter, half);
      expect([why.allowed, why.root.rules.map((r) => [r.passed, r.value])]).to.deep.equal([false, [[false, 0n], [true, 500n]]]);
      const broken = spamFilterRulesToRuleSet({ minTokenBalance: { address: f.hostile.REVERT, amount: "0" } }).definition!;
      expect(await gate.isAllowedBy(broken, rich)).to.equal(true);
      const brokenOne = spamFilterRulesToRuleSet({ minTokenBalance: { address: f.hostile.REVERT, amount: "1" } }).definition!;
      expect(await gate.isAllowedBy(brokenOne, rich)).to.equal(false);
    });
  });

  it("src/gate bundles for the browser without Node built-ins or Hardhat", async () => {
    const result = await build({ entryPoints: ["src/gate/index.ts"], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).to.include("src/gate/evaluate.ts");
    expect(inputs.filter((f) => f.startsWith("node:") || /(^|\/)(hardhat|express|better-sqlite3|pg)\//.test(f) || /^(fs|path|http|https|net|dns|zlib)$/.test(f))).to.deep.equal([]);
  });
});
