import { expect } from "chai";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { runTask } from "../helpers/tasks";
import { saveManifest } from "../../deploy/manifest";
import { namesFixture } from "./fixtures";

describe("alias tasks (dm3:alias:set, dm3:alias:remove, dm3:name:resolve)", () => {
  it("set, resolve (JSON) and remove through the manifest's addresses; errors exit non-zero with the code", async () => {
    const f = await loadFixture(namesFixture);
    const manifest = path.join(os.tmpdir(), `dm3kit-alias-tasks-${process.pid}.json`);
    saveManifest(manifest, f.ctx.manifest);

    const set = await runTask("dm3:alias:set", { alias: "OP", parent: "l2.dm3.eth", account: 0, manifest, json: true });
    expect(set.exitCode).to.equal(0);
    expect(JSON.parse(set.out)).to.deep.include({ action: "set", topLevel: "op", parent: "l2.dm3.eth" });

    const resolved = await runTask("dm3:name:resolve", { name: "DAVE.gno", manifest, json: true });
    expect(resolved.exitCode).to.equal(0);
    const r = JSON.parse(resolved.out);
    expect(r).to.deep.include({ canonicalName: "dave.gnosis.dm3.eth", alias: "dave.gno", address: await f.accounts[5].getAddress() });
    expect(r.profile.valid).to.equal(false); // the fixture's record is not a signed profile
    expect(r.profile.reason).to.match(/SCHEMA|schema/);

    const human = await runTask("dm3:name:resolve", { name: "alice.eth", manifest, json: false });
    expect(human.out).to.match(/^name +alice\.eth/m);

    const removed = await runTask("dm3:alias:remove", { alias: "op", account: 0, manifest, json: false });
    expect(removed.exitCode).to.equal(0);
    expect(removed.out).to.match(/op \(was l2\.dm3\.eth\) removed/);

    const again = await runTask("dm3:alias:remove", { alias: "op", account: 0, manifest, json: false });
    expect(again.exitCode).to.equal(1);
    expect(again.err).to.match(/error \[ALIAS_REJECTED\].*Dm3AliasNotFound\(op\)/);

    const stranger = await runTask("dm3:alias:set", { alias: "x", parent: "x.dm3.eth", account: 4, manifest, json: false });
    expect(stranger.exitCode).to.equal(1);
    expect(stranger.err).to.match(/Dm3AliasUnauthorized/);

    const unknown = await runTask("dm3:name:resolve", { name: "nobody.eth", manifest, json: false });
    expect(unknown.exitCode).to.equal(1);
    expect(unknown.err).to.match(/\[NO_RESOLVER\]/);

    const invalid = await runTask("dm3:name:resolve", { name: "da ve.gno", manifest, json: false });
    expect(invalid.exitCode).to.equal(1);
    expect(invalid.err).to.match(/\[NAME_INVALID\]/);
  });
});
