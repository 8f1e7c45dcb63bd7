import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { propertyRuns } from "../helpers/coverage";
import { AbiCoder, Interface, ZeroAddress, ZeroHash, concat, keccak256, ensNormalize, getBytes, hexlify, toUtf8Bytes } from "ethers";
import { Dm3DnsNameTestHarness__factory, Dm3L2Registry__factory } from "../../typechain-types";
import { decodeDnsLabels, dnsEncode, namehash } from "../../src/names";
import { namesFixture } from "../alias/fixtures";

// Finding 5 of the security review (issue 8): the DNS-name walkers were recursive and ran out of
// EVM stack at ~90-110 labels, inside the 255-byte DNS limit. Every on-chain walker (the library,
// the L2 registry's resolve, the alias registry's canonicalName/aliasedName, the universal
// resolver's findResolver) must agree with the SDK's decoder on every name up to 127 labels.

const abi = AbiCoder.defaultAbiCoder();
const reads = new Interface(["function addr(bytes32) view returns (address)"]);

/** The DNS wire form of `labels` (any labels, no normalization), as 0x-hex. */
function encodeLabels(labels: string[]): string {
  return hexlify(concat([...labels.flatMap((l) => [Uint8Array.of(toUtf8Bytes(l).length), toUtf8Bytes(l)]), Uint8Array.of(0)]));
}

/** ENSIP-1 namehash of `labels` with the SDK (the root, which it refuses as a name, is zero). */
function nodeOf(labels: string[]): string {
  return labels.length === 0 ? ZeroHash : namehash(labels.join("."));
}

/** ENSIP-1 namehash of raw labels, normalized or not (the model of the on-chain walkers for any bytes). */
function rawNodeOf(labels: string[]): string {
  return labels.reduceRight((node, l) => keccak256(concat([node, keccak256(toUtf8Bytes(l))])), ZeroHash);
}

/** Offsets of the labels' length bytes in the wire form. */
function offsetsOf(labels: string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const l of labels) {
    out.push(at);
    at += 1 + toUtf8Bytes(l).length;
  }
  return out;
}

/** The ENS names with a resolver in `namesFixture` that generated names can end in (random labels start with a digit, so they never are one of these). */
const SUFFIXES = [[], ["eth"], ["dm3", "eth"], ["gnosis", "dm3", "eth"], ["dave", "gnosis", "dm3", "eth"], ["alice", "eth"], ["gno"], ["x", "gno"]];

/** Normalized labels of one script each (Latin with é, Han, emoji), starting with a digit. */
const label = fc
  .tuple(
    fc.constantFrom(..."0123456789"),
    fc.oneof(
      fc.array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789é"), { maxLength: 20 }),
      fc.array(fc.constantFrom("日", "本", "語"), { maxLength: 6 }),
      fc.array(fc.constantFrom("🦊", "🚀"), { maxLength: 4 }),
    ),
  )
  .map(([digit, rest]) => digit + rest.join(""))
  .filter((l) => ensNormalize(l) === l);

/** Labels of a name that fits the 255-byte DNS limit: random labels (drawn from the front) then a known suffix. */
function fitting(random: string[], suffix: string[]): string[] {
  const labels = [...random, ...suffix];
  while (toUtf8Bytes(labels.join(".")).length + 2 > 255 && labels.length > suffix.length) labels.shift();
  return labels.length === 0 ? [] : labels;
}

const names = fc.oneof(
  // Mostly short names (a few labels, any of the scripts)...
  { weight: 12, arbitrary: fc.tuple(fc.array(label, { maxLength: 127, size: "small" }), fc.constantFrom(...SUFFIXES)).map(([random, suffix]) => fitting(random, suffix)) },
  // ...some long ones, up to the byte limit...
  { weight: 1, arbitrary: fc.tuple(fc.array(label, { maxLength: 127, size: "medium" }), fc.constantFrom(...SUFFIXES)).map(([random, suffix]) => fitting(random, suffix)) },
  // ...and deep ones: 90 to 127 one-character labels (127 of them make exactly 255 bytes).
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 90, max: 127 }), fc.constantFrom(...SUFFIXES)).map(([n, suffix]) => fitting(Array.from({ length: n }, (_, i) => String(i % 10)), suffix)) },
);

