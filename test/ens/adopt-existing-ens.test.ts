import { expect } from "chai";
import hre from "hardhat";
import os from "node:os";
import path from "node:path";
import { AbiCoder, Wallet, ZeroHash, id, keccak256, namehash, zeroPadValue } from "ethers";
import { createDeployContext } from "../../deploy/context";
import { deployEns } from "../../deploy/ens";
import { NameOwnerNotAccountError } from "../../deploy/errors";
import { emptyManifest } from "../../deploy/manifest";
import { ensureName } from "../../deploy/names";
import { ENS_REGISTRY_ADDRESS } from "../../src/ens/constants";
import { ensBrowserProvider } from "../../src/ens/provider";
import { ENSRegistry__factory, PublicResolver__factory, ReverseRegistrar__factory } from "../../typechain-types";
import { expectRejection } from "../helpers/expect";

// What fork mode does on a real chain, reproduced on the in-process one: an ENS registry that
// someone else owns already sits at the canonical address (as on a mainnet fork). The deploy
// modules must adopt it without touching it, and give the demo names to our accounts by
// impersonating the parent's owner.
describe("adopting an existing ENS (fork mode, simulated)", () => {
  const provider = hre.network.provider;
  const foreignRoot = Wallet.createRandom().address; // owns the root, not one of our accounts
  const foreignEth = Wallet.createRandom().address; // owns .eth (on mainnet: the base registrar)
  let codeBefore: string;

  async function as<T>(address: string, fn: (signer: Awaited<ReturnType<typeof hre.ethers.getImpersonatedSigner>>) => Promise<T>): Promise<T> {
    await provider.request({ method: "hardhat_setBalance", params: [address, "0xDE0B6B3A7640000"] });
    return fn(await hre.ethers.getImpersonatedSigner(address));
  }

  before(async () => {
    // A registry at the canonical address whose root belongs to a stranger.
    const [deployer] = await hre.ethers.getSigners();
    const template = await new ENSRegistry__factory(deployer).deploy();
    await provider.request({ method: "hardhat_setCode", params: [ENS_REGISTRY_ADDRESS, await hre.ethers.provider.getCode(await template.getAddress())] });
    const rootSlot = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [ZeroHash, 0]));
    await provider.request({ method: "hardhat_setStorageAt", params: [ENS_REGISTRY_ADDRESS, rootSlot, zeroPadValue(foreignRoot, 32)] });
    // The stranger's own resolver and reverse registrar, and .eth given to another stranger.
    const theirResolver = await new PublicResolver__factory(deployer).deploy(ENS_REGISTRY_ADDRESS);
    const theirReverse = await new ReverseRegistrar__factory(deployer).deploy(ENS_REGISTRY_ADDRESS, await theirResolver.getAddress());
    await as(foreignRoot, async (root) => {
      const ens = ENSRegistry__factory.connect(ENS_REGISTRY_ADDRESS, root);
      await (await ens.setSubnodeOwner(ZeroHash, id("eth"), foreignEth)).wait();
      await (await ens.setSubnodeOwner(ZeroHash, id("reverse"), foreignRoot)).wait();
      await (await ens.setSubnodeOwner(namehash("reverse"), id("addr"), await theirReverse.getAddress())).wait();
    });
    codeBefore = await hre.ethers.provider.getCode(ENS_REGISTRY_ADDRESS);
  });

  after(async () => {
    await provider.request({ method: "hardhat_setCode", params: [ENS_REGISTRY_ADDRESS, "0x"] });
  });

  it("adopts the registry and its reverse registrar, deploys only what it needs, and overwrites nothing", async () => {
    const ctx = await createDeployContext(hre, emptyManifest("fork-sim", 31337), path.join(os.tmpdir(), `dm3kit-adopt-${process.pid}.json`));
    const ens = await deployEns(ctx);
    const registry = ENSRegistry__factory.connect(ENS_REGISTRY_ADDRESS, ctx.deployer);

    expect(ens.registry).to.equal(ENS_REGISTRY_ADDRESS);
    expect(ctx.manifest.contracts.ensRegistry).to.include({ external: true });
    expect(ens.reverseRegistrar).to.equal(await registry.owner(namehash("addr.reverse")));
    expect(ctx.manifest.contracts.reverseRegistrar).to.include({ external: true });
    expect(ens.ethRegistrar).to.equal(undefined);
    expect(await hre.ethers.provider.getCode(ENS_REGISTRY_ADDRESS)).to.equal(codeBefore);
    expect(await registry.owner(ZeroHash)).to.equal(foreignRoot);
    expect(await registry.owner(namehash("eth"))).to.equal(foreignEth);

    // A demo name under a parent owned by a stranger: taken by impersonating the parent's owner.
    const alice = ctx.accounts[2];
    await ensureName(ctx, ens, { name: "alice.eth", owner: alice });
    const ethers = ensBrowserProvider(provider as never, 31337);
    expect(await ethers.resolveName("alice.eth")).to.equal(await alice.getAddress());
    expect(await ethers.lookupAddress(await alice.getAddress())).to.equal("alice.eth");
    expect(await registry.owner(namehash("eth"))).to.equal(foreignEth);
  });

  it("refuses a name whose parent nobody owns, with a clear message", async () => {
    const ctx = await createDeployContext(hre, emptyManifest("fork-sim", 31337), path.join(os.tmpdir(), `dm3kit-adopt2-${process.pid}.json`));
    const ens = await deployEns(ctx);
    await expectRejection(
      ensureName(ctx, ens, { name: "x.unowned-tld", owner: ctx.accounts[2] }),
      NameOwnerNotAccountError,
      /^unowned-tld is owned by 0x0{40}, which is none of network hardhat's accounts: cannot register x\.unowned-tld below it$/,
    );
  });
});
