import { expect } from "chai";
import hre from "hardhat";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { BrowserProvider, namehash, type Signer } from "ethers";
import { Dm3AliasTestWildcardResolver__factory, Dm3FirstComeRegistrar__factory, ENSRegistry__factory, PublicResolver__factory } from "../../typechain-types";
import { countingEnsProvider, type CountingEnsProvider } from "../../bench/util";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { NoResolverError } from "../../src/resolution/errors";
import { Dm3ResolutionError, resolveDm3Name, ResolverNotWildcardError, type Dm3NameResolution } from "../../src/resolution";
import { SchemaViolationError } from "../../src/profile";
import { InvalidNameError } from "../../src/names/errors";
import { encodeRecords } from "../../src/registry/records";
import { recordGas } from "../helpers/gas";
import { registerName } from "../helpers/ens";
import { namesFixture, type AliasFixture, ALICE_RECORD, DAVE_RECORD } from "./fixtures";
import { startMockGateway } from "./mockGateway";
import { expectRejection } from "../helpers/expect";

/** A provider with ENS over the in-process chain that counts JSON-RPC requests and CCIP-Read HTTP fetches. */
function countingProvider(): Promise<CountingEnsProvider> {
  return countingEnsProvider(hre.network.provider);
}

/** What ethers' own resolver says about `name`: resolver walk + getText, and resolveName. */
async function viaEthers(provider: BrowserProvider, name: string): Promise<{ address: string | null; profileRecord: string | null }> {
  const resolver = await provider.getResolver(name);
  const text = resolver ? await resolver.getText(PROFILE_RECORD_KEY) : null;
  return { address: await provider.resolveName(name), profileRecord: text === "" ? null : text };
}

function records(r: Dm3NameResolution) {
  return { address: r.address, profileRecord: r.profileRecord };
}

async function setResolver(f: AliasFixture, name: string, owner: Signer, resolver: string): Promise<void> {
  await registerName(f, name, owner);
  await (await ENSRegistry__factory.connect(f.ens.registry, owner).setResolver(namehash(name), resolver)).wait();
}

