import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { propertyRuns } from "../helpers/coverage";
import { AbiCoder, Wallet, ZeroAddress, keccak256, toBeHex, zeroPadValue } from "ethers";
import { Dm3GateTestERC20__factory } from "../../typechain-types";
import { GATE_LIMITS, Logic, NO_MAX, RuleKind, explainAccess, flattenExplanation, type Rule, type RuleSetDefinition, type SetOutcome } from "../../src/gate";
import { create, gateFixture, type GateFixture } from "../access/fixtures";

// Property: for random rule sets (nested, negated, bounded, with hostile tokens) and random
// holdings, a plain TypeScript model of the semantics, the SDK's off-chain evaluator and the
// contract's isAllowed/explain give the same answer and the same per-rule outcomes.

const abi = AbiCoder.defaultAbiCoder();
const ACCOUNTS = [0, 1, 2].map(() => Wallet.createRandom().address);
const IDS = [1n, 2n, 3n];

/** Token roles in the model; each maps to a deployed contract. */
type TokenName = "A" | "B" | "NFT" | "MULTI" | "REVERT" | "LONG" | "BURN_GAS" | "WRITE_STATE" | "DIRTY_ADDRESS";
const HOSTILE: TokenName[] = ["REVERT", "LONG", "BURN_GAS", "WRITE_STATE", "DIRTY_ADDRESS"];

/** Random holdings of the three accounts. */
interface Holdings {
  native: bigint[];
  /** Per account: balances of ERC-20 A and B. */
  erc20: { A: bigint[]; B: bigint[] };
  /** Owner (account index) of NFT ids 1..3, or -1 for none. */
  nftOwners: number[];
  /** Per account, per id 1..3: MULTI (ERC-1155) balances. */
  multi: bigint[][];
}

/** A model rule: the contract rule plus its nested set for references. */
interface ModelRule {
  kind: RuleKind;
  token: TokenName | null;
  min: bigint;
  max: bigint;
  negate: boolean;
  ids: bigint[];
  child?: ModelSet;
}
interface ModelSet {
  logic: Logic;
  threshold: number;
  rules: ModelRule[];
}

// ------------------------------------------------------------------ generators

