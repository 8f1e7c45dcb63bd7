import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnChild } from "../helpers/process";

// Gas figures must not depend on which test files ran before (see test/helpers/gas.ts): two
// measured files, each of which moves the nonces of the accounts the other one used to deploy
// with, run in both orders in two fresh processes and must write the same snapshot.
const FILES = ["test/registry/Dm3L1Resolver.test.ts", "test/profile/verifier.test.ts"];

async function snapshotOf(files: string[], dir: string, name: string): Promise<Record<string, number>> {
  const file = path.join(dir, `${name}.json`);
  const child = spawnChild("npx", ["hardhat", "test", "--no-compile", ...files], { DM3_GAS_SNAPSHOT_FILE: file });
  const code = await child.exited;
  expect(code, child.output()).to.equal(0);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

describe("gas snapshot does not depend on test order", function () {
  this.timeout(180_000);

  it("two measured test files write the same figures in both orders", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-gas-order-"));
    try {
      const [forward, backward] = await Promise.all([snapshotOf(FILES, dir, "forward"), snapshotOf([...FILES].reverse(), dir, "backward")]);
      expect(Object.keys(forward)).to.include.members(["L1Resolver.resolveWithProof (estimateGas, 32 B text)", "Dm3ProfileVerifier.verify(1 DS, ERC-1271 wallet)"]);
      expect(backward).to.deep.equal(forward);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
