import hre from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, parseEther } from "ethers";
import {
  GATE_LIMITS,
  Logic,
  NO_MAX,
  RuleKind,
  allOf,
  anyOf,
  atLeast,
  erc1155Balance,
  erc20Balance,
  erc721Balance,
  erc721Owner,
  nativeBalance,
  not,
  ruleSetRef,
  type Rule,
  type RuleSetDefinition,
} from "../../src/gate";
import { Dm3GateTestERC20__factory } from "../../typechain-types";
import { expectGasBelow, recordGas } from "../helpers/gas";
import { HOSTILE_MODES, create, createArgs, fresh, gateFixture, struct, type GateFixture } from "./fixtures";

describe("Dm3RuleSets", () => {
  let f: GateFixture;
  let alice: string;
  let bob: string;

  beforeEach(async () => {
    f = await loadFixture(gateFixture);
    alice = fresh();
    bob = fresh();
  });

  const allowed = (id: bigint, account: string) => f.ruleSets.isAllowed(id, account);
  const explainRoot = async (id: bigint, account: string) => (await f.ruleSets.explain(id, account))[0];

  describe("creating", () => {
    it("creates sets owned by the caller with ids counting up, emitting RuleSetCreated", async () => {
      const def = allOf(erc20Balance(f.tokens.erc20, { min: 5 }));
      await expect(f.ruleSets.connect(f.owner).createRuleSet(...createArgs(def)))
        .to.emit(f.ruleSets, "RuleSetCreated")
        .withArgs(1n, await f.owner.getAddress(), Logic.AND, 0, 1);
      const second = await create(f.ruleSets, f.other, anyOf(nativeBalance({ min: 1 }), erc721Balance(f.tokens.erc721)));
      expect(second).to.equal(2n);
      expect(await f.ruleSets.ruleSetCount()).to.equal(2n);
      expect((await f.ruleSets.getRuleSet(2n)).owner).to.equal(await f.other.getAddress());
    });

    it("stores every rule kind and reads it back unchanged", async () => {
      const inner = await create(f.ruleSets, f.owner, allOf(nativeBalance()));
      const rules: Rule[] = [
        nativeBalance({ min: parseEther("1"), max: parseEther("2"), negate: true }),
        erc20Balance(f.tokens.erc20, { min: 10n ** 30n }),
        erc721Balance(f.tokens.erc721, { min: 2, max: 3 }),
        erc721Owner(f.tokens.erc721, 2n ** 255n + 7n),
        erc1155Balance(f.tokens.erc1155, [1, 2, 3, 4, 5, 6, 7, 8], { min: 0, max: NO_MAX - 1n }),
        ruleSetRef(inner, { negate: true }),
      ];
      const id = await create(f.ruleSets, f.owner, atLeast(2, ...rules));
      const stored = await f.ruleSets.getRuleSet(id);
      expect(stored.frozen).to.equal(false);
      expect(Number(stored.logic)).to.equal(Logic.ANY_OF);
      expect(Number(stored.threshold)).to.equal(2);
      expect(stored.rules.map((r) => ({ kind: Number(r.kind), negate: r.negate, token: r.token, min: r.min, max: r.max, ids: [...r.ids] }))).to.deep.equal(rules.map(struct));
      const [maxRules, maxIds, maxDepth, callGas] = await f.ruleSets.limits();
      expect([maxRules, maxIds, maxDepth, callGas].map(Number)).to.deep.equal([GATE_LIMITS.maxRules, GATE_LIMITS.maxIds, GATE_LIMITS.maxDepth, GATE_LIMITS.callGas]);
    });

    it("refuses malformed sets with the exact error and stores nothing", async () => {
      const c = f.ruleSets.connect(f.owner);
      const ok = struct(erc20Balance(f.tokens.erc20));
      const cases: Array<[Parameters<typeof c.createRuleSet>, string, unknown[]]> = [
        [[Logic.AND, 0, []], "Dm3RuleSetsInvalidRuleCount", [0]],
        [[Logic.AND, 0, Array(17).fill(ok)], "Dm3RuleSetsInvalidRuleCount", [17]],
        [[Logic.AND, 1, [ok]], "Dm3RuleSetsInvalidThreshold", [Logic.AND, 1, 1]],
        [[Logic.OR, 2, [ok, ok]], "Dm3RuleSetsInvalidThreshold", [Logic.OR, 2, 2]],
        [[Logic.ANY_OF, 0, [ok]], "Dm3RuleSetsInvalidThreshold", [Logic.ANY_OF, 0, 1]],
        [[Logic.ANY_OF, 3, [ok, ok]], "Dm3RuleSetsInvalidThreshold", [Logic.ANY_OF, 3, 2]],
        [[Logic.AND, 0, [ok, { ...ok, min: 5n, max: 4n }]], "Dm3RuleSetsInvalidBounds", [1, 5, 4]],
        [[Logic.AND, 0, [{ ...ok, kind: RuleKind.NATIVE_BALANCE }]], "Dm3RuleSetsInvalidToken", [0, f.tokens.erc20]],
        [[Logic.AND, 0, [{ ...ok, token: ZeroAddress }]], "Dm3RuleSetsInvalidToken", [0, ZeroAddress]],
        [[Logic.AND, 0, [{ ...ok, ids: [1n] }]], "Dm3RuleSetsInvalidIdCount", [0, 1]],
        [[Logic.AND, 0, [{ ...ok, kind: RuleKind.ERC721_OWNER }]], "Dm3RuleSetsInvalidIdCount", [0, 0]],
        [[Logic.AND, 0, [{ ...ok, kind: RuleKind.ERC1155_BALANCE, ids: [] }]], "Dm3RuleSetsInvalidIdCount", [0, 0]],
        [[Logic.AND, 0, [{ ...ok, kind: RuleKind.ERC1155_BALANCE, ids: Array(9).fill(1n) }]], "Dm3RuleSetsInvalidIdCount", [0, 9]],
        [[Logic.AND, 0, [{ ...ok, kind: RuleKind.RULE_SET, token: ZeroAddress, ids: [1n, 2n] }]], "Dm3RuleSetsInvalidIdCount", [0, 2]],
        [[Logic.AND, 0, [{ ...ok, kind: RuleKind.RULE_SET, token: ZeroAddress, ids: [42n] }]], "Dm3RuleSetsUnknownRuleSet", [42]],
      ];
      for (const [args, error, errorArgs] of cases) {
        await expect(c.createRuleSet(...args), error).to.be.revertedWithCustomError(f.ruleSets, error).withArgs(...errorArgs);
      }
      expect(await f.ruleSets.ruleSetCount()).to.equal(0n);
      await expect(f.ruleSets.getRuleSet(1n)).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnknownRuleSet").withArgs(1n);
      await expect(f.ruleSets.isAllowed(1n, alice)).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnknownRuleSet").withArgs(1n);
    });
  });

  describe("evaluating", () => {
    it("native balance within min and max", async () => {
      const id = await create(f.ruleSets, f.owner, allOf(nativeBalance({ min: parseEther("1"), max: parseEther("2") })));
      await hre.network.provider.send("hardhat_setBalance", [alice, "0x" + parseEther("1.5").toString(16)]);
      await hre.network.provider.send("hardhat_setBalance", [bob, "0x" + parseEther("2.5").toString(16)]);
      expect(await allowed(id, alice)).to.equal(true);
      expect(await allowed(id, bob)).to.equal(false);
      expect(await allowed(id, fresh())).to.equal(false);
    });

    it("ERC-20 balance with bounds and negation", async () => {
      await (await f.erc20.mint(alice, 100n)).wait();
      await (await f.erc20.mint(bob, 1000n)).wait();
      const bounded = await create(f.ruleSets, f.owner, allOf(erc20Balance(f.tokens.erc20, { min: 100, max: 999 })));
      const negated = await create(f.ruleSets, f.owner, allOf(not(erc20Balance(f.tokens.erc20, { min: 100, max: 999 }))));
      expect([await allowed(bounded, alice), await allowed(bounded, bob)]).to.deep.equal([true, false]);
      expect([await allowed(negated, alice), await allowed(negated, bob)]).to.deep.equal([false, true]);
      expect((await explainRoot(bounded, bob)).rules[0].value).to.equal(1000n);
    });

    it("ERC-721 balance and ownership of an id", async () => {
      await (await f.erc721.mint(alice, 7n)).wait();
      await (await f.erc721.mint(bob, 8n)).wait();
      await (await f.erc721.mint(bob, 9n)).wait();
      const owns7 = await create(f.ruleSets, f.owner, allOf(erc721Owner(f.tokens.erc721, 7)));
      const two = await create(f.ruleSets, f.owner, allOf(erc721Balance(f.tokens.erc721, { min: 2 })));
      expect([await allowed(owns7, alice), await allowed(owns7, bob)]).to.deep.equal([true, false]);
      expect([await allowed(two, alice), await allowed(two, bob)]).to.deep.equal([false, true]);
      // ownerOf of a token that does not exist reverts in OpenZeppelin: a failed read, not an error.
      const owns99 = await create(f.ruleSets, f.owner, allOf(erc721Owner(f.tokens.erc721, 99)));
      const outcome = (await explainRoot(owns99, alice)).rules[0];
      expect([outcome.passed, outcome.readFailed, outcome.value]).to.deep.equal([false, true, 0n]);
    });

    it("ERC-1155 balance of one id, and the largest balance over several ids", async () => {
      await (await f.erc1155.mint(alice, 2n, 5n)).wait();
      await (await f.erc1155.mint(bob, 3n, 1n)).wait();
      const id2 = await create(f.ruleSets, f.owner, allOf(erc1155Balance(f.tokens.erc1155, 2, { min: 5 })));
      const any = await create(f.ruleSets, f.owner, allOf(erc1155Balance(f.tokens.erc1155, [1, 2, 3], { min: 1 })));
      const capped = await create(f.ruleSets, f.owner, allOf(erc1155Balance(f.tokens.erc1155, [1, 2, 3], { min: 1, max: 4 })));
      expect([await allowed(id2, alice), await allowed(id2, bob)]).to.deep.equal([true, false]);
      expect([await allowed(any, alice), await allowed(any, bob), await allowed(any, fresh())]).to.deep.equal([true, true, false]);
      // max bounds the largest balance: alice holds 5 of id 2.
      expect([await allowed(capped, alice), await allowed(capped, bob)]).to.deep.equal([false, true]);
      expect((await explainRoot(any, alice)).rules[0].value).to.equal(5n);
    });

    it("combines rules with AND, OR and ANY_OF(n)", async () => {
      await (await f.erc20.mint(alice, 10n)).wait();
      await (await f.erc721.mint(alice, 1n)).wait();
      await (await f.erc20.mint(bob, 10n)).wait();
      const a = erc20Balance(f.tokens.erc20, { min: 10 });
      const b = erc721Balance(f.tokens.erc721);
      const c = erc1155Balance(f.tokens.erc1155, 1);
      const and = await create(f.ruleSets, f.owner, allOf(a, b));
      const or = await create(f.ruleSets, f.owner, anyOf(b, c));
      const two = await create(f.ruleSets, f.owner, atLeast(2, a, b, c));
      expect([await allowed(and, alice), await allowed(and, bob)]).to.deep.equal([true, false]);
      expect([await allowed(or, alice), await allowed(or, bob)]).to.deep.equal([true, false]);
      expect([await allowed(two, alice), await allowed(two, bob)]).to.deep.equal([true, false]);
      const root = await explainRoot(two, bob);
      expect(root.rules.map((r) => r.passed)).to.deep.equal([true, false, false]);
      expect(root.allowed).to.equal(false);
    });

    it("follows references to other sets and explains them depth first", async () => {
      await (await f.erc20.mint(alice, 1n)).wait();
      const leaf = await create(f.ruleSets, f.other, allOf(erc20Balance(f.tokens.erc20)));
      const mid = await create(f.ruleSets, f.other, anyOf(ruleSetRef(leaf), erc721Balance(f.tokens.erc721)));
      const top = await create(f.ruleSets, f.owner, allOf(ruleSetRef(mid), not(ruleSetRef(leaf))));
      expect(await allowed(mid, alice)).to.equal(true);
      expect(await allowed(top, alice)).to.equal(false);
      expect(await allowed(top, bob)).to.equal(false);
      const outcomes = await f.ruleSets.explain(top, alice);
      expect(outcomes.map((o) => [o.ruleSetId, Number(o.depth), o.allowed])).to.deep.equal([
        [top, 0, false],
        [mid, 1, true],
        [leaf, 2, true],
        [leaf, 1, true],
      ]);
      expect(outcomes[0].rules.map((r) => [r.passed, r.value])).to.deep.equal([
        [true, 1n],
        [false, 1n],
      ]);
    });
  });

  describe("references", () => {
    /** A chain top -> ... -> leaf of `levels` references; returns the ids, top first. */
    async function chain(levels: number): Promise<bigint[]> {
      const ids = [await create(f.ruleSets, f.owner, allOf(nativeBalance({ min: 0 })))];
      for (let i = 0; i < levels; i++) ids.unshift(await create(f.ruleSets, f.owner, allOf(ruleSetRef(ids[0]))));
      return ids;
    }

    it("refuses a reference that would close a cycle, including a set referencing itself", async () => {
      const [a, b, c] = await chain(2);
      await expect(f.ruleSets.connect(f.owner).updateRuleSet(c, ...createArgs(allOf(ruleSetRef(a)))))
        .to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsCycle")
        .withArgs(c);
      await expect(f.ruleSets.connect(f.owner).updateRuleSet(b, ...createArgs(anyOf(nativeBalance(), ruleSetRef(b)))))
        .to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsCycle")
        .withArgs(b);
      // Unchanged: c still has its original native rule.
      expect(Number((await f.ruleSets.getRuleSet(c)).rules[0].kind)).to.equal(RuleKind.NATIVE_BALANCE);
    });

    it(`allows ${GATE_LIMITS.maxDepth} levels of nesting and refuses one more when written`, async () => {
      const ids = await chain(GATE_LIMITS.maxDepth);
      expect(await allowed(ids[0], alice)).to.equal(true);
      await expect(f.ruleSets.connect(f.owner).createRuleSet(...createArgs(allOf(ruleSetRef(ids[0])))))
        .to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsTooDeep")
        .withArgs(BigInt(ids.length + 1));
    });

    it("does not follow a reference that grew too deep after it was written: it counts as failed", async () => {
      const ids = await chain(GATE_LIMITS.maxDepth);
      const bottom = ids[ids.length - 1];
      // The bottom set (written alone, depth 0) may reference another set; the top now nests one level too deep.
      const extra = await create(f.ruleSets, f.owner, allOf(nativeBalance({ min: 0 })));
      await (await f.ruleSets.connect(f.owner).updateRuleSet(bottom, ...createArgs(allOf(ruleSetRef(extra))))).wait();
      expect(await allowed(bottom, alice)).to.equal(true);
      expect(await allowed(ids[0], alice)).to.equal(false);
      const outcomes = await f.ruleSets.explain(ids[0], alice);
      expect(outcomes.length).to.equal(GATE_LIMITS.maxDepth + 1);
      const deepest = outcomes[outcomes.length - 1];
      expect(Number(deepest.depth)).to.equal(GATE_LIMITS.maxDepth);
      expect([deepest.rules[0].passed, deepest.rules[0].readFailed, deepest.rules[0].value]).to.deep.equal([false, true, 0n]);
    });
  });

  describe("ownership and freezing", () => {
    let id: bigint;
    const def = () => allOf(erc20Balance(f.tokens.erc20, { min: 2 }));

    beforeEach(async () => {
      id = await create(f.ruleSets, f.owner, allOf(erc20Balance(f.tokens.erc20)));
    });

    it("the owner updates the rules (RuleSetUpdated) and the new rules apply", async () => {
      await (await f.erc20.mint(alice, 1n)).wait();
      expect(await allowed(id, alice)).to.equal(true);
      await expect(f.ruleSets.connect(f.owner).updateRuleSet(id, ...createArgs(atLeast(1, ...def().rules))))
        .to.emit(f.ruleSets, "RuleSetUpdated")
        .withArgs(id, Logic.ANY_OF, 1, 1);
      expect(await allowed(id, alice)).to.equal(false);
    });

    it("refuses updates, freezing and transfers by anyone but the owner", async () => {
      const outsider = await f.outsider.getAddress();
      const c = f.ruleSets.connect(f.outsider);
      await expect(c.updateRuleSet(id, ...createArgs(def()))).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnauthorized").withArgs(id, outsider);
      await expect(c.freezeRuleSet(id)).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnauthorized").withArgs(id, outsider);
      await expect(c.transferRuleSetOwnership(id, outsider)).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnauthorized").withArgs(id, outsider);
      await expect(c.updateRuleSet(99n, ...createArgs(def()))).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnknownRuleSet").withArgs(99n);
      const stored = await f.ruleSets.getRuleSet(id);
      expect([stored.owner, stored.frozen, stored.rules[0].min]).to.deep.equal([await f.owner.getAddress(), false, 1n]);
    });

    it("transfers ownership (event); the new owner may update, the old one no longer", async () => {
      const [from, to] = [await f.owner.getAddress(), await f.other.getAddress()];
      await expect(f.ruleSets.connect(f.owner).transferRuleSetOwnership(id, ZeroAddress)).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsZeroOwner");
      await expect(f.ruleSets.connect(f.owner).transferRuleSetOwnership(id, to)).to.emit(f.ruleSets, "RuleSetOwnershipTransferred").withArgs(id, from, to);
      await expect(f.ruleSets.connect(f.owner).updateRuleSet(id, ...createArgs(def()))).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsUnauthorized");
      await (await f.ruleSets.connect(f.other).updateRuleSet(id, ...createArgs(def()))).wait();
      expect((await f.ruleSets.getRuleSet(id)).owner).to.equal(to);
    });

    it("a frozen set never changes again but still answers", async () => {
      await (await f.erc20.mint(alice, 1n)).wait();
      await expect(f.ruleSets.connect(f.owner).freezeRuleSet(id)).to.emit(f.ruleSets, "RuleSetFrozen").withArgs(id);
      const c = f.ruleSets.connect(f.owner);
      await expect(c.updateRuleSet(id, ...createArgs(def()))).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsFrozen").withArgs(id);
      await expect(c.freezeRuleSet(id)).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsFrozen").withArgs(id);
      await expect(c.transferRuleSetOwnership(id, await f.other.getAddress())).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsFrozen").withArgs(id);
      expect((await f.ruleSets.getRuleSet(id)).frozen).to.equal(true);
      expect(await allowed(id, alice)).to.equal(true);
    });
  });

  describe("hostile tokens", () => {
    /** Rules of every token kind pointed at `token`. */
    const rulesFor = (token: string): Rule[] => [
      erc20Balance(token),
      erc721Balance(token),
      erc721Owner(token, 1),
      erc1155Balance(token, [1, 2]),
    ];

    for (const mode of HOSTILE_MODES.filter((m) => m !== "DIRTY_ADDRESS")) {
      it(`a token that answers ${mode} counts as not held, without making the check revert`, async () => {
        const token = f.hostile[mode];
        const held = await create(f.ruleSets, f.owner, anyOf(...rulesFor(token)));
        const notHeld = await create(f.ruleSets, f.owner, allOf(...rulesFor(token).map(not)));
        expect(await allowed(held, alice)).to.equal(false);
        expect(await allowed(notHeld, alice)).to.equal(true);
        const root = await explainRoot(held, alice);
        expect(root.rules.map((r) => [r.passed, r.readFailed, r.value])).to.deep.equal(rulesFor(token).map(() => [false, true, 0n]));
        const holdings = await f.ruleSets.readHoldings(rulesFor(token).map((r) => ({ kind: r.kind, token, account: alice, id: r.ids[0] ?? 0n })));
        expect(holdings.map((h) => [h.ok, h.value])).to.deep.equal(rulesFor(token).map(() => [false, 0n]));
      });
    }

    it("an ownerOf answer with dirty upper bits is garbage (the same word is a valid balance)", async () => {
      const token = f.hostile.DIRTY_ADDRESS;
      const owner = await create(f.ruleSets, f.owner, allOf(erc721Owner(token, 1)));
      const balance = await create(f.ruleSets, f.owner, allOf(erc20Balance(token)));
      const [o] = (await explainRoot(owner, alice)).rules;
      expect([o.passed, o.readFailed, o.value]).to.deep.equal([false, true, 0n]);
      const [b] = (await explainRoot(balance, alice)).rules;
      expect([b.passed, b.readFailed, b.value > 2n ** 255n]).to.deep.equal([true, false, true]);
    });

    it("a gas-burning token costs the check at most its gas allowance per read", async () => {
      const burner = await create(f.ruleSets, f.owner, allOf(erc20Balance(f.hostile.BURN_GAS)));
      const [gas] = await f.meter.measureIsAllowed(f.address, burner, alice);
      expect(gas).to.be.greaterThan(BigInt(GATE_LIMITS.callGas));
      expectGasBelow(gas, GATE_LIMITS.callGas + 15_000, "isAllowed with a gas-burning token");
    });

    it("refuses to answer with too little gas instead of counting a token as not held", async () => {
      const id = await create(f.ruleSets, f.owner, allOf(not(erc20Balance(f.tokens.erc20))));
      await expect(f.ruleSets.isAllowed.staticCall(id, alice, { gasLimit: 50_000 })).to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsInsufficientGas");
      expect(await f.ruleSets.isAllowed.staticCall(id, alice, { gasLimit: 80_000 })).to.equal(true);
    });

    it("readHoldings refuses a rule-set query", async () => {
      await expect(f.ruleSets.readHoldings([{ kind: RuleKind.NATIVE_BALANCE, token: ZeroAddress, account: alice, id: 0n }, { kind: RuleKind.RULE_SET, token: ZeroAddress, account: alice, id: 1n }]))
        .to.be.revertedWithCustomError(f.ruleSets, "Dm3RuleSetsInvalidQuery")
        .withArgs(1n);
    });
  });

  describe("gas", () => {
    /** Gas of isAllowed called from a contract, recorded under `key`. */
    async function measure(key: string, def: RuleSetDefinition, account: string, expected?: boolean): Promise<number> {
      const id = await create(f.ruleSets, f.owner, def);
      const [gas, result] = await f.meter.measureIsAllowed(f.address, id, account);
      if (expected !== undefined) expect(result).to.equal(expected);
      return recordGas(`Gate.isAllowed ${key} (call gas)`, gas);
    }

    it("records isAllowed per rule shape, per added rule and per nesting level, next to one balanceOf", async () => {
      const holder = await f.owner.getAddress();
      await (await f.erc20.mint(holder, 100n)).wait();
      await (await f.erc721.mint(holder, 1n)).wait();
      await (await f.erc1155.mint(holder, 8n, 1n)).wait();
      const [plain] = await f.meter.measureBalanceOf(f.tokens.erc20, holder);
      recordGas("Gate.baseline ERC-20 balanceOf (call gas)", plain);

      await measure("native", allOf(nativeBalance()), holder, true);
      await measure("ERC-20", allOf(erc20Balance(f.tokens.erc20)), holder, true);
      await measure("ERC-721 balance", allOf(erc721Balance(f.tokens.erc721)), holder, true);
      await measure("ERC-721 owner", allOf(erc721Owner(f.tokens.erc721, 1)), holder, true);
      await measure("ERC-1155 1 id", allOf(erc1155Balance(f.tokens.erc1155, 8)), holder, true);
      const ids8 = [1, 2, 3, 4, 5, 6, 7, 8];
      await measure("ERC-1155 any of 8 ids (held: last)", allOf(erc1155Balance(f.tokens.erc1155, ids8)), holder, true);
      for (const n of [1, 2, 4, 8, 16]) {
        // n different ERC-20s: every read is cold, as with n real tokens.
        const tokens = [f.tokens.erc20];
        while (tokens.length < n) {
          const t = await new Dm3GateTestERC20__factory(f.deployer).deploy("T", "T");
          await (await t.mint(holder, 1n)).wait();
          tokens.push(await t.getAddress());
        }
        await measure(`AND of ${n} ERC-20 rules`, allOf(...tokens.map((t) => erc20Balance(t))), holder, true);
      }
      let ref = await create(f.ruleSets, f.owner, allOf(erc20Balance(f.tokens.erc20)));
      for (let level = 1; level <= GATE_LIMITS.maxDepth; level++) {
        const gas = await measure(`nested ${level} level(s) over one ERC-20 rule`, allOf(ruleSetRef(ref)), holder, true);
        expect(gas).to.be.greaterThan(0);
        ref = await create(f.ruleSets, f.owner, allOf(ruleSetRef(ref)));
      }
    });

    it("records the cost of creating, updating and freezing sets", async () => {
      const c = f.ruleSets.connect(f.owner);
      // Fixed token addresses (no code needed to store a rule): the measured calldata is the same in every run.
      const [t20, t721, t1155] = ["0x" + "20".repeat(20), "0x" + "72".repeat(20), "0x" + "55".repeat(20)];
      const one = allOf(erc20Balance(t20));
      const four = allOf(erc20Balance(t20), erc721Balance(t721), nativeBalance(), erc1155Balance(t1155, [1, 2]));
      const receipt = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => (await (await tx).wait())!.gasUsed;
      recordGas("Gate.createRuleSet (1 ERC-20 rule)", await receipt(c.createRuleSet(...createArgs(one))));
      recordGas("Gate.createRuleSet (4 rules)", await receipt(c.createRuleSet(...createArgs(four))));
      recordGas("Gate.updateRuleSet (4 rules)", await receipt(c.updateRuleSet(1n, ...createArgs(four))));
      recordGas("Gate.freezeRuleSet", await receipt(c.freezeRuleSet(1n)));
    });
  });
});
