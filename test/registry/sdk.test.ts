import { expect } from "chai";
import { Wallet, ZeroAddress } from "ethers";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { toDataUri } from "../../src/profile/records";
import { SchemaViolationError } from "../../src/profile/errors";
import { evmCoinType, encodeRecords } from "../../src/registry/records";
import { signRegistration } from "../../src/registry/consent";
import { registerName } from "../../src/registry";
import { profileRecordOf, setProfile } from "../../src/profile/l2Profile";
import {
  InvalidL2LabelError,
  InvalidL2RecordError,
  L2ConsentRequiredError,
  L2NameTakenError,
  L2NotAuthorizedError,
  L2RegistrationClosedError,
} from "../../src/registry/errors";
import { expectRejection } from "../helpers/expect";
import { L2_CHAIN_ID } from "./l2";
import { PARENT, nodeOf, profileRecord, registryFixture, type RegistryFixture } from "./fixtures";

describe("SDK: registerName and setProfile (src/registry)", () => {
  let f: RegistryFixture;
  let registrar: string;
  let registry: string;
  beforeEach(async () => {
    f = await registryFixture();
    registrar = await f.registrar.getAddress();
    registry = await f.registry.getAddress();
  });

  describe("registerName", () => {
    it("registers to the sender with its address for coin 60 and the chain's ENSIP-11 coin type", async () => {
      const alice = f.accounts[2];
      const address = await alice.getAddress();
      const r = await registerName(alice, { registrar, label: "alice" });
      expect(r).to.deep.include({ name: `alice.${PARENT}`, node: nodeOf("alice"), owner: address, signed: false });
      expect(r.gasUsed > 21000n).to.equal(true);
      expect(await f.registry.ownerOf(r.node)).to.equal(address);
      expect(await f.registry["addr(bytes32)"](r.node)).to.equal(address);
      expect(await f.registry["addr(bytes32,uint256)"](r.node, evmCoinType(L2_CHAIN_ID))).to.equal(address.toLowerCase());
    });

    it("registers for another owner with the consent its signer gives, or one it signed before; the records are the owner's", async () => {
      const [relayer, bob, carol] = [f.accounts[5], f.accounts[3], f.accounts[4]];
      const viaSigner = await registerName(relayer, { registrar, label: "bob", owner: bob, records: { texts: { k: "bob's" } } });
      expect(viaSigner).to.deep.include({ owner: await bob.getAddress(), signed: true });
      expect(await f.registry.ownerOf(viaSigner.node)).to.equal(await bob.getAddress());
      expect(await f.registry.text(viaSigner.node, "k")).to.equal("bob's");

      const carolAddress = await carol.getAddress();
      const records = encodeRecords(nodeOf("carol"), { addr: carolAddress });
      const consent = await signRegistration(carol, registrar, L2_CHAIN_ID, { label: "carol", records, deadline: 4_102_444_800n });
      const given = await registerName(relayer, { registrar, label: "carol", consent });
      expect(given).to.deep.include({ owner: carolAddress, signed: true });
      expect(await f.registry["addr(bytes32)"](given.node)).to.equal(carolAddress);
    });

    it("refuses, sending nothing: another owner without consent, a consent for another label, an invalid label, a taken name, a closed registrar", async () => {
      const [sender, other] = [f.accounts[2], f.accounts[3]];
      const before = await f.provider.getTransactionCount(await sender.getAddress());
      await expectRejection(registerName(sender, { registrar, label: "dave", owner: Wallet.createRandom().address }), L2ConsentRequiredError, /dave\.l2\.dm3\.eth/);
      const consent = await signRegistration(other, registrar, L2_CHAIN_ID, { label: "erin", records: [], deadline: 4_102_444_800n });
      await expectRejection(registerName(sender, { registrar, label: "dave", consent }), L2ConsentRequiredError, /"erin"/);
      await expectRejection(registerName(sender, { registrar, label: "Dave" }), InvalidL2LabelError);
      expect(await f.provider.getTransactionCount(await sender.getAddress())).to.equal(before);

      await registerName(other, { registrar, label: "dave" });
      await expectRejection(registerName(sender, { registrar, label: "dave" }), L2NameTakenError, /^dave\.l2\.dm3\.eth is already registered$/);
      await (await f.registrar.setOpen(false)).wait();
      await expectRejection(registerName(sender, { registrar, label: "frank" }), L2RegistrationClosedError);
      expect(await f.registry["owner(bytes32)"](nodeOf("frank"))).to.equal(ZeroAddress);
    });
  });

  describe("setProfile", () => {
    it("stores a SignedUserProfile as its data URI (toDataUri), and a data: URI as given", async () => {
      const alice = f.accounts[2];
      await registerName(alice, { registrar, label: "alice" });
      const { record, signed } = await profileRecord(alice);
      const set = await setProfile(alice, { registry, label: "alice", profile: signed });
      expect(set).to.deep.include({ node: nodeOf("alice"), record: toDataUri(signed), bytes: record.length });
      expect(await f.registry.text(nodeOf("alice"), PROFILE_RECORD_KEY)).to.equal(toDataUri(signed));
      await setProfile(alice, { registry, label: "alice", profile: record });
      expect(await f.registry.text(nodeOf("alice"), PROFILE_RECORD_KEY)).to.equal(record);
    });

    it("lets an approved operator set it; refuses anyone else and unregistered names before sending", async () => {
      const [alice, operator, eve] = [f.accounts[2], f.accounts[4], f.accounts[5]];
      await registerName(alice, { registrar, label: "alice" });
      const { signed } = await profileRecord(alice);
      const before = await f.provider.getTransactionCount(await eve.getAddress());
      await expectRejection(setProfile(eve, { registry, label: "alice", profile: signed }), L2NotAuthorizedError, /alice\.l2\.dm3\.eth/);
      await expectRejection(setProfile(eve, { registry, label: "nobody", profile: signed }), L2NotAuthorizedError);
      expect(await f.provider.getTransactionCount(await eve.getAddress())).to.equal(before);
      await (await f.registry.connect(alice).setApprovalForAll(await operator.getAddress(), true)).wait();
      await setProfile(operator, { registry, label: "alice", profile: signed });
      expect(await f.registry.text(nodeOf("alice"), PROFILE_RECORD_KEY)).to.equal(toDataUri(signed));
    });

    it("profileRecordOf: canonical data URI from profile JSON; typed errors for what is not a signed profile", async () => {
      const { signed } = await profileRecord(f.accounts[2]);
      expect(await profileRecordOf(JSON.stringify(signed, null, 2))).to.equal(toDataUri(signed));
      await expectRejection(profileRecordOf("{not json"), InvalidL2RecordError);
      await expectRejection(profileRecordOf('{"profile": {}}'), SchemaViolationError);
      await expectRejection(profileRecordOf('data:application/json,{"a":1}'), SchemaViolationError);
    });
  });
});
