import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { setupDevnetAlias } from "../../deploy/alias";
import { ensureUserProfile } from "../../deploy/demoProfiles";
import { ensBrowserProvider } from "../../src/ens/provider";
import { NameNotNormalizedError } from "../../src/names";
import { NoResolverError, resolveProfile } from "../../src/profile";
import { CountingProvider } from "../../bench/util";
import { aliasFixture, eip1193 } from "../alias/fixtures";
import { expectRejection } from "../helpers/expect";

// resolveProfile's three paths give the same answer: ethers' resolver, ethers' resolver after an
// alias mapping, and the one-call universal resolver.
describe("resolveProfile: ethers path, alias path and one-call path", () => {
  async function fixture() {
    const f = await aliasFixture();
    await setupDevnetAlias(f.ctx, f.ens, f.alias);
    await ensureUserProfile(f.ctx, f.ens, "dave.gnosis.dm3.eth", f.accounts[5], ["ds.dm3.eth"]);
    return f;
  }

  it("all three paths return the same verified profile for the canonical name", async () => {
    const f = await loadFixture(fixture);
    const viaEthers = await resolveProfile(f.provider, "dave.gnosis.dm3.eth");
    const viaAlias = await resolveProfile(f.provider, "dave.gnosis.dm3.eth", { aliasRegistry: f.alias.aliasRegistry });
    const viaOneCall = await resolveProfile(f.provider, "dave.gnosis.dm3.eth", { universalResolver: f.alias.universalResolver });
    expect(viaEthers.valid).to.equal(true);
    for (const r of [viaAlias, viaOneCall]) {
      expect(r).to.deep.equal(viaEthers);
    }
  });

  it("accepts the aliased and user-typed forms when it knows the alias registry or the universal resolver", async () => {
    const f = await loadFixture(fixture);
    const expected = await resolveProfile(f.provider, "dave.gnosis.dm3.eth");
    for (const input of ["dave.gno", "DAVE.gno"]) {
      for (const options of [{ aliasRegistry: f.alias.aliasRegistry }, { universalResolver: f.alias.universalResolver }]) {
        const r = await resolveProfile(f.provider, input, options);
        expect(r).to.deep.equal({ ...expected, alias: "dave.gno" });
      }
    }
  });

  it("without either option an aliased name is not resolvable and an unnormalized one is a typed error", async () => {
    const f = await loadFixture(fixture);
    await expectRejection(resolveProfile(f.provider, "DAVE.gno"), NameNotNormalizedError);
    expect(await expectRejection(resolveProfile(f.provider, "dave.gno"), NoResolverError)).to.have.property("code", "NO_RESOLVER");
  });

  it("the one-call path needs 1 eth_call for the records where ethers' path needs 3", async () => {
    const f = await loadFixture(fixture);
    const counting = new CountingProvider(eip1193());
    const provider = ensBrowserProvider(counting, 31337);
    await provider.getNetwork();
    const eoaCheck = 1; // eth_getCode of the signer (EOA or contract account), on both paths
    counting.reset();
    await resolveProfile(provider, "dave.gnosis.dm3.eth", { universalResolver: f.alias.universalResolver });
    expect(counting.total()).to.equal(1 + eoaCheck);
    counting.reset();
    await resolveProfile(provider, "dave.gnosis.dm3.eth");
    expect(counting.total()).to.equal(3 + eoaCheck); // registry resolver(), text, addr
  });
});
