import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { Contract, ZeroAddress, dnsEncode, id, namehash, toBeHex } from "ethers";
import { Dm3AliasRegistry__factory } from "../../typechain-types";
import { measureTx } from "../helpers/gas";
import { aliasFixture, type AliasFixture } from "./fixtures";

/** Everything the registry answers about `topLevel` and a baseline alias, to show that a refused call changed nothing. */
async function snapshot(f: AliasFixture, topLevel: string) {
  const r = f.registry;
  return {
    exists: await r.existsAlias(topLevel),
    parent: await r.aliases(topLevel),
    dns: await r.parentDnsName(id(topLevel)),
    baseline: await r.aliases("op"),
    baselineReverse: await r.aliasOf("op.dm3.eth"),
  };
}

describe("Dm3AliasRegistry", () => {
  it("maps a top level to a parent, answers both directions and emits AliasSet", async () => {
    const f = await loadFixture(aliasFixture);
    const receipt = await measureTx("Alias.Dm3AliasRegistry.setAlias (new)", f.registry.setAlias("gno", "gnosis.dm3.eth"));
    await expect(receipt.hash).to.emit(f.registry, "AliasSet").withArgs(id("gno"), namehash("gnosis.dm3.eth"), "gno", "gnosis.dm3.eth");
    expect(await f.registry.existsAlias("gno")).to.equal(true);
    expect(await f.registry.aliases("gno")).to.equal("gnosis.dm3.eth");
    expect(await f.registry.parentDnsName(id("gno"))).to.equal(dnsEncode("gnosis.dm3.eth"));
    expect(await f.registry.aliasOf("gnosis.dm3.eth")).to.equal("gno");
    expect(await f.registry.aliasOfNode(namehash("gnosis.dm3.eth"))).to.equal("gno");
    expect(await f.registry.existsAlias("op")).to.equal(false);
    expect(await f.registry.aliases("op")).to.equal("");
    expect(await f.registry.aliasOf("other.dm3.eth")).to.equal("");
  });

  it("moves an alias to another parent (AliasUpdated), freeing the old parent", async () => {
    const f = await loadFixture(aliasFixture);
    await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
    const receipt = await measureTx("Alias.Dm3AliasRegistry.setAlias (update)", f.registry.setAlias("gno", "gc.dm3.eth"));
    await expect(receipt.hash)
      .to.emit(f.registry, "AliasUpdated")
      .withArgs(id("gno"), namehash("gnosis.dm3.eth"), namehash("gc.dm3.eth"), "gno", "gnosis.dm3.eth", "gc.dm3.eth");
    expect(await f.registry.aliases("gno")).to.equal("gc.dm3.eth");
    expect(await f.registry.aliasOf("gnosis.dm3.eth")).to.equal("");
    expect(await f.registry.aliasOf("gc.dm3.eth")).to.equal("gno");
    // the old parent may now take another alias
    await expect(f.registry.setAlias("xdai", "gnosis.dm3.eth")).to.emit(f.registry, "AliasSet");
  });

  it("setting the mapping that exists changes nothing and emits nothing", async () => {
    const f = await loadFixture(aliasFixture);
    await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
    const tx = f.registry.setAlias("gno", "gnosis.dm3.eth");
    await expect(tx).not.to.emit(f.registry, "AliasSet");
    await expect(tx).not.to.emit(f.registry, "AliasUpdated");
    expect(await f.registry.aliases("gno")).to.equal("gnosis.dm3.eth");
  });

  it("removes an alias (AliasRemoved) and refuses to remove one that does not exist", async () => {
    const f = await loadFixture(aliasFixture);
    await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
    const receipt = await measureTx("Alias.Dm3AliasRegistry.removeAlias", f.registry.removeAlias("gno"));
    await expect(receipt.hash).to.emit(f.registry, "AliasRemoved").withArgs(id("gno"), namehash("gnosis.dm3.eth"), "gno", "gnosis.dm3.eth");
    expect(await snapshot(f, "gno")).to.deep.include({ exists: false, parent: "", dns: "0x" });
    expect(await f.registry.aliasOf("gnosis.dm3.eth")).to.equal("");
    await expect(f.registry.removeAlias("gno")).to.be.revertedWithCustomError(f.registry, "Dm3AliasNotFound").withArgs("gno");
    // and the top level can be mapped again afterwards
    await expect(f.registry.setAlias("gno", "gnosis.dm3.eth")).to.emit(f.registry, "AliasSet");
  });

  it("refuses set and remove from an account without the alias manager role, until it is granted", async () => {
    const f = await loadFixture(aliasFixture);
    await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
    const stranger = f.accounts[3];
    const strangerAddress = await stranger.getAddress();
    const as = f.registry.connect(stranger);
    await expect(as.setAlias("op", "op.dm3.eth")).to.be.revertedWithCustomError(f.registry, "Dm3AliasUnauthorized").withArgs(strangerAddress);
    await expect(as.setAlias("gno", "other.dm3.eth")).to.be.revertedWithCustomError(f.registry, "Dm3AliasUnauthorized");
    await expect(as.removeAlias("gno")).to.be.revertedWithCustomError(f.registry, "Dm3AliasUnauthorized").withArgs(strangerAddress);
    expect(await f.registry.aliases("gno")).to.equal("gnosis.dm3.eth");
    expect(await f.registry.existsAlias("op")).to.equal(false);

    const role = await f.registry.ALIAS_MANAGER_ROLE();
    await expect(as.grantRole(role, strangerAddress)).to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount");
    await (await f.registry.grantRole(role, strangerAddress)).wait();
    await expect(as.setAlias("op", "op.dm3.eth")).to.emit(f.registry, "AliasSet");
    await (await f.registry.revokeRole(role, strangerAddress)).wait();
    await expect(as.removeAlias("op")).to.be.revertedWithCustomError(f.registry, "Dm3AliasUnauthorized");
    expect(await f.registry.owner()).to.equal(await f.admin.getAddress());
    expect(await f.registry.ens()).to.equal(f.ens.registry);
    const selectors = ["setAlias", "removeAlias", "existsAlias", "aliases", "parentDnsName", "aliasOf", "aliasOfNode", "canonicalName", "aliasedName", "ens", "ALIAS_MANAGER_ROLE"] as const;
    const interfaceId = selectors.reduce((x, fn) => x ^ BigInt(f.registry.interface.getFunction(fn)!.selector), 0n);
    expect(await f.registry.supportsInterface(toBeHex(interfaceId, 4))).to.equal(true);
    expect(await f.registry.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
  });

  describe("refuses malformed input with its own error, leaving the state unchanged", () => {
    const long = "a".repeat(254);
    const cases: Array<[string, string, string, string, unknown[]]> = [
      ["empty top level", "", "gnosis.dm3.eth", "Dm3AliasEmptyTopLevel", []],
      ["top level with a dot", "g.no", "gnosis.dm3.eth", "Dm3AliasTopLevelHasDot", ["g.no"]],
      ["uppercase top level", "Gno", "gnosis.dm3.eth", "Dm3AliasUppercase", ["Gno", 0]],
      ["disallowed ASCII in the top level", "g!o", "gnosis.dm3.eth", "Dm3AliasInvalidCharacter", ["g!o", 1]],
      ["over-long top level", long, "gnosis.dm3.eth", "Dm3AliasNameTooLong", [long, 256]],
      ["empty parent", "gno", "", "Dm3AliasEmptyParent", []],
      ["parent with a leading dot", "gno", ".gnosis.dm3.eth", "Dm3AliasParentLeadingDot", [".gnosis.dm3.eth"]],
      ["parent with a trailing dot", "gno", "gnosis.dm3.eth.", "Dm3AliasParentTrailingDot", ["gnosis.dm3.eth."]],
      ["parent with an empty label", "gno", "gnosis..eth", "Dm3AliasParentEmptyLabel", ["gnosis..eth", 7]],
      ["uppercase parent", "gno", "gnosis.DM3.eth", "Dm3AliasUppercase", ["gnosis.DM3.eth", 7]],
      ["space in the parent", "gno", "gno sis.eth", "Dm3AliasInvalidCharacter", ["gno sis.eth", 3]],
      ["over-long parent", "gno", `${long}.eth`, "Dm3AliasNameTooLong", [`${long}.eth`, 260]],
      ["an ENS top level", "eth", "gnosis.dm3.eth", "Dm3AliasShadowsEnsTopLevel", ["eth"]],
      ["a parent below the alias itself", "gno", "x.gno", "Dm3AliasChained", ["x.gno"]],
    ];
    for (const [what, topLevel, parent, error, args] of cases) {
      it(`${what}: ${error}`, async () => {
        const f = await loadFixture(aliasFixture);
        await (await f.registry.setAlias("op", "op.dm3.eth")).wait();
        const before = await snapshot(f, topLevel);
        await expect(f.registry.setAlias(topLevel, parent))
          .to.be.revertedWithCustomError(f.registry, error)
          .withArgs(...args);
        expect(await snapshot(f, topLevel)).to.deep.equal(before);
      });
    }

    it("a parent another alias already stands for: Dm3AliasParentTaken", async () => {
      const f = await loadFixture(aliasFixture);
      await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
      await expect(f.registry.setAlias("xdai", "gnosis.dm3.eth"))
        .to.be.revertedWithCustomError(f.registry, "Dm3AliasParentTaken")
        .withArgs("gnosis.dm3.eth", "gno");
      expect(await f.registry.existsAlias("xdai")).to.equal(false);
      expect(await f.registry.aliasOf("gnosis.dm3.eth")).to.equal("gno");
    });

    it("a parent whose top level is an alias: Dm3AliasChained", async () => {
      const f = await loadFixture(aliasFixture);
      await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
      await expect(f.registry.setAlias("op", "dave.gno")).to.be.revertedWithCustomError(f.registry, "Dm3AliasChained").withArgs("dave.gno");
      expect(await f.registry.existsAlias("op")).to.equal(false);
    });

    it("an alias that is the top level of a mapped parent: Dm3AliasIsParentTopLevel", async () => {
      const f = await loadFixture(aliasFixture);
      await (await f.registry.setAlias("gno", "gnosis.xyz")).wait(); // xyz is not an ENS top level here
      await expect(f.registry.setAlias("xyz", "x.dm3.eth")).to.be.revertedWithCustomError(f.registry, "Dm3AliasIsParentTopLevel").withArgs("xyz");
      await (await f.registry.removeAlias("gno")).wait();
      await expect(f.registry.setAlias("xyz", "x.dm3.eth")).to.emit(f.registry, "AliasSet"); // the count went back to 0
    });

    it("a deployment without an ENS registry: Dm3AliasZeroAddress", async () => {
      const f = await loadFixture(aliasFixture);
      const factory = new Dm3AliasRegistry__factory(f.admin);
      await expect(factory.deploy(ZeroAddress, await f.admin.getAddress(), 0)).to.be.revertedWithCustomError(factory, "Dm3AliasZeroAddress");
    });
  });

  it("accepts non-ASCII labels (normalization is the SDK's job) and underscores, digits, hyphens, $", async () => {
    const f = await loadFixture(aliasFixture);
    await expect(f.registry.setAlias("gnö", "gnösis.dm3.eth")).to.emit(f.registry, "AliasSet");
    await expect(f.registry.setAlias("_x-1$", "a-b_c.dm3.eth")).to.emit(f.registry, "AliasSet");
    expect(await f.registry.aliases("gnö")).to.equal("gnösis.dm3.eth");
  });

  it("serves the reference TopLevelAliasRegistry ABI (setAlias, existsAlias, aliases)", async () => {
    const f = await loadFixture(aliasFixture);
    const reference = new Contract(
      f.alias.aliasRegistry,
      ["function setAlias(string _toplevel, string _alias)", "function existsAlias(string _toplevel) view returns (bool)", "function aliases(string) view returns (string)"],
      f.admin,
    );
    expect(await reference.existsAlias("gno")).to.equal(false);
    expect(await reference.aliases("gno")).to.equal("");
    await (await reference.setAlias("gno", "gnosis.dm3.eth")).wait();
    expect(await reference.existsAlias("gno")).to.equal(true);
    expect(await reference.aliases("gno")).to.equal("gnosis.dm3.eth");
  });

  describe("name rewriting", () => {
    it("canonicalName rewrites an aliased top level and leaves other names alone", async () => {
      const f = await loadFixture(aliasFixture);
      await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
      expect(await f.registry.canonicalName(dnsEncode("dave.gno"))).to.deep.equal([dnsEncode("dave.gnosis.dm3.eth"), true]);
      expect(await f.registry.canonicalName(dnsEncode("a.b.gno"))).to.deep.equal([dnsEncode("a.b.gnosis.dm3.eth"), true]);
      expect(await f.registry.canonicalName(dnsEncode("gno"))).to.deep.equal([dnsEncode("gnosis.dm3.eth"), true]);
      expect(await f.registry.canonicalName(dnsEncode("alice.eth"))).to.deep.equal([dnsEncode("alice.eth"), false]);
      expect(await f.registry.canonicalName("0x00")).to.deep.equal(["0x00", false]);
      for (const bad of ["0x", "0x0361", "0x036162", "0x0361626300ff", "0x05616263"]) {
        await expect(f.registry.canonicalName(bad)).to.be.revertedWithCustomError(f.registry, "Dm3MalformedDnsName").withArgs(bad);
      }
    });

    it("aliasedName gives the display form through the closest mapped ancestor", async () => {
      const f = await loadFixture(aliasFixture);
      await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
      await (await f.registry.setAlias("dm3", "dm3.eth")).wait();
      expect(await f.registry.aliasedName(dnsEncode("dave.gnosis.dm3.eth"))).to.deep.equal([dnsEncode("dave.gno"), true]);
      expect(await f.registry.aliasedName(dnsEncode("gnosis.dm3.eth"))).to.deep.equal([dnsEncode("gno"), true]);
      expect(await f.registry.aliasedName(dnsEncode("ds.dm3.eth"))).to.deep.equal([dnsEncode("ds.dm3"), true]);
      expect(await f.registry.aliasedName(dnsEncode("alice.eth"))).to.deep.equal([dnsEncode("alice.eth"), false]);
      await expect(f.registry.aliasedName("0x0361")).to.be.revertedWithCustomError(f.registry, "Dm3MalformedDnsName");
    });

    it("rewriting is the model's: prefix + alias -> prefix + parent, and back (fast-check)", async () => {
      const f = await loadFixture(aliasFixture);
      await (await f.registry.setAlias("gno", "gnosis.dm3.eth")).wait();
      const label = fc.stringMatching(/^[a-z0-9]{1,12}$/);
      await fc.assert(
        fc.asyncProperty(fc.array(label, { minLength: 1, maxLength: 4 }), async (labels) => {
          const prefix = labels.join(".");
          const [canonical, aliased] = await f.registry.canonicalName(dnsEncode(`${prefix}.gno`));
          expect(aliased).to.equal(true);
          expect(canonical).to.equal(dnsEncode(`${prefix}.gnosis.dm3.eth`));
          expect(await f.registry.aliasedName(canonical)).to.deep.equal([dnsEncode(`${prefix}.gno`), true]);
        }),
        { numRuns: 25 },
      );
    });
  });
});
