import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Wallet, id, namehash } from "ethers";
import { nameOwnerSigner } from "../../deploy/accounts";
import { ManifestInvalidError, ManifestNotFoundError } from "../../deploy/errors";
import { emptyManifest, findManifest, loadManifest, readManifest, saveManifest } from "../../deploy/manifest";
import { ENSRegistry__factory } from "../../typechain-types";
import { ensFixture, registerName } from "../helpers/ens";
import { runTask } from "../helpers/tasks";

describe("deploy/manifest (the one manifest reader) and deploy/accounts (the one name-owner signer)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-manifest-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("readManifest / findManifest / loadManifest", () => {
    it("reads a saved manifest back, fills missing sections, and answers undefined for a missing file", () => {
      const file = path.join(dir, "sepolia.json");
      const manifest = emptyManifest("sepolia", 11155111);
      manifest.contracts.ensRegistry = { address: "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e", contract: "ENSRegistry", external: true };
      saveManifest(file, manifest);
      expect(readManifest(file)).to.deep.include({ network: "sepolia", chainId: 11155111, contracts: manifest.contracts });

      const partial = path.join(dir, "partial.json");
      fs.writeFileSync(partial, JSON.stringify({ chainId: 10, extra: { l2Registry: { registry: "0x01" } } }));
      expect(readManifest(partial)).to.deep.include({ network: "partial", chainId: 10, contracts: {}, names: {}, extra: { l2Registry: { registry: "0x01" } } });
      expect(readManifest(path.join(dir, "missing.json"))).to.equal(undefined);
    });

    it("refuses a file that is not JSON or has no chainId with ManifestInvalidError", () => {
      const bad = path.join(dir, "bad.json");
      fs.writeFileSync(bad, "{ not json");
      expect(() => readManifest(bad)).to.throw(ManifestInvalidError, /not JSON/).with.property("code", "MANIFEST_INVALID");
      fs.writeFileSync(bad, JSON.stringify({ chainId: "1" }));
      expect(() => readManifest(bad)).to.throw(ManifestInvalidError, /no numeric chainId/);
      expect(() => loadManifest(bad, "x", 1)).to.throw(ManifestInvalidError);
    });

    it("finds the first manifest for the chain; loadManifest starts fresh for another chain", () => {
      const a = path.join(dir, "a.json");
      const b = path.join(dir, "b.json");
      saveManifest(a, emptyManifest("a", 1));
      saveManifest(b, emptyManifest("b", 2));
      expect(findManifest([path.join(dir, "none.json"), a, b], 2)?.network).to.equal("b");
      expect(findManifest([a, b], 3)).to.equal(undefined);
      expect(loadManifest(a, "fresh", 5)).to.deep.include({ network: "fresh", chainId: 5, contracts: {} });
    });

    it("tasks name the files they looked at when no manifest is for the chain (MANIFEST_NOT_FOUND)", async () => {
      const file = path.join(dir, "other-chain.json");
      saveManifest(file, emptyManifest("other", 1));
      const r = await runTask("dm3:alias:remove", { alias: "gno", account: 0, manifest: file, json: false });
      expect(r.exitCode).to.equal(1);
      expect(r.err).to.equal(`error [MANIFEST_NOT_FOUND]: no deployment manifest: none for chain 31337 (looked at ${file}); run dm3:deploy or dm3:devnet first`);
      expect(new ManifestNotFoundError("x")).to.have.property("code", "MANIFEST_NOT_FOUND");
    });
  });

  describe("nameOwnerSigner", () => {
    it("finds the account that owns a name, with its index", async () => {
      const f = await loadFixture(ensFixture);
      await registerName(f, "alice.eth", f.accounts[2]);
      const found = await nameOwnerSigner({ ensRegistry: f.ens.registry, name: "alice.eth", accounts: f.accounts });
      expect(found.accountIndex).to.equal(2);
      expect(found.owner).to.equal(await f.accounts[2].getAddress());
      expect(await found.signer!.getAddress()).to.equal(found.owner);
    });

    it("has no signer for an unowned name or a stranger's, unless it may impersonate on a Hardhat chain", async () => {
      const f = await loadFixture(ensFixture);
      expect(await nameOwnerSigner({ ensRegistry: f.ens.registry, name: "nobody.eth", accounts: f.accounts })).to.deep.equal({
        owner: "0x0000000000000000000000000000000000000000",
        accountIndex: -1,
      });
      await registerName(f, "alice.eth", f.accounts[2]);
      const stranger = Wallet.createRandom().address;
      await (await ENSRegistry__factory.connect(f.ens.registry, f.accounts[2]).setOwner(namehash("alice.eth"), stranger)).wait();
      const plain = await nameOwnerSigner({ ensRegistry: f.ens.registry, name: "alice.eth", accounts: f.accounts });
      expect(plain).to.deep.equal({ owner: stranger, accountIndex: -1 });

      const impersonated = await nameOwnerSigner({ ensRegistry: f.ens.registry, name: "alice.eth", accounts: f.accounts, impersonateWith: hre });
      expect(impersonated.accountIndex).to.equal(-1);
      // The impersonated owner really acts for the name.
      const registry = ENSRegistry__factory.connect(f.ens.registry, impersonated.signer!);
      await (await registry.setSubnodeOwner(namehash("alice.eth"), id("sub"), stranger)).wait();
      expect(await registry.owner(namehash("sub.alice.eth"))).to.equal(stranger);
    });
  });
});
