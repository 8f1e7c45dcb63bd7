import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash, id, namehash } from "ethers";
import { ENSRegistry__factory, PublicResolver__factory } from "../../typechain-types";
import { ENS_REGISTRY_ADDRESS, PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { ensFixture, registerName } from "../helpers/ens";
import { measureTx } from "../helpers/gas";

describe("genuine ENS on the in-process chain", () => {
  it("places the ENS 0.7 registry at the canonical mainnet address, owned by the deployer", async () => {
    const f = await loadFixture(ensFixture);
    expect(f.ens.registry).to.equal(ENS_REGISTRY_ADDRESS);
    const registry = ENSRegistry__factory.connect(ENS_REGISTRY_ADDRESS, f.ctx.deployer);
    expect(await registry.owner(ZeroHash)).to.equal(await f.ctx.deployer.getAddress());
    expect(await registry.owner(namehash("eth"))).to.equal(f.ens.ethRegistrar);
    expect(await registry.owner(namehash("addr.reverse"))).to.equal(f.ens.reverseRegistrar);
  });

  it("resolves a name, its text record and its reverse record through ethers' own resolver", async () => {
    const f = await loadFixture(ensFixture);
    const alice = f.accounts[2];
    await registerName(f, "alice.eth", alice);
    const resolver = PublicResolver__factory.connect(f.ens.resolver, alice);
    await measureTx("ENS.PublicResolver.setText(profile-sized, 180 B)", resolver.setText(namehash("alice.eth"), PROFILE_RECORD_KEY, "x".repeat(180)));

    expect(await f.provider.resolveName("alice.eth")).to.equal(await alice.getAddress());
    const ensResolver = await f.provider.getResolver("alice.eth");
    expect(ensResolver?.address).to.equal(f.ens.resolver);
    expect(await ensResolver!.getText(PROFILE_RECORD_KEY)).to.equal("x".repeat(180));
    expect(await f.provider.lookupAddress(await alice.getAddress())).to.equal("alice.eth");
  });

  it("returns null for a name nobody registered", async () => {
    const f = await loadFixture(ensFixture);
    expect(await f.provider.getResolver("nobody.eth")).to.equal(null);
    expect(await f.provider.resolveName("nobody.eth")).to.equal(null);
  });

  it("lets only the first registrant take a .eth name (FIFS registrar)", async () => {
    const f = await loadFixture(ensFixture);
    await registerName(f, "bob.eth", f.accounts[3]);
    const registrar = (await hre.ethers.getContractAt("FIFSRegistrar", f.ens.ethRegistrar!)).connect(f.accounts[5]);
    await expect(registrar.register(id("bob"), await f.accounts[5].getAddress())).to.be.reverted;
    expect(await ENSRegistry__factory.connect(f.ens.registry, f.ctx.deployer).owner(namehash("bob.eth"))).to.equal(await f.accounts[3].getAddress());
  });

  it("re-running the ENS deploy module reuses every contract", async () => {
    const f = await loadFixture(ensFixture);
    const { deployEns } = await import("../../deploy/ens");
    const again = await deployEns(f.ctx);
    expect(again).to.deep.equal(f.ens);
  });

  it("re-running the name module changes nothing (no transaction)", async () => {
    const f = await loadFixture(ensFixture);
    await registerName(f, "dm3.eth", f.accounts[1]);
    const before = await hre.ethers.provider.getBlockNumber();
    await registerName(f, "dm3.eth", f.accounts[1]);
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
  });

  it("records the gas of the ENS operations the devnet performs", async () => {
    const f = await loadFixture(ensFixture);
    const owner = f.accounts[6];
    const ownerAddress = await owner.getAddress();
    const registrar = (await hre.ethers.getContractAt("FIFSRegistrar", f.ens.ethRegistrar!)).connect(owner);
    await measureTx("ENS.FIFSRegistrar.register", registrar.register(id("gas"), ownerAddress));
    const registry = ENSRegistry__factory.connect(f.ens.registry, owner);
    await measureTx("ENS.ENSRegistry.setResolver", registry.setResolver(namehash("gas.eth"), f.ens.resolver));
    await measureTx("ENS.ENSRegistry.setSubnodeRecord", registry.setSubnodeRecord(namehash("gas.eth"), id("sub"), ownerAddress, f.ens.resolver, 0));
    const resolver = PublicResolver__factory.connect(f.ens.resolver, owner);
    await measureTx("ENS.PublicResolver.setAddr", resolver["setAddr(bytes32,address)"](namehash("gas.eth"), ownerAddress));
    const reverse = await hre.ethers.getContractAt("ReverseRegistrar", f.ens.reverseRegistrar);
    await measureTx("ENS.ReverseRegistrar.setName", reverse.connect(owner).setName("gas.eth"));
    expect(await f.provider.lookupAddress(ownerAddress)).to.equal("gas.eth");
    expect(await registry.resolver(namehash("nothing.gas.eth"))).to.equal(ZeroAddress);
  });
});
