import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { namehash } from "ethers";
import { saveManifest } from "../../deploy/manifest";
import { billboardMessageId } from "../../src/billboard";
import { runTask } from "../helpers/tasks";
import { BILLBOARD, T0, billboardFixture, signedMessages } from "./fixtures";

describe("billboard tasks (dm3:billboard:anchor, dm3:billboard:verify)", () => {
  it("anchors a batch file and proves its messages (JSON and text); refusals exit 1 with the error code", async () => {
    const f = await loadFixture(billboardFixture);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-billboard-tasks-"));
    const manifest = path.join(dir, "manifest.json");
    saveManifest(manifest, f.ctx.manifest);
    const messages = signedMessages([f.alice, f.bob], BILLBOARD, 20);
    const file = path.join(dir, "batch.json");
    fs.writeFileSync(file, JSON.stringify(messages));
    const later = path.join(dir, "later.json");
    fs.writeFileSync(later, JSON.stringify({ billboard: BILLBOARD, messages: signedMessages([f.alice], BILLBOARD, 3, T0 + 60_000) }));

    // not anchored yet: the verdict says so, exit code 1
    const id = billboardMessageId(messages[7]);
    const early = await runTask("dm3:billboard:verify", { messages: file, message: id, manifest, json: true });
    expect(early.exitCode).to.equal(1);
    expect(JSON.parse(early.out)).to.deep.include({ batch: null, verdict: { proofValid: true, anchored: false, onChain: false, included: false } });

    const anchored = await runTask("dm3:billboard:anchor", { messages: file, uri: "https://board.example/b0.json", account: 6, manifest, json: true });
    expect(anchored.exitCode, anchored.err).to.equal(0);
    const a = JSON.parse(anchored.out);
    expect(a).to.deep.include({ billboard: BILLBOARD, node: namehash(BILLBOARD), sequence: 0, messageCount: 20, firstTimestamp: T0, lastTimestamp: T0 + 19, uri: "https://board.example/b0.json" });
    expect(a.anchorer).to.equal(await f.owner.getAddress());
    expect(Number(a.gasUsed)).to.be.greaterThan(0);

    const verified = await runTask("dm3:billboard:verify", { messages: file, message: id, manifest, json: true });
    expect(verified.exitCode).to.equal(0);
    const v = JSON.parse(verified.out);
    expect(v).to.deep.include({ message: id, billboard: BILLBOARD, root: a.root, verdict: { proofValid: true, anchored: true, onChain: true, included: true } });
    expect(v.batch).to.deep.include({ sequence: 0, root: a.root, messageCount: 20 });
    expect(v.proof.proof).to.have.length.within(4, 5);

    // text output; the billboard typed in another case is normalized
    const text = await runTask("dm3:billboard:anchor", { messages: later, billboard: "BillBoard.DM3.eth", uri: "", account: 6, manifest, json: false });
    expect(text.exitCode, text.err).to.equal(0);
    expect(text.out).to.match(/^billboard\.dm3\.eth: batch #1 anchored, root 0x[0-9a-f]{64}$/m);
    const human = await runTask("dm3:billboard:verify", { messages: file, message: id.toUpperCase().replace("0X", "0x"), manifest, json: false });
    expect(human.out).to.match(/^verdict +included$/m);
    expect(human.out).to.match(/^batch +#0, anchored /m);

    const again = await runTask("dm3:billboard:anchor", { messages: file, uri: "", account: 6, manifest, json: false });
    expect(again.exitCode).to.equal(1);
    expect(again.err).to.match(/error \[BILLBOARD_ANCHOR_REJECTED\].*Dm3BillboardRootAlreadyAnchored/);
    const stranger = await runTask("dm3:billboard:anchor", { messages: later, uri: "", account: 7, manifest, json: false });
    expect(stranger.err).to.match(/error \[BILLBOARD_ANCHOR_REJECTED\].*Dm3BillboardUnauthorized/);
    const unknown = await runTask("dm3:billboard:verify", { messages: file, message: namehash("nope"), manifest, json: false });
    expect(unknown.exitCode).to.equal(1);
    expect(unknown.err).to.match(/error \[BILLBOARD_MESSAGE_NOT_IN_BATCH\]/);
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "[{");
    const bad = await runTask("dm3:billboard:anchor", { messages: broken, uri: "", account: 6, manifest, json: false });
    expect(bad.err).to.match(/error \[BILLBOARD_BATCH_FILE\]: not a billboard batch file: it is not JSON/);
    const wrongBoard = await runTask("dm3:billboard:anchor", { messages: file, billboard: "other.dm3.eth", uri: "", account: 6, manifest, json: false });
    expect(wrongBoard.err).to.match(/error \[BILLBOARD_WRONG_RECIPIENT\]/);
    expect(await f.anchor.batchCount(namehash(BILLBOARD))).to.equal(2);
  });
});
