import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, BrowserProvider, Interface, ZeroAddress, ZeroHash, dnsEncode, id, namehash, toBeHex, type Signer } from "ethers";
import {
  Dm3AliasTestRawResolver,
  Dm3AliasTestRawResolver__factory,
  Dm3AliasTestWildcardResolver__factory,
  Dm3UniversalResolver__factory,
  ENSRegistry__factory,
} from "../../typechain-types";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { Dm3ResolutionError, resolveDm3Name } from "../../src/resolution";
import { registerName } from "../helpers/ens";
import { namesFixture, type AliasFixture } from "./fixtures";
import { startMockGateway } from "./mockGateway";
import { expectRejection } from "../helpers/expect";

// Branch coverage of Dm3UniversalResolver: malformed names, resolvers that revert or answer
// garbage, OffchainLookups it must refuse or pass on, and its callback's failure paths.

const abi = AbiCoder.defaultAbiCoder();
const ADDR = "0x3b3b57de"; // addr(bytes32)
const TEXT = "0x59d1d43c"; // text(bytes32,string)
const MULTICALL = "0xac9650d8"; // multicall(bytes[])
/** What `resolveDm3` puts into its lookup's extraData: the name asked, the gateway responses of a lookup chain so far. */
const CALLBACK_EXTRA = ["bytes", "bytes[]"];
const lookupIface = new Interface(["error OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes extraData)", "error Other(uint256 code)"]);
const reads = new Interface(["function addr(bytes32) view returns (address)", "function text(bytes32, string) view returns (string)"]);

/** `OffchainLookup(...)` revert data. */
function lookup(sender: string, urls: string[], callData = "0x1234", callback = "0xdeadbeef", extraData = "0xabcd"): string {
  return lookupIface.encodeErrorResult("OffchainLookup", [sender, urls, callData, callback, extraData]);
}
/** Revert data of an error other than `OffchainLookup`. */
const OTHER = lookupIface.encodeErrorResult("Other", [7]);
const encAddr = (a: string) => abi.encode(["address"], [a]);
const encText = (t: string) => abi.encode(["string"], [t]);
/** What `resolve(bytes,bytes)` returns: the inner answer as ABI `bytes`. */
const asBytes = (inner: string) => abi.encode(["bytes"], [inner]);
/** A multicall answer as `resolve` returns it. */
const multicallAnswer = (results: string[]) => asBytes(abi.encode(["bytes[]"], [results]));

interface RawSetup {
  f: AliasFixture;
  mock: Dm3AliasTestRawResolver;
  resolver: string;
  owner: Signer;
}

/** A raw mock set as the resolver of `raw.eth` (so `raw.eth` is exact, `x.raw.eth` a wildcard). */
async function rawResolver(f: AliasFixture, extended: boolean): Promise<RawSetup> {
  const owner = f.accounts[6];
  const mock = await new Dm3AliasTestRawResolver__factory(owner).deploy(extended);
  const resolver = await mock.getAddress();
  await registerName(f, "raw.eth", owner);
  await (await ENSRegistry__factory.connect(f.ens.registry, owner).setResolver(namehash("raw.eth"), resolver)).wait();
  return { f, mock, resolver, owner };
}

/** `raw.eth` with a raw mock that does not support ENSIP-10. */
async function plainRawFixture(): Promise<RawSetup> {
  return rawResolver(await namesFixture(), false);
}

/** `raw.eth` with a raw mock that supports ENSIP-10. */
async function extendedRawFixture(): Promise<RawSetup> {
  return rawResolver(await namesFixture(), true);
}

async function reply(mock: Dm3AliasTestRawResolver, selector: string, reverts: boolean, data: string): Promise<void> {
  await (await mock.setReply(selector, reverts, data)).wait();
}

/** The resolution's record fields, as the contract returns them. */
async function ours(f: AliasFixture, name: string): Promise<{ addr: string; profile: string; extended: boolean; resolver: string }> {
  const r = await f.universal.resolveDm3(dnsEncode(name, 255));
  return { addr: r.addr, profile: r.profile, extended: r.extended, resolver: r.resolver };
}