describe("Dm3UniversalResolver", () => {
  it("resolves an on-chain name in exactly one JSON-RPC request, with what ethers' resolver returns", async () => {
    const f = await loadFixture(namesFixture);
    const c = await countingProvider();
    c.reset();
    const ours = await resolveDm3Name(c.provider, "alice.eth", { universalResolver: f.alias.universalResolver });
    expect(c.counting.total()).to.equal(1);
    expect(c.counting.counts.get("eth_call")).to.equal(1); // plus ethers' own eth_chainId check, which total() ignores
    expect(ours).to.deep.include({ canonicalName: "alice.eth", input: "alice.eth", resolver: f.ens.resolver, extended: false, node: namehash("alice.eth") });
    expect(ours.alias).to.equal(undefined);
    expect(records(ours)).to.deep.equal({ address: await f.accounts[2].getAddress(), profileRecord: ALICE_RECORD });
    expect(records(ours)).to.deep.equal(await viaEthers(f.provider, "alice.eth"));

    const data = f.universal.interface.encodeFunctionData("resolveDm3", ["0x05616c6963650365746800"]);
    recordGas("Alias.Dm3UniversalResolver.resolveDm3 (eth_estimateGas, on-chain name)", await hre.ethers.provider.estimateGas({ to: f.alias.universalResolver, data }));
  });

  it("resolves dave.gno, DAVE.gno and a full-width variant to dave.gnosis.dm3.eth in one request each, as ethers resolves the canonical name", async () => {
    const f = await loadFixture(namesFixture);
    const c = await countingProvider();
    const expected = await viaEthers(f.provider, "dave.gnosis.dm3.eth");
    expect(expected).to.deep.equal({ address: await f.accounts[5].getAddress(), profileRecord: DAVE_RECORD });
    for (const input of ["dave.gno", "DAVE.gno", "Dave.GNO", "ｄａｖｅ.gno"]) {
      c.reset();
      const ours = await resolveDm3Name(c.provider, input, { universalResolver: f.alias.universalResolver });
      expect(c.counting.total(), input).to.equal(1);
      expect(ours).to.deep.include({ canonicalName: "dave.gnosis.dm3.eth", alias: "dave.gno", input });
      expect(records(ours), input).to.deep.equal(expected);
    }
    // the canonical name itself resolves the same, without an alias
    const direct = await resolveDm3Name(c.provider, "dave.gnosis.dm3.eth", { universalResolver: f.alias.universalResolver });
    expect(direct.alias).to.equal(undefined);
    expect(records(direct)).to.deep.equal(expected);
  });

  it("resolveDm3Profile: a signed dm3 profile under an alias verifies against the name's address (profile SDK)", async () => {
    const f = await loadFixture(namesFixture);
    const { profileRecord } = await import("../registry/fixtures");
    const { resolveDm3Profile } = await import("../../src/profile");
    const dave = f.accounts[5];
    const { record, signed } = await profileRecord(dave);
    await (await PublicResolver__factory.connect(f.ens.resolver, dave).setText(namehash("dave.gnosis.dm3.eth"), PROFILE_RECORD_KEY, record)).wait();
    const resolved = await resolveDm3Profile(f.provider, "DAVE.gno", { universalResolver: f.alias.universalResolver });
    expect(resolved).to.deep.include({ canonicalName: "dave.gnosis.dm3.eth", alias: "dave.gno", valid: true, method: "eoa", format: "data" });
    expect(resolved.signedProfile).to.deep.equal(signed);
    const other = await expectRejection(resolveDm3Profile(f.provider, "alice.eth", { universalResolver: f.alias.universalResolver }), SchemaViolationError);
    expect(other.code).to.equal("SCHEMA_VIOLATION");
  });

  it("refuses input that cannot be normalized with a typed error (no RPC request)", async () => {
    const f = await loadFixture(namesFixture);
    const c = await countingProvider();
    c.reset();
    for (const bad of ["dave..gno", "da ve.gno", "dave_x.gno"]) {
      await expectRejection(resolveDm3Name(c.provider, bad, { universalResolver: f.alias.universalResolver }), InvalidNameError);
    }
    expect(c.counting.total()).to.equal(0);
  });

  it("answers null records for a name without them, like ethers", async () => {
    const f = await loadFixture(namesFixture);
    const ours = await resolveDm3Name(f.provider, "nodata.eth", { universalResolver: f.alias.universalResolver });
    expect(records(ours)).to.deep.equal({ address: await f.accounts[3].getAddress(), profileRecord: null });
    expect(records(ours)).to.deep.equal(await viaEthers(f.provider, "nodata.eth"));
  });

  it("a name without resolver: NoResolverError (ethers: no resolver)", async () => {
    const f = await loadFixture(namesFixture);
    expect(await f.provider.getResolver("nobody.eth")).to.equal(null);
    const caught = await expectRejection(resolveDm3Name(f.provider, "nobody.eth", { universalResolver: f.alias.universalResolver }), NoResolverError);
    expect(caught.code).to.equal("NO_RESOLVER");
    await expect(f.universal.resolveDm3("0x0361")).to.be.revertedWithCustomError(f.registry, "Dm3MalformedDnsName");
  });

  it("an ancestor resolver without ENSIP-10 support: ResolverNotWildcardError (ethers: no resolver)", async () => {
    const f = await loadFixture(namesFixture);
    expect(await f.provider.getResolver("sub.alice.eth")).to.equal(null);
    const caught = await expectRejection(resolveDm3Name(f.provider, "sub.alice.eth", { universalResolver: f.alias.universalResolver }), ResolverNotWildcardError);
    expect(caught.resolver).to.equal(f.ens.resolver);
  });

  it("an on-chain wildcard resolver without multicall: one resolve() per record, same answer as ethers", async () => {
    const f = await loadFixture(namesFixture);
    const owner = f.accounts[6];
    const mock = await new Dm3AliasTestWildcardResolver__factory(owner).deploy(false, []);
    await (await mock.setAnswers(await owner.getAddress(), "wildcard text")).wait();
    await setResolver(f, "wild.eth", owner, await mock.getAddress());
    const c = await countingProvider();
    c.reset();
    const ours = await resolveDm3Name(c.provider, "x.y.wild.eth", { universalResolver: f.alias.universalResolver });
    expect(c.counting.total()).to.equal(1);
    expect(ours).to.deep.include({ canonicalName: "x.y.wild.eth", extended: true, resolver: await mock.getAddress() });
    expect(records(ours)).to.deep.equal({ address: await owner.getAddress(), profileRecord: "wildcard text" });
    expect(records(ours)).to.deep.equal(await viaEthers(f.provider, "x.y.wild.eth"));
  });

  it("passes a CCIP-Read lookup on (itself as sender, {sender} = the inner resolver): 2 RPC + 1 HTTP, same answer as ethers", async () => {
    const f = await loadFixture(namesFixture);
    const bob = await f.accounts[7].getAddress();
    const gateway = await startMockGateway({ "bob.off.eth": { addr: bob, text: "bob's record" } });
    try {
      const owner = f.accounts[6];
      const mock = await new Dm3AliasTestWildcardResolver__factory(owner).deploy(true, [gateway.urlTemplate]);
      await setResolver(f, "off.eth", owner, await mock.getAddress());
      await (await f.registry.setAlias("off", "off.eth")).wait(); // "off" is not an ENS top level
      const c = await countingProvider();
      c.reset();
      const ours = await resolveDm3Name(c.provider, "BOB.off", { universalResolver: f.alias.universalResolver });
      expect({ rpc: c.counting.total(), http: gateway.requests.length }).to.deep.equal({ rpc: 2, http: 1 });
      expect(gateway.requests[0].sender).to.equal((await mock.getAddress()).toLowerCase());
      expect(ours).to.deep.include({ canonicalName: "bob.off.eth", alias: "bob.off", extended: true, address: bob, profileRecord: "bob's record" });
      expect(records(ours)).to.deep.equal(await viaEthers(f.provider, "bob.off.eth"));
    } finally {
      await gateway.close();
    }
  });

  it("a gateway failure becomes a Dm3ResolutionError", async () => {
    const f = await loadFixture(namesFixture);
    const owner = f.accounts[6];
    const mock = await new Dm3AliasTestWildcardResolver__factory(owner).deploy(true, ["http://127.0.0.1:9/{sender}/{data}.json"]);
    await setResolver(f, "down.eth", owner, await mock.getAddress());
    const caught = await expectRejection(resolveDm3Name(f.provider, "x.down.eth", { universalResolver: f.alias.universalResolver }), Dm3ResolutionError);
    expect(caught.code).to.equal("RESOLUTION_FAILED");
  });

  describe("through the layer-2 stack (Dm3L2Registry + gateway + Dm3L1Resolver)", () => {
    it("resolves carol.op (op -> l2.dm3.eth) to carol.l2.dm3.eth on L2: 2 RPC + 1 HTTP, same answer as ethers", async function () {
      this.timeout(120_000);
      const f = await loadFixture(namesFixture);
      const { l2 } = await import("../registry/l2");
      const { deployL2Stack } = await import("../../deploy/l2Stack");
      const chain = await l2();
      await registerName(f, "l2.dm3.eth", f.accounts[1]);
      const l1Ctx = { ...f.ctx, manifest: structuredClone(f.ctx.manifest), manifestFile: path.join(os.tmpdir(), `dm3kit-alias-l2-${process.pid}-${Date.now()}.json`) };
      const stack = await deployL2Stack({ l1Ctx, l2: { url: chain.chain.url, manifestFile: l1Ctx.manifestFile.replace(/\.json$/, "-l2.json") }, parentName: "l2.dm3.eth" });
      try {
        const carol = chain.accounts[4];
        const carolAddress = await carol.getAddress();
        const record = "data:application/json," + JSON.stringify({ carol: true, padding: "y".repeat(200) });
        const registrar = Dm3FirstComeRegistrar__factory.connect(stack.registrar, carol);
        const label = `carol${Date.now() % 100000}`;
        await (await registrar.register(label, carolAddress, encodeRecords(namehash(`${label}.l2.dm3.eth`), { addr: carolAddress, texts: { [PROFILE_RECORD_KEY]: record } }))).wait();
        await (await f.registry.setAlias("op", "l2.dm3.eth")).wait();

        const c = await countingProvider();
        c.reset();
        const ours = await resolveDm3Name(c.provider, `${label}.op`, { universalResolver: f.alias.universalResolver });
        expect({ rpc: c.counting.total(), http: c.http() }).to.deep.equal({ rpc: 2, http: 1 });
        expect(ours).to.deep.include({
          canonicalName: `${label}.l2.dm3.eth`,
          alias: `${label}.op`,
          resolver: stack.l1Resolver,
          extended: true,
          address: carolAddress,
          profileRecord: record,
        });
        expect(records(ours)).to.deep.equal(await viaEthers(c.provider, `${label}.l2.dm3.eth`));
      } finally {
        await stack.close();
      }
    });
  });
});
