import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { JsonRpcProvider, id, type BrowserProvider } from "ethers";
import type { Manifest } from "../../deploy/manifest";
import { readManifest } from "../../deploy/manifest";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { ensBrowserProvider } from "../../src/ens/provider";
import { namehash } from "../../src/names";
import { NoResolverError, createProfile, publishProfile, resolveDm3Profile, resolveProfile } from "../../src/profile";
import { Dm3ProfileVerifier__factory, ENSRegistry__factory, FIFSRegistrar__factory, PublicResolver__factory } from "../../typechain-types";
import { expectRejection } from "../helpers/expect";
import { spawnChild, stopGroup, type Child } from "../helpers/process";

// Hardhat's own forking (`hardhat_reset` with `forking.jsonRpcUrl` and a pinned `blockNumber`)
// of a chain served on 127.0.0.1 that already holds ENS and dm3 names: the devnet's L1, started
// as a child process. Every name below exists only upstream; the in-process chain reads their
// records through the fork. Afterwards the in-process chain is reset to a fresh, unforked one.
describe("fork of a served devnet (Hardhat forking)", function () {
  this.timeout(120_000);
  let devnet: Child | undefined;
  let manifest: Manifest;
  let upstream: JsonRpcProvider;
  let forkBlock: number;
  let fork: BrowserProvider;

  const contract = (key: string) => manifest.contracts[key].address;

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-fork-"));
    const manifestFile = path.join(dir, "devnet.json");
    devnet = spawnChild("npx", ["hardhat", "dm3:devnet", "--port", "0", "--manifest", manifestFile]);
    await devnet.waitFor(/dm3kit devnet is ready/, 90_000);
    manifest = readManifest(manifestFile)!;
    upstream = new JsonRpcProvider(manifest.rpcUrl, manifest.chainId, { staticNetwork: true, cacheTimeout: -1 });

    forkBlock = await upstream.getBlockNumber();
    await reset(manifest.rpcUrl, forkBlock);
    // Calls on the fork block itself would run with the upstream's hardfork history, which Hardhat
    // does not know for a local chain id (NomicFoundation/edr#522): one local block first.
    await hre.network.provider.request({ method: "hardhat_mine", params: ["0x1"] });
    fork = ensBrowserProvider(hre.network.provider as never, manifest.chainId);

    // After the fork point, upstream changes bob.eth's profile and registers late.eth (account #6).
    const bob = await upstream.getSigner(3);
    const resolver = PublicResolver__factory.connect(contract("publicResolver"), bob);
    await (await resolver.setText(namehash("bob.eth"), PROFILE_RECORD_KEY, "data:application/json,{}")).wait();
    const late = await upstream.getSigner(6);
    await (await FIFSRegistrar__factory.connect(contract("ethRegistrar"), late).register(id("late"), await late.getAddress())).wait();
    await (await ENSRegistry__factory.connect(contract("ensRegistry"), late).setResolver(namehash("late.eth"), contract("publicResolver"))).wait();
  });

  after(async () => {
    upstream?.destroy();
    await reset(); // back to a fresh in-process chain (no fork) for the test files that follow
    // Hardhat caches a few fork answers per upstream host:port; this upstream is gone for good.
    if (manifest?.rpcUrl) {
      const { hostname, port } = new URL(manifest.rpcUrl);
      fs.rmSync(path.join(hre.config.paths.cache, "hardhat-network-fork", "rpc_cache", `${hostname}_${port}`), { recursive: true, force: true });
    }
    if (devnet) await stopGroup(devnet);
  });

  it("is a fork of the served chain at the pinned block", async () => {
    const forked = await hre.ethers.provider.getBlock(forkBlock);
    const original = await upstream.getBlock(forkBlock);
    expect(forked?.hash).to.equal(original?.hash);
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(forkBlock + 1);
    expect(await upstream.getBlockNumber()).to.be.greaterThan(forkBlock);
  });

  it("resolves and verifies profiles whose records exist only upstream (alice.eth, DAVE.gno through the alias, carol.l2.dm3.eth over CCIP-Read)", async () => {
    expect(await hre.ethers.provider.getCode(contract("dm3UniversalResolver"))).not.to.equal("0x"); // deployed upstream only
    const alice = await resolveProfile(fork, "alice.eth");
    expect(alice).to.include({ name: "alice.eth", valid: true, format: "data", address: manifest.names["alice.eth"].owner });
    expect(alice.profile.deliveryServices).to.deep.equal(["ds.dm3.eth"]);

    const dave = await resolveDm3Profile(fork, "DAVE.gno", { universalResolver: contract("dm3UniversalResolver") });
    expect(dave).to.include({ canonicalName: "dave.gnosis.dm3.eth", alias: "dave.gno", valid: true, address: manifest.names["dave.gnosis.dm3.eth"].owner });

    // The L1 resolver and its signer set come from the fork; the gateway answers from the devnet's L2.
    const carol = await resolveProfile(fork, "carol.l2.dm3.eth");
    expect(carol).to.include({ valid: true, address: manifest.names["carol.l2.dm3.eth"].owner });
  });

  it("verifies alice.eth's profile on chain with the upstream Dm3ProfileVerifier (TypeChain)", async () => {
    const verifier = Dm3ProfileVerifier__factory.connect(contract("dm3ProfileVerifier"), hre.ethers.provider);
    const { profile, signedProfile } = await resolveProfile(fork, "alice.eth");
    const [valid, signer] = await verifier.verify(namehash("alice.eth"), profile, signedProfile.signature);
    expect(valid).to.equal(true);
    expect(signer).to.equal(manifest.names["alice.eth"].owner);
    expect(await verifier.ensRegistry()).to.equal(contract("ensRegistry"));
  });

  it("does not see what upstream changed after the fork point: bob.eth keeps its profile, late.eth does not exist", async () => {
    const resolver = PublicResolver__factory.connect(contract("publicResolver"), upstream);
    expect(await resolver.text(namehash("bob.eth"), PROFILE_RECORD_KEY)).to.equal("data:application/json,{}"); // upstream now

    const forkResolver = PublicResolver__factory.connect(contract("publicResolver"), hre.ethers.provider);
    expect(await forkResolver.text(namehash("bob.eth"), PROFILE_RECORD_KEY)).to.equal(manifest.names["bob.eth"].records?.[PROFILE_RECORD_KEY]);
    expect((await resolveProfile(fork, "bob.eth")).valid).to.equal(true);

    expect(await ENSRegistry__factory.connect(contract("ensRegistry"), upstream).resolver(namehash("late.eth"))).to.equal(contract("publicResolver"));
    await expectRejection(resolveProfile(fork, "late.eth"), NoResolverError);
  });

  it("writes stay on the fork: a profile published there is resolved there and upstream never sees it", async () => {
    const bobSigner = (await hre.ethers.getSigners())[3]; // the same default account owns bob.eth on the fork
    const { signedProfile, record } = await createProfile(bobSigner, ["ds.dm3.eth", "backup.dm3.eth"]);
    await publishProfile(bobSigner, "bob.eth", signedProfile, { provider: fork });
    const bob = await resolveProfile(fork, "bob.eth");
    expect(bob).to.include({ valid: true });
    expect(bob.profile.deliveryServices).to.deep.equal(["ds.dm3.eth", "backup.dm3.eth"]);
    const upstreamRecord = await PublicResolver__factory.connect(contract("publicResolver"), upstream).text(namehash("bob.eth"), PROFILE_RECORD_KEY);
    expect(upstreamRecord).not.to.equal(record);
  });
});
