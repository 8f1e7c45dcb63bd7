import { expect } from "chai";
import hre from "hardhat";
import { ZeroAddress, Wallet } from "ethers";
import { runTask } from "../helpers/tasks";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { stringify } from "../../src/shared/json";
import { PARENT, nodeOf, profileRecord, registryFixture, type RegistryFixture } from "./fixtures";

/** Runs `body` with the given environment variables set (undefined = unset), restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/** The L2 task arguments that point at the fixture's chain and contracts (signer: the node's first account). */
async function l2Args(f: RegistryFixture) {
  return { rpc: f.chain.url, registry: await f.registry.getAddress(), registrar: await f.registrar.getAddress(), manifest: "" };
}

/** Runs an L2 task with DM3_L2_PRIVATE_KEY unset, so the signer is the L2 node's account #0 (the fixture's owner). */
function runL2Task(name: string, args: Record<string, unknown>) {
  return withEnv({ DM3_L2_PRIVATE_KEY: undefined }, () => runTask(name, args));
}

describe("L2 registry tasks (dm3:l2:register, dm3:l2:set-profile, dm3:gateway)", () => {
  describe("dm3:l2:register", () => {
    it("registers <label>.l2.dm3.eth to the signer on L2 and prints the result as JSON", async () => {
      const f = await registryFixture();
      const owner = await f.owner.getAddress();
      const run = await runL2Task("dm3:l2:register", { ...(await l2Args(f)), label: "alice", owner: "", json: true });
      expect(run.err).to.equal("");
      expect(run.exitCode).to.equal(0);
      const out = JSON.parse(run.out);
      expect(out).to.deep.include({ name: `alice.${PARENT}`, node: nodeOf("alice"), owner });
      expect(out.txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(Number(out.gasUsed)).to.be.greaterThan(21000);
      expect(await f.registry["owner(bytes32)"](nodeOf("alice"))).to.equal(owner);
      expect(await f.registry["addr(bytes32)"](nodeOf("alice"))).to.equal(owner);
      expect(await f.registrar.available("alice")).to.equal(false);
    });

    it("registers to --owner when given, and refuses a label that is taken (exit 1, one line)", async () => {
      const f = await registryFixture();
      const other = await f.accounts[3].getAddress();
      const args = { ...(await l2Args(f)), label: "bob", json: false };
      const run = await runL2Task("dm3:l2:register", { ...args, owner: other.toLowerCase() });
      expect(run.exitCode).to.equal(0);
      expect(run.out).to.match(new RegExp(`^registered bob\\.l2\\.dm3\\.eth to ${other} \\(tx 0x[0-9a-f]{64}\\)$`));
      expect(await f.registry["owner(bytes32)"](nodeOf("bob"))).to.equal(other);
      const again = await runL2Task("dm3:l2:register", { ...args, owner: "" });
      expect(again.exitCode).to.equal(1);
      expect(again.err).to.equal("error [L2_NAME_TAKEN]: bob.l2.dm3.eth is already registered");
      expect(await f.registry["owner(bytes32)"](nodeOf("bob"))).to.equal(other);
    });

    it("refuses --owner that the node holds no key for: the owner's consent is missing (exit 1, nothing sent)", async () => {
      const f = await registryFixture();
      const stranger = Wallet.createRandom().address;
      const blockBefore = await f.provider.getBlockNumber();
      const run = await runL2Task("dm3:l2:register", { ...(await l2Args(f)), label: "bob", owner: stranger, json: false });
      expect(run.exitCode).to.equal(1);
      expect(run.err).to.equal(`error [L2_CONSENT_REQUIRED]: registering bob.l2.dm3.eth for ${stranger} needs the owner's consent: pass the owner's signer or their signed consent`);
      expect(await f.provider.getBlockNumber()).to.equal(blockBefore);
    });

    for (const [label, reason] of [
      ["ab", /length must be 3\.\.63/],
      ["Alice", /character "A" at 0/],
      ["al_ce", /character "_" at 2/],
      ["ab--cd", /"--" at positions 3-4/],
    ] as const) {
      it(`refuses the invalid label "${label}" with one line and its code, exit 1, sending nothing`, async () => {
        const f = await registryFixture();
        const blockBefore = await f.provider.getBlockNumber();
        const run = await runL2Task("dm3:l2:register", { ...(await l2Args(f)), label, owner: "", json: true });
        expect(run.exitCode).to.equal(1);
        expect(run.out).to.equal("");
        expect(run.err.split("\n")).to.have.length(1);
        expect(run.err).to.match(/^error \[L2_LABEL_INVALID\]: label ".*" cannot be registered: /);
        expect(run.err).to.match(reason);
        expect(await f.provider.getBlockNumber()).to.equal(blockBefore);
        expect(await f.registry["owner(bytes32)"](await f.registry.makeNode(label))).to.equal(ZeroAddress);
        expect(await f.registry.balanceOf(await f.owner.getAddress())).to.equal(0n);
      });
    }
  });

  describe("dm3:l2:set-profile", () => {
    async function registered(label: string) {
      const f = await registryFixture();
      const args = await l2Args(f);
      expect((await runL2Task("dm3:l2:register", { ...args, label, owner: "", json: true })).exitCode).to.equal(0);
      return { f, args, node: nodeOf(label) };
    }

    it("stores a data: URI record as given and prints JSON", async () => {
      const { f, args, node } = await registered("carol");
      const { record } = await profileRecord(f.owner);
      const run = await runL2Task("dm3:l2:set-profile", { ...args, label: "carol", record, json: true });
      expect(run.err).to.equal("");
      expect(run.exitCode).to.equal(0);
      expect(JSON.parse(run.out)).to.deep.include({ node, bytes: record.length });
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal(record);
    });

    it("stores a SignedUserProfile given as JSON in dm3's canonical form (data:application/json,<stringify>)", async () => {
      const { f, args, node } = await registered("dave");
      const { signed } = await profileRecord(f.owner);
      const run = await runL2Task("dm3:l2:set-profile", { ...args, label: "dave", record: ` ${JSON.stringify(signed, null, 2)}\n`, json: false });
      expect(run.exitCode).to.equal(0);
      expect(run.out).to.match(/^profile of dave set \(\d+ bytes, tx 0x[0-9a-f]{64}\)$/);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal(`data:application/json,${stringify(signed)}`);
    });

    it("refuses invalid JSON, a malformed data: URI, and anything that is not a SignedUserProfile with a typed error, leaving the record unchanged", async () => {
      const { f, args, node } = await registered("erin");
      const { record } = await profileRecord(f.owner);
      expect((await runL2Task("dm3:l2:set-profile", { ...args, label: "erin", record, json: false })).exitCode).to.equal(0);
      const blockBefore = await f.provider.getBlockNumber();

      const invalid = await runL2Task("dm3:l2:set-profile", { ...args, label: "erin", record: '{"profile": ', json: false });
      expect(invalid.exitCode).to.equal(1);
      expect(invalid.err).to.equal("error [L2_RECORD_INVALID]: the profile is neither a data: URI nor JSON");

      const notProfile = await runL2Task("dm3:l2:set-profile", { ...args, label: "erin", record: '{"profile": {}, "signature": "0x"}', json: false });
      expect(notProfile.exitCode).to.equal(1);
      expect(notProfile.err).to.match(/^error \[SCHEMA_VIOLATION\]: not a valid SignedUserProfile: /);
      expect(notProfile.err.split("\n")).to.have.length(1);

      const badUri = await runL2Task("dm3:l2:set-profile", { ...args, label: "erin", record: "data:application/json,{not json", json: false });
      expect(badUri.exitCode).to.equal(1);
      expect(badUri.err).to.match(/^error \[MALFORMED_RECORD\]: /);
      const uriNotProfile = await runL2Task("dm3:l2:set-profile", { ...args, label: "erin", record: 'data:application/json,{"a":1}', json: false });
      expect(uriNotProfile.exitCode).to.equal(1);
      expect(uriNotProfile.err).to.match(/^error \[SCHEMA_VIOLATION\]: /);

      expect(await f.provider.getBlockNumber()).to.equal(blockBefore);
      expect(await f.registry.text(node, PROFILE_RECORD_KEY)).to.equal(record);
    });
  });

  describe("dm3:gateway", () => {
    const GATEWAY_ENV = ["DM3_GATEWAY_PRIVATE_KEY", "DM3_GATEWAY_L2_RPC_URL", "DM3_GATEWAY_L2_REGISTRY", "DM3_GATEWAY_RESOLVERS"];
    const unsetAll = Object.fromEntries(GATEWAY_ENV.map((k) => [k, undefined]));
    const flags = { rpc: "http://127.0.0.1:1", registry: "0x" + "12".repeat(20), resolvers: "0x" + "34".repeat(20), ttl: 300, host: "127.0.0.1", port: 0 };

    it("has no parameter that could carry the signing key: the key comes from the environment only", () => {
      const params = Object.keys(hre.tasks["dm3:gateway"].paramDefinitions);
      expect(params.filter((p) => /key|secret|mnemonic|signer/i.test(p))).to.deep.equal([]);
    });

    it("refuses to start without DM3_GATEWAY_PRIVATE_KEY: one clear line, exit 1 (a privateKey argument is ignored)", async () => {
      const key = Wallet.createRandom().privateKey;
      for (const json of [false, true]) {
        const run = await withEnv(unsetAll, () => runTask("dm3:gateway", { ...flags, json, privateKey: key }));
        expect(run.exitCode).to.equal(1);
        expect(run.out).to.equal("");
        expect(run.err).to.equal("error [GATEWAY_CONFIG]: no signing key: pass privateKey or set DM3_GATEWAY_PRIVATE_KEY");
      }
    });

    it("refuses a malformed key without echoing it, and a missing registry or resolver list", async () => {
      const badKey = "0xdeadbeef1234";
      const bad = await withEnv({ ...unsetAll, DM3_GATEWAY_PRIVATE_KEY: badKey }, () => runTask("dm3:gateway", { ...flags, json: false }));
      expect(bad.exitCode).to.equal(1);
      expect(bad.err).to.equal("error [GATEWAY_CONFIG]: the signing key is not a 32-byte hex private key");
      expect(bad.err + bad.out).not.to.include("deadbeef");

      const key = Wallet.createRandom().privateKey;
      const noRegistry = await withEnv({ ...unsetAll, DM3_GATEWAY_PRIVATE_KEY: key }, () => runTask("dm3:gateway", { ...flags, registry: "", json: false }));
      expect(noRegistry.exitCode).to.equal(1);
      expect(noRegistry.err).to.match(/^error \[GATEWAY_CONFIG\]: no L2 registry address/);
      const noResolvers = await withEnv({ ...unsetAll, DM3_GATEWAY_PRIVATE_KEY: key }, () => runTask("dm3:gateway", { ...flags, resolvers: "", json: false }));
      expect(noResolvers.exitCode).to.equal(1);
      expect(noResolvers.err).to.match(/^error \[GATEWAY_CONFIG\]: no L1 resolver to serve/);
      expect(noRegistry.err + noResolvers.err).not.to.include(key.slice(2));
    });

    it("fails with exit 1 and a redacted message when the L2 RPC is unreachable", async () => {
      const key = Wallet.createRandom().privateKey;
      const run = await withEnv({ ...unsetAll, DM3_GATEWAY_PRIVATE_KEY: key }, () =>
        runTask("dm3:gateway", { ...flags, rpc: "http://127.0.0.1:1/v2/SECRETAPIKEY", json: false }),
      );
      expect(run.exitCode).to.equal(1);
      expect(run.err).to.match(/^error \[GATEWAY_CONFIG\]: L2 RPC .* is not reachable/);
      expect(run.err).not.to.include("SECRETAPIKEY");
      expect(run.err).not.to.include(key.slice(2));
    });
  });
});
