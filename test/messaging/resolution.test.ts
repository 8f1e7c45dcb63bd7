import { expect } from "chai";
import os from "node:os";
import path from "node:path";
import { namehash, type Signer } from "ethers";
import { Dm3FirstComeRegistrar__factory } from "../../typechain-types";
import { setupDevnetAlias } from "../../deploy/alias";
import { ensureDeliveryServiceProfile, ensureUserProfile } from "../../deploy/demoProfiles";
import { deployL2Stack, type L2Stack } from "../../deploy/l2Stack";
import type { DeployContext } from "../../deploy/context";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { deriveProfileKeys } from "../../src/keys";
import { createProfile } from "../../src/profile";
import type { ProfileKeys } from "../../src/profile/types";
import { encodeRecords, evmCoinType } from "../../src/registry/records";
import {
  addPostmark,
  buildEnvelopes,
  createMessage,
  createReplyMessage,
  decryptDeliveryInformation,
  openEnvelope,
  MessageSignatureInvalidError,
  type DispatchableEnvelope,
} from "../../src/messaging";
import { aliasFixture, type AliasFixture } from "../alias/fixtures";
import { registerName } from "../helpers/ens";
import { l2, L2_CHAIN_ID } from "../registry/l2";
import { expectRejection } from "../helpers/expect";