/** What ethers' own resolver answers, in the contract's terms (zero address / empty string for none). */
async function viaEthers(provider: BrowserProvider, name: string): Promise<{ addr: string; profile: string }> {
  const resolver = await provider.getResolver(name);
  if (!resolver) throw new Error(`ethers found no resolver for ${name}`);
  return { addr: (await resolver.getAddress()) ?? ZeroAddress, profile: (await resolver.getText(PROFILE_RECORD_KEY)) ?? "" };
}

describe("Dm3UniversalResolver (branches)", () => {
  describe("deployment and introspection", () => {
    it("refuses a zero ENS registry or alias registry", async () => {
      const f = await loadFixture(namesFixture);
      const factory = new Dm3UniversalResolver__factory(f.admin);
      await expect(factory.deploy(ZeroAddress, f.alias.aliasRegistry)).to.be.revertedWithCustomError(factory, "Dm3ResolverZeroAddress");
      await expect(factory.deploy(f.ens.registry, ZeroAddress)).to.be.revertedWithCustomError(factory, "Dm3ResolverZeroAddress");
    });

    it("reports its registries and ERC-165 interfaces", async () => {
      const f = await loadFixture(namesFixture);
      expect(await f.universal.ens()).to.equal(f.ens.registry);
      expect(await f.universal.aliasRegistry()).to.equal(f.alias.aliasRegistry);
      const iface = f.universal.interface;
      let interfaceId = 0n;
      for (const fn of ["resolveDm3", "resolveDm3Callback", "findResolver", "ens", "aliasRegistry"] as const) interfaceId ^= BigInt(iface.getFunction(fn)!.selector);
      expect(await f.universal.supportsInterface(toBeHex(interfaceId, 4))).to.equal(true);
      expect(await f.universal.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await f.universal.supportsInterface("0x9061b923")).to.equal(false);
      expect(await f.universal.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("names and resolver discovery (ENSIP-10)", () => {
    it("findResolver: the name's own resolver at offset 0, an ancestor's at the ancestor's offset, none for the root", async () => {
      const f = await loadFixture(namesFixture);
      const wild = await new Dm3AliasTestWildcardResolver__factory(f.accounts[6]).deploy(false, []);
      await registerName(f, "wild.eth", f.accounts[6]);
      await (await ENSRegistry__factory.connect(f.ens.registry, f.accounts[6]).setResolver(namehash("wild.eth"), await wild.getAddress())).wait();
      expect(await f.universal.findResolver(dnsEncode("alice.eth"))).to.deep.equal([f.ens.resolver, namehash("alice.eth"), 0n]);
      expect(await f.universal.findResolver(dnsEncode("x.y.wild.eth"))).to.deep.equal([await wild.getAddress(), namehash("x.y.wild.eth"), 4n]);
      // no resolver: the offset is the root's (the terminator's), as in ENS's UniversalResolver
      expect(await f.universal.findResolver(dnsEncode("nobody.eth"))).to.deep.equal([ZeroAddress, namehash("nobody.eth"), 11n]);
      expect(await f.universal.findResolver("0x00")).to.deep.equal([ZeroAddress, ZeroHash, 0n]);
      expect(await f.provider.getResolver("x.y.wild.eth").then((r) => r?.address)).to.equal(await wild.getAddress());
    });

    it("findResolver refuses malformed DNS encodings with Dm3MalformedDnsName(name)", async () => {
      const f = await loadFixture(namesFixture);
      for (const bad of [
        "0x", // empty: not even the root's terminator
        "0x03616263", // "abc" without terminator
        "0x0561626300", // length byte runs past the end
        "0x00ff", // bytes after the root
        "0x0361626300ff", // bytes after the terminator
        "0xff" + "61".repeat(10), // 255-byte label, 10 bytes present
      ]) {
        await expect(f.universal.findResolver(bad), bad).to.be.revertedWithCustomError(f.universal, "Dm3MalformedDnsName").withArgs(bad);
      }
    });

    it("resolveDm3: the root has no resolver (Dm3ResolverNotFound), malformed input is refused by the alias registry first", async () => {
      const f = await loadFixture(namesFixture);
      await expect(f.universal.resolveDm3("0x00")).to.be.revertedWithCustomError(f.universal, "Dm3ResolverNotFound").withArgs("0x00");
      const missing = dnsEncode("nobody.eth");
      await expect(f.universal.resolveDm3(missing)).to.be.revertedWithCustomError(f.universal, "Dm3ResolverNotFound").withArgs(missing);
      for (const bad of ["0x", "0x0561626300", "0x0361626300ff"]) {
        await expect(f.universal.resolveDm3(bad), bad).to.be.revertedWithCustomError(f.registry, "Dm3MalformedDnsName").withArgs(bad);
      }
    });

    it("resolves a 42-label name longer than 255 bytes through a wildcard ancestor, as ethers does", async () => {
      const f = await loadFixture(namesFixture);
      const owner = f.accounts[6];
      const wild = await new Dm3AliasTestWildcardResolver__factory(owner).deploy(false, []);
      await (await wild.setAnswers(await owner.getAddress(), "deep")).wait();
      await registerName(f, "wild.eth", owner);
      await (await ENSRegistry__factory.connect(f.ens.registry, owner).setResolver(namehash("wild.eth"), await wild.getAddress())).wait();
      const labels = Array.from({ length: 40 }, (_, i) => `label-${String(i).padStart(2, "0")}`);
      const name = [...labels, "wild.eth"].join(".");
      const dns = dnsEncode(name, 255);
      expect((dns.length - 2) / 2).to.be.greaterThan(255);
      expect(await f.universal.findResolver(dns)).to.deep.equal([await wild.getAddress(), namehash(name), BigInt(40 * 9)]);
      const r = await ours(f, name);
      expect(r).to.deep.equal({ addr: await owner.getAddress(), profile: "deep", extended: true, resolver: await wild.getAddress() });
      expect({ addr: r.addr, profile: r.profile }).to.deep.equal(await viaEthers(f.provider, name));
    });
  });

  describe("a resolver without ENSIP-10", () => {
    it("a record call that reverts (not OffchainLookup) means no record, like ethers", async () => {
      const { f, mock, resolver } = await loadFixture(plainRawFixture);
      await reply(mock, ADDR, true, OTHER);
      await reply(mock, TEXT, false, encText("only text"));
      expect(await ours(f, "raw.eth")).to.deep.equal({ addr: ZeroAddress, profile: "only text", extended: false, resolver });
      expect(await viaEthers(f.provider, "raw.eth")).to.deep.equal({ addr: ZeroAddress, profile: "only text" });

      const bob = await f.accounts[7].getAddress();
      await reply(mock, ADDR, false, encAddr(bob));
      await reply(mock, TEXT, true, OTHER);
      expect(await ours(f, "raw.eth")).to.deep.equal({ addr: bob, profile: "", extended: false, resolver });
      expect(await viaEthers(f.provider, "raw.eth")).to.deep.equal({ addr: bob, profile: "" });
      await reply(mock, TEXT, true, "0x"); // a bare revert is no record too (ethers throws a RangeError on it)
      expect(await ours(f, "raw.eth")).to.deep.equal({ addr: bob, profile: "", extended: false, resolver });
    });

    it("a record call that raises OffchainLookup fails with Dm3ResolverCallFailed, instead of answering \"no record\" (ethers follows the lookup)", async () => {
      const { f, mock, resolver } = await loadFixture(plainRawFixture);
      const bob = await f.accounts[7].getAddress();
      const gateway = await startMockGateway({ "raw.eth": { addr: bob, text: "unused" } });
      try {
        const callback = mock.interface.getFunction("callback").selector;
        const callData = abi.encode(["bytes", "bytes"], [dnsEncode("raw.eth"), reads.encodeFunctionData("addr", [namehash("raw.eth")])]);
        const addrLookup = lookup(resolver, [gateway.urlTemplate], callData, callback, "0x");
        await reply(mock, ADDR, true, addrLookup);
        await reply(mock, callback, false, encAddr(bob)); // what the resolver's callback makes of the gateway's answer
        await reply(mock, TEXT, false, encText("on-chain text"));
        // ethers follows the resolver's own lookup and finds bob's address
        expect(await viaEthers(f.provider, "raw.eth")).to.deep.equal({ addr: bob, profile: "on-chain text" });
        expect(gateway.requests).to.have.length(1);
        // two per-record lookups cannot be batched into one, so the universal resolver fails rather than answer "no address"
        await expect(f.universal.resolveDm3(dnsEncode("raw.eth")))
          .to.be.revertedWithCustomError(f.universal, "Dm3ResolverCallFailed")
          .withArgs(resolver, addrLookup);
        // same for the text record
        await reply(mock, ADDR, false, encAddr(bob));
        await reply(mock, TEXT, true, addrLookup);
        await expect(f.universal.resolveDm3(dnsEncode("raw.eth")))
          .to.be.revertedWithCustomError(f.universal, "Dm3ResolverCallFailed")
          .withArgs(resolver, addrLookup);
      } finally {
        await gateway.close();
      }
    });

    it("empty answers mean no record; a raw 20-byte address is accepted", async () => {
      const { f, mock, resolver } = await loadFixture(plainRawFixture);
      await reply(mock, ADDR, false, "0x");
      await reply(mock, TEXT, false, "0x");
      expect(await ours(f, "raw.eth")).to.deep.equal({ addr: ZeroAddress, profile: "", extended: false, resolver });
      const bob = await f.accounts[7].getAddress();
      await reply(mock, ADDR, false, bob.toLowerCase());
      expect((await ours(f, "raw.eth")).addr).to.equal(bob);
    });

    it("a malformed addr or text answer: Dm3ResolverMalformedAnswer(resolver, answer)", async () => {
      const { f, mock, resolver } = await loadFixture(plainRawFixture);
      const dns = dnsEncode("raw.eth");
      await reply(mock, TEXT, false, "0x");
      for (const bad of ["0x" + "11".repeat(31), "0x" + "11".repeat(33), "0x01" + "00".repeat(11) + "22".repeat(20)]) {
        await reply(mock, ADDR, false, bad);
        await expect(f.universal.resolveDm3(dns), bad).to.be.revertedWithCustomError(f.universal, "Dm3ResolverMalformedAnswer").withArgs(resolver, bad);
      }
      await reply(mock, ADDR, false, "0x");
      const shortText = "0x" + "00".repeat(31) + "20";
      await reply(mock, TEXT, false, shortText);
      await expect(f.universal.resolveDm3(dns)).to.be.revertedWithCustomError(f.universal, "Dm3ResolverMalformedAnswer").withArgs(resolver, shortText);
    });
  });

  describe("an ENSIP-10 resolver", () => {
    it("answers addr and text from one on-chain multicall, as ethers answers them one by one", async () => {
      const { f, mock, resolver } = await loadFixture(extendedRawFixture);
      const bob = await f.accounts[7].getAddress();
      await reply(mock, MULTICALL, false, multicallAnswer([encAddr(bob), encText("multi")]));
      await reply(mock, ADDR, false, asBytes(encAddr(bob))); // for ethers, which does not batch
      await reply(mock, TEXT, false, asBytes(encText("multi")));
      expect(await ours(f, "x.raw.eth")).to.deep.equal({ addr: bob, profile: "multi", extended: true, resolver });
      expect(await viaEthers(f.provider, "x.raw.eth")).to.deep.equal({ addr: bob, profile: "multi" });
    });

    it("a malformed multicall answer: Dm3ResolverMalformedAnswer with the bytes that did not decode", async () => {
      const { f, mock, resolver } = await loadFixture(extendedRawFixture);
      const dns = dnsEncode("x.raw.eth");
      const cases: Array<[string, string]> = [];
      const tooShort = "0x" + "00".repeat(63);
      cases.push([tooShort, tooShort]); // not even an ABI `bytes`
      const shortInner = "0x" + "ab".repeat(10);
      cases.push([asBytes(shortInner), shortInner]); // `bytes` too short for a `bytes[]`
      const three = abi.encode(["bytes[]"], [[encAddr(ZeroAddress), encText("a"), encText("b")]]);
      cases.push([asBytes(three), three]); // three results
      const badAddr = "0x" + "ff".repeat(32);
      cases.push([multicallAnswer([badAddr, encText("a")]), badAddr]); // an addr that is not an address
      const badText = "0x" + "00".repeat(32);
      cases.push([multicallAnswer([encAddr(ZeroAddress), badText]), badText]); // a text too short for a string
      for (const [answer, reported] of cases) {
        await reply(mock, MULTICALL, false, answer);
        await expect(f.universal.resolveDm3(dns), answer).to.be.revertedWithCustomError(f.universal, "Dm3ResolverMalformedAnswer").withArgs(resolver, reported);
      }
    });

    it("a failing multicall falls back to one resolve() per record; a reverting record means no record, like ethers", async () => {
      const { f, mock, resolver } = await loadFixture(extendedRawFixture);
      await reply(mock, MULTICALL, true, OTHER);
      await reply(mock, ADDR, true, OTHER);
      await reply(mock, TEXT, false, asBytes(encText("per record")));
      expect(await ours(f, "x.raw.eth")).to.deep.equal({ addr: ZeroAddress, profile: "per record", extended: true, resolver });
      expect(await viaEthers(f.provider, "x.raw.eth")).to.deep.equal({ addr: ZeroAddress, profile: "per record" });
    });

    it("fallback: a record that raises OffchainLookup fails with the multicall's revert data; a short answer is malformed", async () => {
      const { f, mock, resolver } = await loadFixture(extendedRawFixture);
      const dns = dnsEncode("x.raw.eth");
      await reply(mock, MULTICALL, true, OTHER);
      await reply(mock, ADDR, true, lookup(resolver, ["http://127.0.0.1:9/{data}"]));
      await reply(mock, TEXT, false, asBytes(encText("unused")));
      await expect(f.universal.resolveDm3(dns)).to.be.revertedWithCustomError(f.universal, "Dm3ResolverCallFailed").withArgs(resolver, OTHER);
      const short = "0x" + "00".repeat(32);
      await reply(mock, ADDR, false, short);
      await expect(f.universal.resolveDm3(dns)).to.be.revertedWithCustomError(f.universal, "Dm3ResolverMalformedAnswer").withArgs(resolver, short);
    });

    it("refuses an OffchainLookup whose sender is not the resolver (EIP-3668): Dm3ResolverLookupSenderMismatch", async () => {
      const { f, mock, resolver } = await loadFixture(extendedRawFixture);
      const other = await f.accounts[8].getAddress();
      await reply(mock, MULTICALL, true, lookup(other, ["http://127.0.0.1:9/{sender}/{data}"]));
      await expect(f.universal.resolveDm3(dnsEncode("x.raw.eth")))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverLookupSenderMismatch")
        .withArgs(resolver, other);
    });

    it("re-raises a lookup as its own: every {sender} replaced by the resolver, other URLs untouched, only the name in extraData", async () => {
      const { f, mock, resolver } = await loadFixture(extendedRawFixture);
      const urls = ["https://a.example/{sender}/{data}.json?s={sender}", "https://b.example/{data}", "{sender}", "https://c.example/{sende"];
      await reply(mock, MULTICALL, true, lookup(resolver, urls, "0x1234", "0xdeadbeef", "0xabcd"));
      const lower = resolver.toLowerCase();
      const name = dnsEncode("x.raw.eth");
      const expectedExtra = abi.encode(CALLBACK_EXTRA, [name, []]);
      await expect(f.universal.resolveDm3(name))
        .to.be.revertedWithCustomError(f.universal, "OffchainLookup")
        .withArgs(
          await f.universal.getAddress(),
          [`https://a.example/${lower}/{data}.json?s=${lower}`, "https://b.example/{data}", lower, "https://c.example/{sende"],
          "0x1234",
          f.universal.interface.getFunction("resolveDm3Callback").selector,
          expectedExtra,
        );
    });

    it("an OffchainLookup selector without arguments reverts without a reason (it does not decode)", async () => {
      const { f, mock } = await loadFixture(extendedRawFixture);
      await reply(mock, MULTICALL, true, lookupIface.getError("OffchainLookup")!.selector);
      await expect(f.universal.resolveDm3(dnsEncode("x.raw.eth"))).to.be.revertedWithoutReason();
    });
  });

  describe("resolveDm3Callback", () => {
    /** `x.raw.eth` on an ENSIP-10 raw mock whose multicall raises a lookup answered by its `callback`. */
    async function callbackSetup() {
      const s = await rawResolver(await namesFixture(), true);
      const callback = s.mock.interface.getFunction("callback").selector;
      const name = dnsEncode("x.raw.eth");
      await reply(s.mock, MULTICALL, true, lookup(s.resolver, ["https://first.example/{sender}"], "0x11", callback, "0x22"));
      const extraData = abi.encode(CALLBACK_EXTRA, [name, []]);
      return { ...s, callback, name, extraData };
    }

    it("finishes the resolution from the inner callback's multicall answer", async () => {
      const { f, mock, resolver, callback, name, extraData } = await loadFixture(callbackSetup);
      const bob = await f.accounts[7].getAddress();
      await reply(mock, callback, false, multicallAnswer([encAddr(bob), encText("called back")]));
      const r = await f.universal.resolveDm3Callback("0x", extraData);
      expect([r.name, r.aliased, r.node, r.resolver, r.extended, r.addr, r.profile]).to.deep.equal([name, false, namehash("x.raw.eth"), resolver, true, bob, "called back"]);
    });

    it("an inner callback that reverts: Dm3ResolverCallFailed(resolver, its revert data)", async () => {
      const { f, mock, resolver, callback, extraData } = await loadFixture(callbackSetup);
      await reply(mock, callback, true, OTHER);
      await expect(f.universal.resolveDm3Callback("0x", extraData)).to.be.revertedWithCustomError(f.universal, "Dm3ResolverCallFailed").withArgs(resolver, OTHER);
      await reply(mock, callback, false, "0x" + "00".repeat(10));
      await expect(f.universal.resolveDm3Callback("0x", extraData))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverMalformedAnswer")
        .withArgs(resolver, "0x" + "00".repeat(10));
    });

    it("an inner callback that looks up again is passed on with itself as sender, the responses so far in extraData (EIP-3668 chained lookups)", async () => {
      const { f, mock, resolver, callback, name, extraData } = await loadFixture(callbackSetup);
      await reply(mock, callback, true, lookup(resolver, ["https://second.example/{sender}"], "0x99", callback, "0x77"));
      const selector = f.universal.interface.getFunction("resolveDm3Callback").selector;
      await expect(f.universal.resolveDm3Callback("0xaa", extraData))
        .to.be.revertedWithCustomError(f.universal, "OffchainLookup")
        .withArgs(await f.universal.getAddress(), [`https://second.example/${resolver.toLowerCase()}`], "0x99", selector, abi.encode(CALLBACK_EXTRA, [name, ["0xaa"]]));
      // The second callback replays the first response, then feeds the second.
      await expect(f.universal.resolveDm3Callback("0xbb", abi.encode(CALLBACK_EXTRA, [name, ["0xaa"]])))
        .to.be.revertedWithCustomError(f.universal, "OffchainLookup")
        .withArgs(await f.universal.getAddress(), [`https://second.example/${resolver.toLowerCase()}`], "0x99", selector, abi.encode(CALLBACK_EXTRA, [name, ["0xaa", "0xbb"]]));
      // Once the resolver answers, the chain ends with the answer.
      const bob = await f.accounts[7].getAddress();
      await reply(mock, callback, false, multicallAnswer([encAddr(bob), encText("end of chain")]));
      expect((await f.universal.resolveDm3Callback("0xbb", abi.encode(CALLBACK_EXTRA, [name, []]))).profile).to.equal("end of chain");
    });

    it("a replayed chain that no longer leads to a lookup: Dm3ResolverUnexpectedCallback, or the earlier response's failure", async () => {
      const { f, mock, resolver, callback, name } = await loadFixture(callbackSetup);
      const bob = await f.accounts[7].getAddress();
      // The first (replayed) callback now answers at once: the extra response has no lookup left to answer.
      await reply(mock, callback, false, multicallAnswer([encAddr(bob), encText("answered")]));
      await expect(f.universal.resolveDm3Callback("0xbb", abi.encode(CALLBACK_EXTRA, [name, ["0xaa"]])))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverUnexpectedCallback")
        .withArgs(name);
      // The earlier response no longer verifies (e.g. it expired): the resolver's refusal.
      await reply(mock, callback, true, OTHER);
      await expect(f.universal.resolveDm3Callback("0xbb", abi.encode(CALLBACK_EXTRA, [name, ["0xaa"]])))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverCallFailed")
        .withArgs(resolver, OTHER);
      // A replayed lookup from another sender is refused as in resolveDm3.
      const other = await f.accounts[8].getAddress();
      await reply(mock, callback, true, lookup(other, ["https://x.example/"], "0x99", callback, "0x77"));
      await expect(f.universal.resolveDm3Callback("0xbb", abi.encode(CALLBACK_EXTRA, [name, ["0xaa"]])))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverLookupSenderMismatch")
        .withArgs(resolver, other);
    });

    it("a name whose resolver answers without a lookup, or is not ENSIP-10: Dm3ResolverUnexpectedCallback", async () => {
      const { f, mock, name } = await loadFixture(callbackSetup);
      await reply(mock, MULTICALL, false, multicallAnswer([encAddr(ZeroAddress), encText("on-chain")]));
      await expect(f.universal.resolveDm3Callback("0x", abi.encode(CALLBACK_EXTRA, [name, []])))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverUnexpectedCallback")
        .withArgs(name);
      await reply(mock, MULTICALL, true, OTHER); // reverts with something else: not a lookup either
      await expect(f.universal.resolveDm3Callback("0x", abi.encode(CALLBACK_EXTRA, [name, []]))).to.be.revertedWithCustomError(f.universal, "Dm3ResolverUnexpectedCallback");
      const alice = dnsEncode("alice.eth"); // ENS's PublicResolver: no ENSIP-10
      await expect(f.universal.resolveDm3Callback("0x", abi.encode(CALLBACK_EXTRA, [alice, []])))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverUnexpectedCallback")
        .withArgs(alice);
    });

    it("a response to another request is refused by the resolver itself, as Dm3ResolverCallFailed; extraData that does not decode reverts", async () => {
      const f = await loadFixture(namesFixture);
      const owner = f.accounts[6];
      const wild = await new Dm3AliasTestWildcardResolver__factory(owner).deploy(true, ["http://127.0.0.1:9/{sender}/{data}.json"]);
      const wildAddress = await wild.getAddress();
      await registerName(f, "wild.eth", owner);
      await (await ENSRegistry__factory.connect(f.ens.registry, owner).setResolver(namehash("wild.eth"), wildAddress)).wait();
      const extraData = abi.encode(CALLBACK_EXTRA, [dnsEncode("x.wild.eth"), []]);
      const response = abi.encode(["bytes", "bytes32"], [multicallAnswer([encAddr(ZeroAddress), encText("")]), id("another request")]);
      await expect(f.universal.resolveDm3Callback(response, extraData))
        .to.be.revertedWithCustomError(f.universal, "Dm3ResolverCallFailed")
        .withArgs(wildAddress, wild.interface.getError("Dm3AliasTestWrongRequest")!.selector);
      await expect(f.universal.resolveDm3Callback(response, "0x1234")).to.be.revertedWithoutReason(); // extraData that does not decode
    });
  });

  it("resolveDm3Name (SDK) reports a malformed answer as RESOLUTION_FAILED with the contract error's name", async () => {
    const { f, mock } = await loadFixture(plainRawFixture);
    await reply(mock, ADDR, false, "0x" + "11".repeat(31));
    await reply(mock, TEXT, false, "0x");
    const caught = await expectRejection(resolveDm3Name(f.provider, "raw.eth", { universalResolver: f.alias.universalResolver }), Dm3ResolutionError);
    expect(caught).to.deep.include({ code: "RESOLUTION_FAILED", reason: "Dm3ResolverMalformedAnswer", ensName: "raw.eth" });
  });
});