const small = fc.constantFrom(0n, 1n, 2n, 3n, 5n, 10n, 100n);
const holdingsArb: fc.Arbitrary<Holdings> = fc.record({
  native: fc.array(small, { minLength: 3, maxLength: 3 }),
  erc20: fc.record({ A: fc.array(small, { minLength: 3, maxLength: 3 }), B: fc.array(small, { minLength: 3, maxLength: 3 }) }),
  nftOwners: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 3, maxLength: 3 }),
  multi: fc.array(fc.array(fc.constantFrom(0n, 1n, 2n, 5n), { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
});

const boundsArb = fc.record({
  min: fc.constantFrom(0n, 1n, 2n, 3n, 5n, 10n),
  extra: fc.option(fc.constantFrom(0n, 1n, 4n, 90n), { nil: undefined }),
  negate: fc.boolean(),
});

const leafArb: fc.Arbitrary<ModelRule> = fc
  .tuple(
    fc.oneof(
      fc.constant({ kind: RuleKind.NATIVE_BALANCE as RuleKind, token: null as TokenName | null, ids: [] as bigint[] }),
      fc.constantFrom<TokenName>("A", "B", "REVERT", "LONG", "BURN_GAS", "WRITE_STATE", "DIRTY_ADDRESS").map((token) => ({ kind: RuleKind.ERC20_BALANCE as RuleKind, token, ids: [] as bigint[] })),
      fc.constantFrom<TokenName>("NFT", "REVERT").map((token) => ({ kind: RuleKind.ERC721_BALANCE as RuleKind, token, ids: [] as bigint[] })),
      fc.tuple(fc.constantFrom<TokenName>("NFT", "NFT", "DIRTY_ADDRESS", "WRITE_STATE"), fc.constantFrom(1n, 2n, 3n, 4n)).map(([token, id]) => ({ kind: RuleKind.ERC721_OWNER as RuleKind, token, ids: [id] })),
      fc.tuple(fc.constantFrom<TokenName>("MULTI", "MULTI", "BURN_GAS"), fc.subarray([1n, 2n, 3n, 4n], { minLength: 1, maxLength: 3 })).map(([token, ids]) => ({ kind: RuleKind.ERC1155_BALANCE as RuleKind, token, ids })),
    ),
    boundsArb,
  )
  .map(([shape, b]) => ({ ...shape, min: b.min, max: b.extra === undefined ? NO_MAX : b.min + b.extra, negate: b.negate }));

/** A set with at most `levels` levels of nested sets below it. */
function setArb(levels: number): fc.Arbitrary<ModelSet> {
  const rule: fc.Arbitrary<ModelRule> =
    levels === 0
      ? leafArb
      : fc.oneof(
          { weight: 5, arbitrary: leafArb },
          {
            weight: 1,
            arbitrary: fc.tuple(setArb(levels - 1), fc.boolean()).map(([child, negate]) => ({ kind: RuleKind.RULE_SET as RuleKind, token: null, min: 1n, max: NO_MAX, negate, ids: [], child })),
          },
        );
  return fc
    .tuple(fc.constantFrom(Logic.AND, Logic.OR, Logic.ANY_OF), fc.array(rule, { minLength: 1, maxLength: 4 }), fc.nat())
    .map(([logic, rules, t]) => ({ logic, threshold: logic === Logic.ANY_OF ? 1 + (t % rules.length) : 0, rules }));
}

// ------------------------------------------------------------------ the model

interface ModelCtx {
  h: Holdings;
  /** `DIRTY_ADDRESS` answers every call with the caller (the rule-set contract) with its top byte set. */
  dirtyWord: bigint;
}

/** (value, readFailed) of one read, per the documented semantics. */
function modelRead(ctx: ModelCtx, rule: ModelRule, account: number, id: bigint): [bigint, boolean] {
  const { h } = ctx;
  switch (rule.token) {
    case null:
      return [h.native[account], false];
    case "A":
    case "B":
      return [h.erc20[rule.token][account], false];
    case "NFT":
      if (rule.kind === RuleKind.ERC721_BALANCE) return [BigInt(h.nftOwners.filter((o) => o === account).length), false];
      // OpenZeppelin's ownerOf reverts for an id without owner (4 never exists).
      if (id > 3n || h.nftOwners[Number(id) - 1] < 0) return [0n, true];
      return [h.nftOwners[Number(id) - 1] === account ? 1n : 0n, false];
    case "MULTI":
      return [id > 3n ? 0n : h.multi[account][Number(id) - 1], false];
    case "DIRTY_ADDRESS":
      return rule.kind === RuleKind.ERC721_OWNER ? [0n, true] : [ctx.dirtyWord, false];
    default:
      return [0n, true];
  }
}

/** The model's outcomes, depth first like the contract's explain. */
function modelExplain(ctx: ModelCtx, set: ModelSet, ids: Map<ModelSet, bigint>, account: number, depth = 0): SetOutcome[] {
  const nested: SetOutcome[] = [];
  const rules = set.rules.map((rule) => {
    let value = 0n;
    let readFailed = false;
    if (rule.child) {
      const sub = modelExplain(ctx, rule.child, ids, account, depth + 1);
      nested.push(...sub);
      value = sub[0].allowed ? 1n : 0n;
    } else {
      const reads = rule.kind === RuleKind.ERC1155_BALANCE ? rule.ids : [rule.ids[0] ?? 0n];
      for (const id of reads) {
        const [v, failed] = modelRead(ctx, rule, account, id);
        readFailed ||= failed;
        if (v > value) value = v;
      }
    }
    const inRange = value >= rule.min && (rule.max === NO_MAX || value <= rule.max);
    return { passed: inRange !== rule.negate, readFailed, value };
  });
  const passed = rules.filter((r) => r.passed).length;
  const needed = set.logic === Logic.AND ? rules.length : set.logic === Logic.OR ? 1 : set.threshold;
  return [{ ruleSetId: ids.get(set)!, depth, allowed: passed >= needed, rules }, ...nested];
}

// ------------------------------------------------------------------ chain setup

interface Chain extends GateFixture {
  tokenAddress: Record<TokenName, string>;
}

async function chainFixture(): Promise<Chain> {
  const f = await gateFixture();
  const b = await new Dm3GateTestERC20__factory(f.deployer).deploy("Second", "B");
  return {
    ...f,
    tokenAddress: {
      A: f.tokens.erc20,
      B: await b.getAddress(),
      NFT: f.tokens.erc721,
      MULTI: f.tokens.erc1155,
      REVERT: f.hostile.REVERT,
      LONG: f.hostile.LONG,
      BURN_GAS: f.hostile.BURN_GAS,
      WRITE_STATE: f.hostile.WRITE_STATE,
      DIRTY_ADDRESS: f.hostile.DIRTY_ADDRESS,
    },
  };
}

/** Storage slot of `mapping[key]` for a mapping at `slot` (Solidity layout). */
const slotOf = (keyType: "address" | "uint256", key: string | bigint, slot: bigint | string) => keccak256(abi.encode([keyType, "uint256"], [key, slot]));
const word = (v: bigint | string) => zeroPadValue(toBeHex(v), 32);

/**
 * Writes the holdings straight into storage (OpenZeppelin 5 layouts: ERC20 `_balances` slot 0;
 * ERC721 `_owners` slot 2 and `_balances` slot 3; ERC1155 `_balances[id][account]` slot 0): no
 * transactions, so a run costs a few local RPC calls.
 */
async function applyHoldings(c: Chain, h: Holdings): Promise<void> {
  const set = (address: string, slot: string, value: bigint | string) => hre.network.provider.send("hardhat_setStorageAt", [address, slot, word(value)]);
  const writes: Array<Promise<unknown>> = [];
  ACCOUNTS.forEach((account, i) => {
    writes.push(hre.network.provider.send("hardhat_setBalance", [account, toBeHex(h.native[i])]));
    writes.push(set(c.tokenAddress.A, slotOf("address", account, 0n), h.erc20.A[i]));
    writes.push(set(c.tokenAddress.B, slotOf("address", account, 0n), h.erc20.B[i]));
    writes.push(set(c.tokenAddress.NFT, slotOf("address", account, 3n), BigInt(h.nftOwners.filter((o) => o === i).length)));
    IDS.forEach((id, j) => writes.push(set(c.tokenAddress.MULTI, slotOf("address", account, slotOf("uint256", id, 0n)), h.multi[i][j])));
  });
  IDS.forEach((id, j) => writes.push(set(c.tokenAddress.NFT, slotOf("uint256", id, 2n), h.nftOwners[j] < 0 ? ZeroAddress : ACCOUNTS[h.nftOwners[j]])));
  await Promise.all(writes);
}

/** Creates the model's sets bottom-up and returns the id of each. */
async function createSets(c: Chain, root: ModelSet): Promise<Map<ModelSet, bigint>> {
  const ids = new Map<ModelSet, bigint>();
  const visit = async (set: ModelSet): Promise<bigint> => {
    const rules: Rule[] = [];
    for (const r of set.rules) {
      const ids_ = r.child ? [await visit(r.child)] : r.ids;
      rules.push({ kind: r.kind, negate: r.negate, token: r.token ? c.tokenAddress[r.token] : ZeroAddress, min: r.min, max: r.max, ids: ids_ });
    }
    const def: RuleSetDefinition = { logic: set.logic, threshold: set.threshold, rules };
    const id = await create(c.ruleSets, c.owner, def);
    ids.set(set, id);
    return id;
  };
  await visit(root);
  return ids;
}

describe("gate property: model = off-chain evaluator = on-chain view", () => {
  it("agree on random nested rule sets and random holdings (incl. hostile tokens)", async () => {
    const c = await loadFixture(chainFixture);
    // Sanity of the storage layouts the holdings are written with.
    await applyHoldings(c, { native: [1n, 0n, 0n], erc20: { A: [7n, 0n, 0n], B: [0n, 9n, 0n] }, nftOwners: [2, -1, 2], multi: [[0n, 0n, 3n], [0n, 0n, 0n], [0n, 0n, 0n]] });
    const [nft, multi] = [await hre.ethers.getContractAt("Dm3GateTestERC721", c.tokenAddress.NFT), await hre.ethers.getContractAt("Dm3GateTestERC1155", c.tokenAddress.MULTI)];
    expect([await c.erc20.balanceOf(ACCOUNTS[0]), await nft.balanceOf(ACCOUNTS[2]), await nft.ownerOf(3n), await multi.balanceOf(ACCOUNTS[0], 3n)]).to.deep.equal([7n, 2n, ACCOUNTS[2], 3n]);

    const dirtyWord = (0xffn << 248n) | BigInt(c.address);
    let runs = 0;
    let allowedSeen = 0;
    await fc.assert(
      fc.asyncProperty(holdingsArb, setArb(GATE_LIMITS.maxDepth), async (h, root) => {
        runs++;
        await applyHoldings(c, h);
        const ids = await createSets(c, root);
        const rootId = ids.get(root)!;
        for (const [i, account] of ACCOUNTS.entries()) {
          const model = modelExplain({ h, dirtyWord }, root, ids, i);
          const onChain = (await c.ruleSets.explain(rootId, account)).map((s) => ({
            ruleSetId: s.ruleSetId,
            depth: Number(s.depth),
            allowed: s.allowed,
            rules: s.rules.map((r) => ({ passed: r.passed, readFailed: r.readFailed, value: r.value })),
          }));
          const offChain = await explainAccess(hre.ethers.provider, rootId, account, { ruleSets: c.address });
          const allowed = await c.ruleSets.isAllowed(rootId, account);
          expect(onChain, "on-chain explain vs model").to.deep.equal(model);
          expect(flattenExplanation(offChain.root), "off-chain vs model").to.deep.equal(model);
          expect([allowed, offChain.allowed], "isAllowed").to.deep.equal([model[0].allowed, model[0].allowed]);
          if (allowed) allowedSeen++;
        }
      }),
      { numRuns: propertyRuns(80) },
    );
    // The generators reach both answers often enough for the property to mean something.
    expect(allowedSeen).to.be.greaterThan(runs / 4);
    expect(allowedSeen).to.be.lessThan(runs * 3 - runs / 4);
  });
});
