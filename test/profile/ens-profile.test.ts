import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { id, namehash, type Signer } from "ethers";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { NameNotNormalizedError } from "../../src/names";
import {
  createProfile,
  type DeliveryServiceProfile,
  LinkUnreachableError,
  MalformedRecordError,
  NoAddressError,
  NoEnsError,
  NoRecordError,
  NoResolverError,
  NotAuthorizedError,
  publishDeliveryServiceProfile,
  publishProfile,
  resolveDeliveryServiceProfile,
  resolveProfile,
  signProfile,
  toDataUri,
  WrongSignerError,
} from "../../src/profile";
import { stringify } from "../../src/shared/json";
import { Dm3Test1271Wallet__factory, ENSRegistry__factory, FIFSRegistrar__factory, PublicResolver__factory } from "../../typechain-types";
import { ensFixture, registerName, type EnsFixture } from "../helpers/ens";
import { recordGas } from "../helpers/gas";
import { startStaticServer, type StaticServer } from "../fixtures/http";
import { refProfile } from "../fixtures/reference";
import { expectRejection } from "../helpers/expect";

/** `label.eth` owned by `owner` with the public resolver but no addr record. */
async function registerWithoutAddr(f: EnsFixture, label: string, owner: Signer): Promise<void> {
  const ownerAddress = await owner.getAddress();
  await (await FIFSRegistrar__factory.connect(f.ens.ethRegistrar!, owner).register(id(label), ownerAddress)).wait();
  await (await ENSRegistry__factory.connect(f.ens.registry, owner).setResolver(namehash(`${label}.eth`), f.ens.resolver)).wait();
}