async function walkersFixture() {
  const f = await namesFixture(); // alias gno -> gnosis.dm3.eth; dave.gnosis.dm3.eth, alice.eth with resolvers
  const [deployer] = await hre.ethers.getSigners();
  const harness = await new Dm3DnsNameTestHarness__factory(deployer).deploy();
  const l2Registry = await new Dm3L2Registry__factory(deployer).deploy(dnsEncode("l2.dm3.eth"), deployer.address, "dm3", "DM3");
  // The ENSIP-10 model: which of the known suffixes have a resolver, asked once.
  const resolvers = new Map<string, string>();
  for (const suffix of SUFFIXES) {
    const node = nodeOf(suffix);
    const ens = new Interface(["function resolver(bytes32) view returns (address)"]);
    const [resolver] = ens.decodeFunctionResult("resolver", await hre.ethers.provider.call({ to: f.ens.registry, data: ens.encodeFunctionData("resolver", [node]) }));
    if (resolver !== ZeroAddress) resolvers.set(node, resolver);
  }
  return { ...f, harness, l2Registry, resolvers };
}

describe("Dm3DnsName and every on-chain DNS walker", () => {
  it("walks a 127-label name (255 bytes) instead of running out of stack: L2 registry, alias registry and universal resolver", async () => {
    const f = await loadFixture(namesFixture);
    const [deployer] = await hre.ethers.getSigners();
    const registry = await new Dm3L2Registry__factory(deployer).deploy(dnsEncode("l2.dm3.eth"), deployer.address, "dm3", "DM3");
    // 124 one-character labels under gnosis.dm3.eth (an aliased parent), and 127 one-character labels (255 bytes).
    const deep = [...Array.from({ length: 124 }, (_, i) => String(i % 10)), "gnosis", "dm3", "eth"];
    const dns = encodeLabels(deep);
    const deepest = encodeLabels(Array.from({ length: 127 }, (_, i) => String(i % 10)));
    expect(getBytes(deepest).length).to.equal(255);
    expect(decodeDnsLabels(dns)).to.deep.equal(deep);

    for (const name of [dns, deepest]) {
      const node = nodeOf(decodeDnsLabels(name));
      expect(await registry.resolve(name, reads.encodeFunctionData("addr", [node]))).to.equal(abi.encode(["address"], [ZeroAddress]));
      expect(await f.registry.canonicalName(name)).to.deep.equal([name, false]);
      const [, found] = await f.universal.findResolver(name);
      expect(found).to.equal(node);
    }
    // The alias rewrite of the deep name under gnosis.dm3.eth: ...gno.
    const [display, aliased] = await f.registry.aliasedName(dns);
    expect(aliased).to.equal(true);
    expect(decodeDnsLabels(display)).to.deep.equal([...deep.slice(0, -3), "gno"]);
    expect(await f.registry.aliasedName(deepest)).to.deep.equal([deepest, false]);
  });

  it("agrees with the SDK's decoder on every well-formed name of up to 127 labels (fast-check, 500 runs)", async function () {
    this.timeout(300_000);
    const f = await loadFixture(walkersFixture);
    await fc.assert(
      fc.asyncProperty(names, fc.nat(), async (labels, pick) => {
        const dns = labels.length === 0 ? "0x00" : dnsEncode(labels.join(".")); // the SDK encoder (it refuses the empty name)
        expect(dns).to.equal(encodeLabels(labels));
        expect(decodeDnsLabels(dns)).to.deep.equal(labels);
        const offsets = offsetsOf(labels);
        const nodes = labels.map((_, i) => nodeOf(labels.slice(i)));
        const node = nodeOf(labels);

        // The library: every suffix's namehash, and the namehash from one offset.
        const [libNodes, libOffsets] = await f.harness.suffixNodes(dns);
        expect(libNodes).to.deep.equal(nodes);
        expect(libOffsets.map(Number)).to.deep.equal(offsets);
        const k = labels.length === 0 ? 0 : pick % labels.length;
        const from = labels.length === 0 ? 0 : offsets[k];
        expect(await f.harness.namehash(dns, from)).to.equal(nodeOf(labels.slice(k)));
        if (k === 1) expect(await f.harness.labels(dns, from)).to.deep.equal([offsets.slice(k).map(BigInt), labels.slice(k).map((l) => keccak256(toUtf8Bytes(l)))]);

        // The L2 registry decodes the name to the same node (a call naming another node would revert).
        expect(await f.l2Registry.resolve(dns, reads.encodeFunctionData("addr", [node]))).to.equal(abi.encode(["address"], [ZeroAddress]));

        // The alias registry: gno -> gnosis.dm3.eth one way, the closest mapped parent the other way.
        const top = labels[labels.length - 1];
        const canonical = top === "gno" ? [...labels.slice(0, -1), "gnosis", "dm3", "eth"] : labels;
        expect(await f.registry.canonicalName(dns)).to.deep.equal([encodeLabels(canonical), top === "gno"]);
        const mapped = labels.findIndex((_, i) => labels.slice(i).join(".") === "gnosis.dm3.eth");
        const display = mapped < 0 ? labels : [...labels.slice(0, mapped), "gno"];
        expect(await f.registry.aliasedName(dns)).to.deep.equal([encodeLabels(display), mapped >= 0]);

        // The universal resolver: the closest suffix with a resolver (ENSIP-10).
        const hit = nodes.findIndex((n) => f.resolvers.has(n));
        const expected = hit < 0 ? [ZeroAddress, node, BigInt(getBytes(dns).length - 1)] : [f.resolvers.get(nodes[hit]), node, BigInt(offsets[hit])];
        expect(await f.universal.findResolver(dns)).to.deep.equal(expected);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("refuses exactly the malformed names the SDK's decoder refuses, everywhere with Dm3MalformedDnsName(name) (fast-check)", async function () {
    this.timeout(300_000);
    const f = await loadFixture(walkersFixture);
    // ASCII names with one length byte changed, bytes cut or bytes appended (all bytes < 0x80, so
    // the SDK's UTF-8 decoding never fails for another reason than the structure).
    const ascii = fc.array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { maxLength: 30 }).map((labels) => getBytes(encodeLabels(labels)));
    const mutated = fc
      .tuple(ascii, fc.nat(), fc.integer({ min: 0, max: 63 }), fc.nat(3), fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 3 }))
      .map(([bytes, at, value, cut, extra]) => {
        const out = Uint8Array.from(bytes);
        if (out.length > 0) out[at % out.length] = value;
        return hexlify(concat([out.slice(0, Math.max(0, out.length - cut)), Uint8Array.from(extra)]));
      });
    await fc.assert(
      fc.asyncProperty(mutated, async (dns) => {
        let labels: string[] | undefined;
        try {
          labels = decodeDnsLabels(dns);
        } catch {
          labels = undefined;
        }
        const calls = [
          () => f.harness.namehash(dns, 0),
          () => f.harness.suffixNodes(dns),
          () => f.harness.labels(dns, 0),
          () => f.l2Registry.resolve(dns, reads.encodeFunctionData("addr", [rawNodeOf(labels ?? [])])),
          () => f.registry.canonicalName(dns),
          () => f.registry.aliasedName(dns),
          () => f.universal.findResolver(dns),
        ];
        for (const call of calls) {
          if (labels) await call();
          else await expect(call()).to.be.revertedWithCustomError(f.harness, "Dm3MalformedDnsName").withArgs(dns);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
