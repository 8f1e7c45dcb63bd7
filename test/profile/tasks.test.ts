import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { runTask } from "../helpers/tasks";
import { ensFixture, registerName } from "../helpers/ens";
import { VECTOR } from "../fixtures/dm3-vectors";
import { startStaticServer } from "../fixtures/http";
import { toLinkRecord } from "../../src/profile/records";

describe("dm3:keys and dm3:profile:* tasks", () => {
  it("dm3:keys prints the §5.4 keys as JSON, and other keys for another nonce", async () => {
    const { out, exitCode } = await runTask("dm3:keys", { privateKey: VECTOR.privateKey, json: true });
    expect(exitCode).to.equal(0);
    const keys = JSON.parse(out);
    expect(keys).to.deep.include({ address: VECTOR.address, storageEncryptionKey: VECTOR.storageKey });
    expect(keys.encryptionKeyPair).to.deep.equal(VECTOR.encryptionKeyPair);
    expect(keys.signingKeyPair).to.deep.equal(VECTOR.signingKeyPair);
    const other = JSON.parse((await runTask("dm3:keys", { privateKey: VECTOR.privateKey, nonce: "0x123", json: true })).out);
    expect(other.storageEncryptionNonce).to.equal("0x123");
    expect(other.storageEncryptionKey).not.to.equal(VECTOR.storageKey);
  });

  it("dm3:keys fails cleanly on a bad private key", async () => {
    const { err, exitCode } = await runTask("dm3:keys", { privateKey: "0x1234", json: false });
    expect(exitCode).to.equal(1);
    expect(err).to.match(/^error/);
  });

  it("dm3:profile:create prints the signed profile, keys and record; dm3:profile:verify accepts it", async () => {
    const created = JSON.parse((await runTask("dm3:profile:create", { privateKey: VECTOR.privateKey, deliveryServices: "ds.dm3.eth", json: true })).out);
    expect(created.signedProfile.signature).to.equal(VECTOR.profileSignature);
    expect(created.record).to.match(/^data:application\/json,\{"profile"/);
    expect(created.keys.storageEncryptionKey).to.equal(VECTOR.storageKey);

    for (const profile of [created.record, JSON.stringify(created.signedProfile)]) {
      const ok = await runTask("dm3:profile:verify", { profile, address: VECTOR.address, json: true });
      expect(ok.exitCode).to.equal(0);
      expect(JSON.parse(ok.out)).to.deep.equal({ valid: true, method: "eoa" });
    }
    const bad = await runTask("dm3:profile:verify", { profile: created.record, address: "0x0000000000000000000000000000000000000001", json: false });
    expect(bad.exitCode).to.equal(1);
    expect(bad.out).to.match(/^INVALID \(eoa\): wrong signer/);
  });

  it("dm3:profile:verify exits 1 with a typed error for malformed input", async () => {
    const r1 = await runTask("dm3:profile:verify", { profile: "data:application/json,{oops", address: VECTOR.address, json: false });
    expect(r1.exitCode).to.equal(1);
    expect(r1.err).to.match(/error \[MALFORMED_RECORD\]/);
    const r2 = await runTask("dm3:profile:verify", { profile: '{"profile":{},"signature":"0x"}', address: VECTOR.address, json: false });
    expect(r2.err).to.match(/error \[SCHEMA_VIOLATION\]/);
  });

  it("dm3:profile:verify reads a link on a local http server only with --allow-local-links", async () => {
    const created = JSON.parse((await runTask("dm3:profile:create", { privateKey: VECTOR.privateKey, deliveryServices: "ds.dm3.eth", json: true })).out);
    const server = await startStaticServer();
    try {
      server.set("/p.json", JSON.stringify(created.signedProfile));
      const link = toLinkRecord(`${server.url}/p.json`, created.signedProfile);
      const refused = await runTask("dm3:profile:verify", { profile: link, address: VECTOR.address, allowLocalLinks: false, json: false });
      expect(refused.exitCode).to.equal(1);
      expect(refused.err).to.match(/error \[LINK_UNREACHABLE\].*plain http is refused/);
      expect(server.requests).to.deep.equal([]);
      const ok = await runTask("dm3:profile:verify", { profile: link, address: VECTOR.address, allowLocalLinks: true, json: true });
      expect(ok.exitCode, ok.err).to.equal(0);
      expect(JSON.parse(ok.out)).to.deep.equal({ valid: true, method: "eoa" });
    } finally {
      await server.close();
    }
  });

  it("dm3:profile:publish with the owner's account, then dm3:profile:resolve (typed name normalized)", async () => {
    const f = await loadFixture(ensFixture);
    await registerName(f, "alice.eth", f.accounts[2]);
    const published = await runTask("dm3:profile:publish", { name: "alice.eth", deliveryServices: "ds.dm3.eth", json: true });
    expect(published.exitCode, published.err).to.equal(0);
    const p = JSON.parse(published.out);
    expect(p.address).to.equal(await f.accounts[2].getAddress());
    expect(p.txHashes).to.have.length(1);

    const resolved = await runTask("dm3:profile:resolve", { name: "Alice.eth", json: true });
    expect(resolved.exitCode, resolved.err).to.equal(0);
    expect(resolved.err).to.match(/normalized name "alice\.eth"/);
    expect(JSON.parse(resolved.out)).to.deep.include({ name: "alice.eth", valid: true, format: "data", signedProfile: p.signedProfile });
  });

  it("dm3:profile:publish refuses a name none of the accounts owns; resolve reports no resolver", async () => {
    await loadFixture(ensFixture);
    const publish = await runTask("dm3:profile:publish", { name: "nobody.eth", deliveryServices: "ds.dm3.eth", json: false });
    expect(publish.exitCode).to.equal(1);
    expect(publish.err).to.match(/^error \[NAME_OWNER_NOT_ACCOUNT\]: nobody\.eth is owned by 0x0{40}, which is none of network hardhat.s accounts \(use --account\)$/);
    const resolve = await runTask("dm3:profile:resolve", { name: "nobody.eth", json: false });
    expect(resolve.exitCode).to.equal(1);
    expect(resolve.err).to.match(/error \[NO_RESOLVER\]/);
  });
});
