import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CountingProvider } from "../../bench/util";
import { ensBrowserProvider } from "../../src/ens/provider";
import { AliasCache, AliasRegistryUnavailableError, AliasRejectedError, InvalidTopLevelAliasError, aliasFor, decodeDnsName, removeAlias, resolveName, setAlias } from "../../src/alias";
import { EmptyNameError, InvalidNameError, MalformedDnsNameError, NameNotNormalizedError } from "../../src/names/errors";
import { aliasFixture, namesFixture } from "./fixtures";
import { expectRejection } from "../helpers/expect";

describe("alias SDK (src/alias)", () => {
  it("resolveName normalizes user input and applies the alias: dave.gno, DAVE.gno and a full-width variant", async () => {
    const f = await loadFixture(namesFixture);
    const opts = { aliasRegistry: f.alias.aliasRegistry, cache: new AliasCache() };
    for (const input of ["dave.gno", "DAVE.gno", "Dave.GNO", "ｄａｖｅ.gno"]) {
      expect(await resolveName(f.provider, input, opts)).to.deep.equal({ name: "dave.gnosis.dm3.eth", alias: "dave.gno", input });
    }
    expect(await resolveName(f.provider, "gno", opts)).to.deep.equal({ name: "gnosis.dm3.eth", alias: "gno", input: "gno" });
    expect(await resolveName(f.provider, "Alice.ETH", opts)).to.deep.equal({ name: "alice.eth", input: "Alice.ETH" });
  });

  it("resolveName refuses input that cannot be normalized with a typed error", async () => {
    const f = await loadFixture(namesFixture);
    const opts = { aliasRegistry: f.alias.aliasRegistry };
    await expectRejection(resolveName(f.provider, "", opts), EmptyNameError);
    for (const bad of ["dave..gno", "da ve.gno", "dave.gno.", "a\u200Db.gno"]) {
      const e = await expectRejection(resolveName(f.provider, bad, opts), InvalidNameError);
      expect(e.code, bad).to.equal("NAME_INVALID");
    }
  });

  it("caches alias answers for the TTL (no RPC on a hit, one after expiry)", async () => {
    const f = await loadFixture(namesFixture);
    const counting = new CountingProvider(hre.network.provider);
    const provider = ensBrowserProvider(counting, 31337);
    await provider.getNetwork();
    let now = 1_000;
    const cache = new AliasCache(60_000, () => now);
    const opts = { aliasRegistry: f.alias.aliasRegistry, cache };
    counting.reset();
    await resolveName(provider, "dave.gno", opts);
    expect(counting.total()).to.equal(1);
    await resolveName(provider, "erin.gno", opts); // same top level: cached
    await resolveName(provider, "DAVE.gno", opts);
    expect(counting.total()).to.equal(1);
    now += 60_001;
    await resolveName(provider, "dave.gno", opts);
    expect(counting.total()).to.equal(2);
  });

  it("aliasFor gives the display form of a canonical name, null without alias, and refuses unnormalized names", async () => {
    const f = await loadFixture(namesFixture);
    const opts = { aliasRegistry: f.alias.aliasRegistry, cache: new AliasCache(0) };
    expect(await aliasFor(f.provider, "dave.gnosis.dm3.eth", opts)).to.equal("dave.gno");
    expect(await aliasFor(f.provider, "gnosis.dm3.eth", opts)).to.equal("gno");
    expect(await aliasFor(f.provider, "alice.eth", opts)).to.equal(null);
    await expectRejection(aliasFor(f.provider, "Dave.gnosis.dm3.eth", opts), NameNotNormalizedError);
  });

  it("a registry that cannot be read is an AliasRegistryUnavailableError", async () => {
    const f = await loadFixture(namesFixture);
    const e = await expectRejection(resolveName(f.provider, "dave.gno", { aliasRegistry: f.ens.resolver.replace(/.$/, "0"), cache: new AliasCache(0) }), AliasRegistryUnavailableError);
    expect(e.code).to.equal("ALIAS_REGISTRY_UNAVAILABLE");
  });

  it("setAlias/removeAlias normalize typed input and surface the registry's custom errors", async () => {
    const f = await loadFixture(aliasFixture);
    const cache = new AliasCache();
    const admin = f.admin;
    expect(await setAlias(admin, f.alias.aliasRegistry, "GNO", "Gnosis.DM3.eth", cache)).to.deep.include({ action: "set", topLevel: "gno", parent: "gnosis.dm3.eth", previousParent: "" });
    expect(await setAlias(admin, f.alias.aliasRegistry, "gno", "gnosis.dm3.eth", cache)).to.deep.include({ action: "unchanged" });
    expect(await setAlias(admin, f.alias.aliasRegistry, "gno", "gc.dm3.eth", cache)).to.deep.include({ action: "updated", previousParent: "gnosis.dm3.eth" });
    await expectRejection(setAlias(admin, f.alias.aliasRegistry, "g.no", "x.dm3.eth", cache), InvalidTopLevelAliasError);

    const taken = await expectRejection(setAlias(admin, f.alias.aliasRegistry, "xdai", "gc.dm3.eth", cache), AliasRejectedError);
    expect(taken.reason).to.equal("Dm3AliasParentTaken");
    const shadow = await expectRejection(setAlias(admin, f.alias.aliasRegistry, "eth", "x.dm3.eth", cache), AliasRejectedError);
    expect(shadow.reason).to.equal("Dm3AliasShadowsEnsTopLevel");
    const stranger = await expectRejection(setAlias(f.accounts[4], f.alias.aliasRegistry, "op", "op.dm3.eth", cache), AliasRejectedError);
    expect(stranger.reason).to.equal("Dm3AliasUnauthorized");

    expect(await removeAlias(admin, f.alias.aliasRegistry, "GNO", cache)).to.deep.include({ action: "removed", previousParent: "gc.dm3.eth" });
    expect((await expectRejection(removeAlias(admin, f.alias.aliasRegistry, "gno", cache), AliasRejectedError)).reason).to.equal("Dm3AliasNotFound");
  });

  it("decodeDnsName decodes DNS wire names and refuses malformed ones", () => {
    expect(decodeDnsName("0x046461766503676e6f00")).to.equal("dave.gno");
    expect(decodeDnsName("0x00")).to.equal("");
    for (const bad of ["0x", "0x0464", "0x04646176650000", "0x03676e6f"]) {
      expect(() => decodeDnsName(bad), bad).to.throw(MalformedDnsNameError, /not a DNS-encoded name/).with.property("code", "NAME_DNS_MALFORMED");
    }
  });
});
