import type { HardhatRuntimeEnvironment } from "hardhat/types";
import os from "node:os";
import path from "node:path";
import { deployBillboardAnchor } from "../deploy/billboard";
import { createDeployContext } from "../deploy/context";
import { deployEns } from "../deploy/ens";
import { emptyManifest } from "../deploy/manifest";
import { ensureName } from "../deploy/names";
import { namehash } from "../src/names";
import { anchorBatch, billboardLeafHash, buildBatch, getMessageProof, getMessagesMultiProof, verifyMessageProof, type BillboardBatch } from "../src/billboard";
import { Dm3BillboardAnchor__factory, Dm3BillboardTestMerkleHarness__factory } from "../typechain-types";
import { poster, signedMessages, T0 } from "../test/billboard/fixtures";
import { throughput } from "./util";

export const description =
  "Billboard anchoring: gas per anchored batch and per message (1 to 10,000 messages) against EAS timestamp, gas per on-chain inclusion check by tree depth against OpenZeppelin's plain MerkleProof, batch tree build and proof times";

/** EAS `timestamp(bytes32)`, measured for peers.md §C.4 (tx gas incl. 21,000 and calldata). */
const EAS_TIMESTAMP_GAS = 45_947;
const BILLBOARD = "billboard.dm3.eth";
const ANCHOR_SIZES = [1, 100, 1_000, 10_000];
const VERIFY_SIZES = [1, 2, 16, 100, 1_000, 10_000];
/** Leaves per multi-proof (all of them in smaller trees), as in peers.md §C.3. */
const MULTI_LEAVES = 8;

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const ctx = await createDeployContext(hre, emptyManifest("bench", 31337), path.join(os.tmpdir(), "dm3kit-bench-billboard.json"));
  const ens = await deployEns(ctx);
  const [, dm3Owner, alice, bob, , mediator, owner] = ctx.accounts;
  await ensureName(ctx, ens, { name: "dm3.eth", owner: dm3Owner });
  await ensureName(ctx, ens, { name: BILLBOARD, owner });
  const anchorAddress = await deployBillboardAnchor(ctx, ens);
  const anchor = Dm3BillboardAnchor__factory.connect(anchorAddress, owner);
  await (await anchor.addMediator(namehash(BILLBOARD), await mediator.getAddress())).wait();
  // Two harness instances: one runs OpenZeppelin's checks, the other meters calls (a contract
  // calling itself would skip the 2,600 gas of a cold account that the anchor contract pays).
  const harness = await new Dm3BillboardTestMerkleHarness__factory(ctx.deployer).deploy();
  const meter = await new Dm3BillboardTestMerkleHarness__factory(ctx.deployer).deploy();
  await Promise.all([harness.waitForDeployment(), meter.waitForDeployment()]);
  const posters = [await poster(alice, "alice.eth"), await poster(bob, "bob.eth")];

  // One batch per size, messages one millisecond apart, each size in its own time range.
  const batches = new Map<number, BillboardBatch & { buildMs: number; signMs: number }>();
  for (const [i, n] of [...new Set([...ANCHOR_SIZES, ...VERIFY_SIZES])].sort((a, b) => a - b).entries()) {
    let started = Date.now();
    const messages = signedMessages(posters, BILLBOARD, n, T0 + i * 100_000);
    const signMs = Date.now() - started;
    started = Date.now();
    const batch = buildBatch(BILLBOARD, messages);
    batches.set(n, { ...batch, buildMs: Date.now() - started, signMs });
  }
  const batchOf = (n: number) => batches.get(n)!;

  // Anchoring. The billboard's first batch pays for its id and counter slots once; measure it apart.
  const firstBatch = await anchorBatch(owner, anchorAddress, buildBatch(BILLBOARD, signedMessages(posters, BILLBOARD, 3, T0 - 10_000)));
  const anchoring = [];
  for (const n of ANCHOR_SIZES) {
    const r = await anchorBatch(owner, anchorAddress, batchOf(n));
    const gas = Number(r.gasUsed);
    anchoring.push({
      messages: n,
      gas,
      gasPerMessage: Number((gas / n).toFixed(2)),
      vsEasTimestamp: Number((gas / EAS_TIMESTAMP_GAS).toFixed(3)),
      easTimestampPerMessageIfOneEach: EAS_TIMESTAMP_GAS,
      treeBuildMs: batchOf(n).buildMs,
      signMs: batchOf(n).signMs,
    });
  }
  const byMediator = await anchorBatch(mediator, anchorAddress, buildBatch(BILLBOARD, signedMessages(posters, BILLBOARD, 100, T0 + 900_000)));

  // Verification: the same proofs through the anchor contract and through OpenZeppelin's plain
  // library, as transactions (receipt gas; on this chain's hardfork the EIP-7623 calldata floor
  // often decides it) and as execution gas metered inside the EVM.
  const harnessAddress = await harness.getAddress();
  const measure = async (to: string, data: string) => {
    const tx = Number((await (await owner.sendTransaction({ to, data })).wait())!.gasUsed);
    const [execution, ok, result] = await meter.meter(to, data);
    if (!ok || BigInt(result) !== 1n) throw new Error(`the check at ${to} did not answer true`);
    return { tx, execution: Number(execution), floor: calldataFloor(data) };
  };
  const verifySingle = [];
  const verifyMulti = [];
  for (const n of VERIFY_SIZES) {
    const batch = batchOf(n);
    if (!(await anchor.isAnchored(batch.node, batch.root))) await anchorBatch(owner, anchorAddress, batch);
    const p = getMessageProof(batch, batch.leaves[n - 1].messageHash);
    const ours = await measure(anchorAddress, anchor.interface.encodeFunctionData("verifyMessage", [p.node, p.root, p.leaf, p.proof]));
    const oz = await measure(harnessAddress, harness.interface.encodeFunctionData("verify", [p.proof, p.root, billboardLeafHash(p.leaf)]));
    verifySingle.push({ messages: n, depth: p.proof.length, ours, ozVerifyCalldata: oz, executionOverhead: ours.execution - oz.execution });

    const k = Math.min(MULTI_LEAVES, n);
    const ids = Array.from({ length: k }, (_, j) => batch.leaves[Math.floor((j * n) / k)].messageHash);
    const mp = getMessagesMultiProof(batch, ids);
    const oursMulti = await measure(anchorAddress, anchor.interface.encodeFunctionData("verifyMessages", [mp.node, mp.root, mp.leaves, mp.proof, mp.proofFlags]));
    const ozMulti = await measure(harnessAddress, harness.interface.encodeFunctionData("multiVerify", [mp.proof, mp.proofFlags, mp.root, mp.leaves.map(billboardLeafHash)]));
    verifyMulti.push({
      messages: n,
      depth: p.proof.length,
      leaves: k,
      proofNodes: mp.proof.length,
      ours: oursMulti,
      ozMultiProofVerifyCalldata: ozMulti,
      executionOverhead: oursMulti.execution - ozMulti.execution,
    });
  }

  // Off-chain work on the 10,000-message batch: proofs and their checks.
  const big = batchOf(10_000);
  const proofs = await throughput(200, (i) => getMessageProof(big, big.leaves[(i * 37) % big.messageCount].messageHash));
  const sample = getMessageProof(big, big.leaves[1234].messageHash);
  const checks = await throughput(200, () => verifyMessageProof(sample));

  return {
    hardfork: hre.config.networks.hardhat.hardfork,
    easTimestampGas: EAS_TIMESTAMP_GAS,
    anchorFirstBatchOfBillboardGas: Number(firstBatch.gasUsed),
    anchorByMediatorGas: Number(byMediator.gasUsed),
    anchoring,
    verifySingle,
    verifyMulti,
    offChain10k: { getProof: proofs, verifyProof: checks },
  };
}

/** EIP-7623 floor of a transaction with call data `data`: 21,000 + 10 per token (zero byte 1, other byte 4). */
function calldataFloor(data: string): number {
  let tokens = 0;
  for (let i = 2; i < data.length; i += 2) tokens += data.slice(i, i + 2) === "00" ? 1 : 4;
  return 21_000 + 10 * tokens;
}
