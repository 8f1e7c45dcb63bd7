import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { id, type Signer } from "ethers";
import { createDeployContext } from "../../deploy/context";
import { DeployConfigError, ManifestEntryMissingError, ManifestInvalidError, NameOwnerNotAccountError } from "../../deploy/errors";
import { deployL2Registry } from "../../deploy/l2Registry";
import { emptyManifest, readManifest, type Manifest } from "../../deploy/manifest";
import { serveJsonRpc, type ServedChain } from "../../src/devnet";
import { ensBrowserProvider } from "../../src/ens/provider";
import { InvalidNameError, namehash } from "../../src/names";
import { resolveProfile } from "../../src/profile";
import { InvalidL2LabelError, L2NameTakenError } from "../../src/registry";
import { Dm3L2Registry__factory, Dm3UniversalResolver__factory, ENSRegistry__factory, FIFSRegistrar__factory } from "../../typechain-types";
import { main as deployMain } from "../../scripts/deploy";
import { main as publishMain } from "../../scripts/publish-profile";
import { main as registerMain } from "../../scripts/register-l2-name";
import { expectRejection } from "../helpers/expect";
import { spawnChild } from "../helpers/process";

// The scripts as users run them: `npx hardhat run scripts/<name>.ts --network localhost`, in a
// child process, against this process's chain served over JSON-RPC on 127.0.0.1; their failure
// paths in-process through each script's exported `main(env)`.
describe("scripts/ (npx hardhat run)", function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-scripts-"));
  const l1ManifestFile = path.join(dir, "localhost.json");
  const l2ManifestFile = path.join(dir, "localhost-l2.json");
  let served: ServedChain;
  let accounts: Signer[];
  let manifest: Manifest;

  /** Runs a script the way users do, with `env`, and returns its JSON output (DM3_JSON=1). */
  async function runScript(script: string, env: Record<string, string>): Promise<Record<string, unknown>> {
    const child = spawnChild("npx", ["hardhat", "run", "--no-compile", `scripts/${script}`, "--network", "localhost"], {
      LOCALHOST_RPC_URL: served.url,
      DM3_JSON: "1",
      ...env,
    });
    const code = await child.exited;
    expect(code, child.output()).to.equal(0);
    return JSON.parse(child.output().slice(child.output().indexOf("{")));
  }

  before(async () => {
    await reset(); // a fresh chain: no ENS from earlier test files
    served = await serveJsonRpc(hre.network.provider);
    accounts = await hre.ethers.getSigners();
  });

  after(async () => {
    await served?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("deploy.ts deploys every component on --network and writes the manifest", async () => {
    const out = await runScript("deploy.ts", { DM3_MANIFEST: l1ManifestFile });
    manifest = readManifest(l1ManifestFile)!;
    expect(out).to.include({ network: "localhost", ensRegistry: "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e", universalResolver: manifest.contracts.dm3UniversalResolver.address });
    const universal = Dm3UniversalResolver__factory.connect(manifest.contracts.dm3UniversalResolver.address, hre.ethers.provider);
    expect(await hre.ethers.provider.getCode(await universal.getAddress())).not.to.equal("0x");
    expect(await ENSRegistry__factory.connect(manifest.contracts.ensRegistry.address, hre.ethers.provider).owner(namehash("eth"))).to.equal(manifest.contracts.ethRegistrar.address);
  });

  it("publish-profile.ts creates and publishes the profile of a name with its owner's account", async () => {
    const alice = accounts[2];
    const aliceAddress = await alice.getAddress();
    await (await FIFSRegistrar__factory.connect(manifest.contracts.ethRegistrar.address, alice).register(id("alice"), aliceAddress)).wait();
    await (await ENSRegistry__factory.connect(manifest.contracts.ensRegistry.address, alice).setResolver(namehash("alice.eth"), manifest.contracts.publicResolver.address)).wait();

    const out = await runScript("publish-profile.ts", { DM3_NAME: "Alice.eth", DM3_DELIVERY_SERVICES: "ds.dm3.eth,backup.dm3.eth", DM3_MANIFEST: l1ManifestFile });
    expect(out).to.include({ name: "alice.eth", address: aliceAddress, wroteAddr: true, multicall: true });
    const resolved = await resolveProfile(ensBrowserProvider(hre.network.provider as never, 31337), "alice.eth");
    expect(resolved).to.include({ valid: true, address: aliceAddress, format: "data" });
    expect(resolved.profile.deliveryServices).to.deep.equal(["ds.dm3.eth", "backup.dm3.eth"]);
  });

  it("register-l2-name.ts registers a name in the layer-2 registry for the sending account, with its addr records", async () => {
    const ctx = await createDeployContext(hre, emptyManifest("localhost", 31337), l2ManifestFile);
    const l2 = await deployL2Registry(ctx, { parentName: "l2.dm3.eth" });
    const erin = await accounts[5].getAddress();

    const out = await runScript("register-l2-name.ts", { DM3_L2_LABEL: "erin", DM3_ACCOUNT: "5", DM3_MANIFEST: l2ManifestFile });
    expect(out).to.include({ name: "erin.l2.dm3.eth", owner: erin, node: namehash("erin.l2.dm3.eth") });
    const registry = Dm3L2Registry__factory.connect(l2.registry, hre.ethers.provider);
    expect(await registry.ownerOf(namehash("erin.l2.dm3.eth"))).to.equal(erin);
    expect(await registry["addr(bytes32)"](namehash("erin.l2.dm3.eth"))).to.equal(erin);
    expect(await registry["addr(bytes32,uint256)"](namehash("erin.l2.dm3.eth"), await registry.chainCoinType())).to.equal(erin.toLowerCase());
  });

  describe("failure paths (typed errors, nothing sent)", () => {
    let blockBefore: number;
    beforeEach(async () => {
      blockBefore = await hre.ethers.provider.getBlockNumber();
    });
    afterEach(async () => {
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(blockBefore);
    });

    it("deploy.ts refuses a manifest file that is not JSON", async () => {
      const bad = path.join(dir, "bad.json");
      fs.writeFileSync(bad, "not json");
      await expectRejection(deployMain({ DM3_MANIFEST: bad }), ManifestInvalidError);
    });

    it("publish-profile.ts refuses a missing name, a name no account owns, a bad account index and a bad delivery-service name", async () => {
      const base = { DM3_MANIFEST: l1ManifestFile };
      await expectRejection(publishMain(base), DeployConfigError, /set DM3_NAME/);
      await expectRejection(publishMain({ ...base, DM3_NAME: "nobody.eth" }), NameOwnerNotAccountError, /nobody\.eth is owned by 0x0{40}.*\(set DM3_ACCOUNT\)/);
      await expectRejection(publishMain({ ...base, DM3_NAME: "alice.eth", DM3_ACCOUNT: "two" }), DeployConfigError, /DM3_ACCOUNT must be an account index/);
      await expectRejection(publishMain({ ...base, DM3_NAME: "alice.eth", DM3_DELIVERY_SERVICES: "ds..eth" }), InvalidNameError);
    });

    it("register-l2-name.ts refuses an invalid label, a taken one and a manifest without a layer-2 registry", async () => {
      await expectRejection(registerMain({ DM3_MANIFEST: l2ManifestFile, DM3_L2_LABEL: "ab" }), InvalidL2LabelError, /length must be 3\.\.63/);
      await expectRejection(registerMain({ DM3_MANIFEST: l2ManifestFile, DM3_L2_LABEL: "erin" }), L2NameTakenError, /erin\.l2\.dm3\.eth is already registered/);
      await expectRejection(registerMain({ DM3_MANIFEST: l1ManifestFile, DM3_L2_LABEL: "frank" }), ManifestEntryMissingError, /l2Registry/);
    });
  });
});