describe("publishProfile → resolveProfile on genuine ENS", () => {
  let server: StaticServer;
  before(async () => {
    server = await startStaticServer();
  });
  after(() => server.close());

  it("publishes a data-URI profile and resolves it through ethers' resolver, valid", async () => {
    const f = await loadFixture(ensFixture);
    const alice = f.accounts[2];
    await registerName(f, "alice.eth", alice);
    const { signedProfile, record } = await createProfile(alice, ["ds.dm3.eth"]);
    const result = await publishProfile(alice, "alice.eth", signedProfile, { provider: f.provider });
    recordGas("dm3kit.publishProfile(data URI, setText)", result.gasUsed);
    expect(result).to.include({ record, resolver: f.ens.resolver, wroteAddr: false, multicall: false });
    expect(result.txHashes).to.have.length(1);

    const resolved = await resolveProfile(f.provider, "alice.eth");
    expect(resolved).to.deep.equal({
      name: "alice.eth",
      address: await alice.getAddress(),
      format: "data",
      profile: signedProfile.profile,
      signedProfile,
      valid: true,
      method: "eoa",
    });
    // The reference client resolves the same record through the same provider.
    expect(await refProfile.getUserProfile(f.provider, "alice.eth")).to.deep.equal(signedProfile);
  });

  it("sets the missing addr record in the same multicall transaction", async () => {
    const f = await loadFixture(ensFixture);
    const carol = f.accounts[5];
    await registerWithoutAddr(f, "carol", carol);
    expect(await f.provider.resolveName("carol.eth")).to.equal(null);
    const { signedProfile } = await createProfile(carol, ["ds.dm3.eth"]);
    const result = await publishProfile(carol, "carol.eth", signedProfile, { provider: f.provider });
    recordGas("dm3kit.publishProfile(data URI, multicall setText+setAddr)", result.gasUsed);
    expect(result).to.include({ wroteAddr: true, multicall: true });
    expect(result.txHashes).to.have.length(1);
    const resolved = await resolveProfile(f.provider, "carol.eth");
    expect(resolved).to.include({ address: await carol.getAddress(), valid: true });
  });

  it("publishes a link record (dm3Hash) and resolves it from a local server", async () => {
    const f = await loadFixture(ensFixture);
    const bob = f.accounts[3];
    await registerName(f, "bob.eth", bob);
    const { signedProfile } = await createProfile(bob, ["ds.dm3.eth"]);
    server.set("/bob.json", stringify(signedProfile));
    const result = await publishProfile(bob, "bob.eth", signedProfile, { provider: f.provider, format: "link", url: `${server.url}/bob.json` });
    recordGas("dm3kit.publishProfile(link, setText)", result.gasUsed);
    expect(result.record).to.match(/\/bob\.json\?dm3Hash=0x[0-9a-f]{64}$/);
    // A local http server: the devnet's opt-in (links are https-only and public-only by default).
    const local = { allowInsecure: true, allowPrivateNetwork: true };
    expect(await resolveProfile(f.provider, "bob.eth", local)).to.include({ format: "link", valid: true });
    await expectRejection(resolveProfile(f.provider, "bob.eth"), LinkUnreachableError, /plain http is refused/);
  });

  it("verifies a name whose addr is an ERC-1271 account", async () => {
    const f = await loadFixture(ensFixture);
    const dave = f.accounts[6];
    await registerName(f, "dave.eth", dave);
    const account = await new Dm3Test1271Wallet__factory(dave).deploy(await dave.getAddress());
    const accountAddress = await account.getAddress();
    await (await PublicResolver__factory.connect(f.ens.resolver, dave)["setAddr(bytes32,address)"](namehash("dave.eth"), accountAddress)).wait();
    const { signedProfile: eoaProfile } = await createProfile(dave, ["ds.dm3.eth"]);
    const signedProfile = await signProfile(dave, eoaProfile.profile, { account: accountAddress });
    await expectRejection(publishProfile(dave, "dave.eth", eoaProfile, { provider: f.provider }), WrongSignerError);
    await publishProfile(dave, "dave.eth", signedProfile, { provider: f.provider });
    expect(await resolveProfile(f.provider, "dave.eth")).to.include({ address: accountAddress, valid: true, method: "erc1271" });
  });

  it("reports a record signed by someone else as invalid (wrong signer)", async () => {
    const f = await loadFixture(ensFixture);
    const alice = f.accounts[2];
    await registerName(f, "alice.eth", alice);
    const { signedProfile } = await createProfile(f.accounts[7], ["ds.dm3.eth"]);
    await expectRejection(publishProfile(alice, "alice.eth", signedProfile, { provider: f.provider }), WrongSignerError, /not validly signed/);
    await publishProfile(alice, "alice.eth", signedProfile, { provider: f.provider, skipVerification: true });
    const resolved = await resolveProfile(f.provider, "alice.eth");
    expect(resolved).to.include({ valid: false, method: "eoa" });
    expect(resolved.reason).to.match(/wrong signer/);
  });

  it("publishes and resolves a delivery-service profile", async () => {
    const f = await loadFixture(ensFixture);
    const ds = f.accounts[4];
    await registerName(f, "dm3.eth", f.accounts[1]);
    await registerName(f, "ds.dm3.eth", ds);
    const { deliveryServiceProfile } = await refProfile.createDeliveryServiceProfile("http://127.0.0.1:8083");
    const result = await publishDeliveryServiceProfile(ds, "ds.dm3.eth", deliveryServiceProfile as DeliveryServiceProfile, { provider: f.provider });
    expect(result.record).to.equal(toDataUri(deliveryServiceProfile));
    expect(await resolveDeliveryServiceProfile(f.provider, "ds.dm3.eth")).to.deep.equal({ name: "ds.dm3.eth", format: "data", profile: deliveryServiceProfile });
    expect(await refProfile.getDeliveryServiceProfile("ds.dm3.eth", f.provider, async () => undefined)).to.deep.equal(deliveryServiceProfile);
  });

  describe("failure paths", () => {
    it("NoResolverError for a name without resolver (resolve and publish)", async () => {
      const f = await loadFixture(ensFixture);
      const erin = f.accounts[8];
      await (await FIFSRegistrar__factory.connect(f.ens.ethRegistrar!, erin).register(id("erin"), await erin.getAddress())).wait();
      await expectRejection(resolveProfile(f.provider, "erin.eth"), NoResolverError, /erin\.eth has no ENS resolver/);
      await expectRejection(resolveProfile(f.provider, "nobody.eth"), NoResolverError);
      const { signedProfile } = await createProfile(erin, []);
      await expectRejection(publishProfile(erin, "erin.eth", signedProfile, { provider: f.provider }), NoResolverError);
      await expectRejection(resolveDeliveryServiceProfile(f.provider, "nobody.eth"), NoResolverError);
    });

    it("NoRecordError for a name without a profile record", async () => {
      const f = await loadFixture(ensFixture);
      await registerName(f, "alice.eth", f.accounts[2]);
      await expectRejection(resolveProfile(f.provider, "alice.eth"), NoRecordError, /no "network\.dm3\.profile" text record/);
      await expectRejection(resolveDeliveryServiceProfile(f.provider, "alice.eth"), NoRecordError);
    });

    it("NoAddressError for a profile on a name without addr record", async () => {
      const f = await loadFixture(ensFixture);
      const carol = f.accounts[5];
      await registerWithoutAddr(f, "carol", carol);
      const { record } = await createProfile(carol, ["ds.dm3.eth"]);
      await (await PublicResolver__factory.connect(f.ens.resolver, carol).setText(namehash("carol.eth"), PROFILE_RECORD_KEY, record)).wait();
      await expectRejection(resolveProfile(f.provider, "carol.eth"), NoAddressError);
    });

    it("NameNotNormalizedError for an unnormalized name (resolve and publish)", async () => {
      const f = await loadFixture(ensFixture);
      await expectRejection(resolveProfile(f.provider, "Alice.eth"), NameNotNormalizedError, /"alice\.eth"/);
      const { signedProfile } = await createProfile(f.accounts[2], []);
      await expectRejection(publishProfile(f.accounts[2], "Alice.eth", signedProfile, { provider: f.provider }), NameNotNormalizedError);
    });

    it("NotAuthorizedError when the signer does not own the name", async () => {
      const f = await loadFixture(ensFixture);
      await registerName(f, "alice.eth", f.accounts[2]);
      const mallory = f.accounts[9];
      const { signedProfile } = await createProfile(f.accounts[2], ["ds.dm3.eth"]);
      await expectRejection(
        publishProfile(mallory, "alice.eth", signedProfile, { provider: f.provider }),
        NotAuthorizedError,
        new RegExp(`owned by ${await f.accounts[2].getAddress()}`),
      );
    });

    it("MalformedRecordError for a link record without its URL, sending nothing", async () => {
      const f = await loadFixture(ensFixture);
      await registerName(f, "alice.eth", f.accounts[2]);
      const { signedProfile } = await createProfile(f.accounts[2], []);
      const before = await hre.ethers.provider.getBlockNumber();
      await expectRejection(publishProfile(f.accounts[2], "alice.eth", signedProfile, { provider: f.provider, format: "link" }), MalformedRecordError, /needs options\.url/);
      expect(await hre.ethers.provider.getBlockNumber()).to.equal(before);
    });

    it("NoEnsError when the provider's network has no ENS registry", async () => {
      const f = await loadFixture(ensFixture);
      await registerName(f, "alice.eth", f.accounts[2]);
      const { signedProfile } = await createProfile(f.accounts[2], []);
      // hardhat-ethers' provider (the signer's own) carries no ENS plugin; an explicit registry address works.
      await expectRejection(publishProfile(f.accounts[2], "alice.eth", signedProfile), NoEnsError);
      const result = await publishProfile(f.accounts[2], "alice.eth", signedProfile, { ensAddress: f.ens.registry });
      expect(result.txHashes).to.have.length(1);
      expect(await hre.ethers.provider.getTransactionReceipt(result.txHashes[0])).to.have.property("status", 1);
    });
  });
});