// buildEnvelopes and openEnvelope on the genuine ENS, through every resolution path the SDK has:
// on-chain names, a CCIP-Read layer-2 name behind the gateway, and an alias.
describe("messaging over ENS: on-chain, CCIP-Read layer-2 and alias names", function () {
  let f: AliasFixture;
  let stack: L2Stack;
  const keys: Record<string, ProfileKeys> = {};
  const CAROL = "carol.l2.dm3.eth";
  const DS_URL = "http://127.0.0.1:1/ds1";
  const DS2_URL = "http://127.0.0.1:1/ds2";

  before(async () => {
    f = await aliasFixture();
    await setupDevnetAlias(f.ctx, f.ens, f.alias);
    const [ds1, ds2] = [f.accounts[6], f.accounts[7]];
    await registerName(f, "ds.dm3.eth", ds1);
    await registerName(f, "ds2.dm3.eth", ds2);
    await ensureDeliveryServiceProfile(f.ctx, f.ens, "ds.dm3.eth", ds1, DS_URL);
    await ensureDeliveryServiceProfile(f.ctx, f.ens, "ds2.dm3.eth", ds2, DS2_URL);
    keys.ds1 = await deriveProfileKeys(ds1);
    keys.ds2 = await deriveProfileKeys(ds2);
    const users: [string, Signer, string[]][] = [
      ["alice.eth", f.accounts[2], ["ds.dm3.eth"]],
      ["bob.eth", f.accounts[3], ["ds.dm3.eth", "nods.dm3.eth", "ds2.dm3.eth"]],
      ["dave.gnosis.dm3.eth", f.accounts[5], ["ds2.dm3.eth"]],
    ];
    for (const [name, owner, services] of users) {
      if (name !== "dave.gnosis.dm3.eth") await registerName(f, name, owner);
      await ensureUserProfile(f.ctx, f.ens, name, owner, services);
      keys[name] = await deriveProfileKeys(owner);
    }

    // The layer-2 stack: registry on the second chain, gateway, L1 resolver for l2.dm3.eth.
    await registerName(f, "l2.dm3.eth", f.accounts[1]);
    const chain = await l2();
    const tmp = path.join(os.tmpdir(), `dm3kit-msg-l2-${process.pid}`);
    const l1Ctx: DeployContext = { ...f.ctx, manifest: structuredClone(f.ctx.manifest), manifestFile: `${tmp}-l1.json`, log: () => undefined };
    stack = await deployL2Stack({ l1Ctx, l2: { url: chain.chain.url, signer: chain.accounts[0], manifestFile: `${tmp}-l2.json` }, parentName: "l2.dm3.eth", gatewayPrivateKey: "0x" + "c3".repeat(32) });
    const carol = chain.accounts[3];
    const carolAddress = await carol.getAddress();
    const created = await createProfile(carol, ["ds.dm3.eth"]);
    keys[CAROL] = created.keys;
    const records = encodeRecords(namehash(CAROL), {
      addr: carolAddress,
      coinAddrs: { [evmCoinType(L2_CHAIN_ID).toString()]: carolAddress },
      texts: { [PROFILE_RECORD_KEY]: created.record },
    });
    await (await Dm3FirstComeRegistrar__factory.connect(stack.registrar, carol).register("carol", carolAddress, records)).wait();
  });

  after(async () => {
    await stack?.close();
  });

  /** What a delivery service does with an envelope it accepts: read the delivery information, postmark it. */
  function deliver(e: DispatchableEnvelope, dsKeys: ProfileKeys, receiverKeys: ProfileKeys) {
    const info = decryptDeliveryInformation(e.envelope, dsKeys);
    return { info, envelope: addPostmark(e.envelope, dsKeys, receiverKeys.encryptionKeyPair.publicKey) };
  }

  it("on-chain names: one envelope per delivery service bob lists (a DS without profile is skipped), each opens verified", async () => {
    const m = createMessage("bob.eth", "alice.eth", "hi bob", keys["alice.eth"].signingKeyPair.privateKey);
    const built = await buildEnvelopes(keys["alice.eth"], "alice.eth", "bob.eth", m, { provider: f.provider });
    expect(built.envelopes.map((e) => [e.deliveryServiceName, e.deliveryServiceUrl])).to.deep.equal([
      ["ds.dm3.eth", DS_URL],
      ["ds2.dm3.eth", DS2_URL],
    ]);
    expect(built.skipped.map((s) => s.name)).to.deep.equal(["nods.dm3.eth"]);
    for (const [i, dsKeys] of [keys.ds1, keys.ds2].entries()) {
      const { info, envelope } = deliver(built.envelopes[i], dsKeys, keys["bob.eth"]);
      expect(info).to.deep.equal({ to: "bob.eth", from: "alice.eth" });
      const opened = await openEnvelope(envelope, keys["bob.eth"], { provider: f.provider, ownName: "bob.eth", requirePostmark: true });
      expect(opened.message).to.deep.equal(m);
      expect(opened.sender.name).to.equal("alice.eth");
      expect(opened.deliveryService).to.equal(built.envelopes[i].deliveryServiceName);
      expect(Object.values(opened.checks).every((v) => v === "valid")).to.equal(true);
    }
    // The receiver resolves the sender: a message signed with another key than alice's profile key fails.
    const forged = createMessage("bob.eth", "alice.eth", "hi bob", keys["bob.eth"].signingKeyPair.privateKey);
    const sent = await buildEnvelopes(keys["bob.eth"], "alice.eth", "bob.eth", forged, { provider: f.provider });
    await expectRejection(openEnvelope(deliver(sent.envelopes[0], keys.ds1, keys["bob.eth"]).envelope, keys["bob.eth"], { provider: f.provider, deliveryService: "ds.dm3.eth" }), MessageSignatureInvalidError);
  });

  it("CCIP-Read layer-2 name: alice sends to carol.l2.dm3.eth and carol replies; both sides resolve through the gateway", async () => {
    const m = createMessage(CAROL, "alice.eth", "hello layer 2", keys["alice.eth"].signingKeyPair.privateKey);
    const built = await buildEnvelopes(keys["alice.eth"], "alice.eth", CAROL, m, { provider: f.provider });
    expect(built.receiver.name).to.equal(CAROL);
    expect(built.envelopes.map((e) => e.deliveryServiceName)).to.deep.equal(["ds.dm3.eth"]);
    const { info, envelope } = deliver(built.envelopes[0], keys.ds1, keys[CAROL]);
    expect(info.to).to.equal(CAROL);
    const opened = await openEnvelope(envelope, keys[CAROL], { provider: f.provider, ownName: CAROL });
    expect(opened.message.message).to.equal("hello layer 2");
    expect(opened.deliveryService).to.equal("ds.dm3.eth");

    const reply = createReplyMessage("alice.eth", CAROL, "hi from L2", keys[CAROL].signingKeyPair.privateKey, opened.messageHash);
    const back = await buildEnvelopes(keys[CAROL], CAROL, "alice.eth", reply, { provider: f.provider });
    const got = await openEnvelope(deliver(back.envelopes[0], keys.ds1, keys["alice.eth"]).envelope, keys["alice.eth"], { provider: f.provider, deliveryService: "ds.dm3.eth" });
    expect(got.sender.name).to.equal(CAROL); // resolved over CCIP-Read, signature checked against it
    expect(got.message.metadata.referenceMessageHash).to.equal(opened.messageHash);
  });

  it("alias: alice writes to dave.gno, dave answers as dave.gno; the delivery information carries the canonical name", async () => {
    const aliasOptions = { provider: f.provider, aliasRegistry: f.alias.aliasRegistry };
    const m = createMessage("dave.gno", "alice.eth", "hi dave", keys["alice.eth"].signingKeyPair.privateKey);
    const built = await buildEnvelopes(keys["alice.eth"], "alice.eth", "dave.gno", m, aliasOptions);
    expect(built.receiver).to.include({ name: "dave.gnosis.dm3.eth", alias: "dave.gno" });
    const { info, envelope } = deliver(built.envelopes[0], keys.ds2, keys["dave.gnosis.dm3.eth"]);
    expect(info.to).to.equal("dave.gnosis.dm3.eth");
    const opened = await openEnvelope(envelope, keys["dave.gnosis.dm3.eth"], { ...aliasOptions, deliveryService: "ds2.dm3.eth" });
    expect(opened.message.metadata.to).to.equal("dave.gno");

    const reply = createMessage("alice.eth", "dave.gno", "hi alice", keys["dave.gnosis.dm3.eth"].signingKeyPair.privateKey);
    const back = await buildEnvelopes(keys["dave.gnosis.dm3.eth"], "dave.gno", "alice.eth", reply, aliasOptions);
    const got = await openEnvelope(deliver(back.envelopes[0], keys.ds1, keys["alice.eth"]).envelope, keys["alice.eth"], { ...aliasOptions, ownName: "alice.eth" });
    expect(got.sender).to.include({ name: "dave.gnosis.dm3.eth", alias: "dave.gno" });
    // The same reply through the one-call universal resolver.
    const viaUniversal = await openEnvelope(deliver(back.envelopes[0], keys.ds1, keys["alice.eth"]).envelope, keys["alice.eth"], {
      provider: f.provider,
      universalResolver: f.alias.universalResolver,
      deliveryService: "ds.dm3.eth",
    });
    expect(viaUniversal.message).to.deep.equal(reply);
  });
});
