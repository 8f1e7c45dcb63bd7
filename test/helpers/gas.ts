import fs from "node:fs";
import path from "node:path";
import { Wallet, keccak256, toUtf8Bytes, type ContractTransactionResponse, type Provider, type TransactionReceipt } from "ethers";
import hre from "hardhat";
import { expect } from "chai";
import { underCoverage } from "./coverage";

/**
 * Gas snapshot: tests record the gas of the operations users pay for under stable keys, and
 * at the end of the run the recorded keys are merged into the committed `gas-snapshot.json`,
 * so a change in cost shows up in review as a diff (CI fails when `npm test` changes the file).
 * Figures are `receipt.gasUsed` (including the 21,000 intrinsic gas and calldata).
 *
 * Figures must not depend on which tests ran before: contract addresses reach the gas through
 * calldata and signed bytes (a zero byte costs 4 gas, others 16) and through EIP-55 checksums
 * computed on chain. So measured fixtures either start from a fresh chain (`ensFixture`, and every
 * fixture built on it, resets the in-process chain first) or deploy with {@link freshDeployer},
 * never with an account whose nonce earlier test files moved. `DM3_GAS_SNAPSHOT_FILE` redirects
 * the snapshot (used by the test that runs measured files in both orders).
 */
export const GAS_SNAPSHOT_FILE = process.env.DM3_GAS_SNAPSHOT_FILE ?? path.join(__dirname, "..", "..", "gas-snapshot.json");

const recorded = new Map<string, number>();

/**
 * Asserts that `gas` stays below `ceiling`. Under coverage, where instrumentation adds gas to every
 * statement, it asserts only that the transaction used gas (the ceiling is a property of our bytecode).
 */
export function expectGasBelow(gas: bigint | number, ceiling: number, what = "gas"): void {
  if (underCoverage()) expect(Number(gas), what).to.be.greaterThan(0);
  else expect(Number(gas), what).to.be.lessThan(ceiling);
}

/** Records `gas` under `key` (the last value recorded in a run wins). */
export function recordGas(key: string, gas: bigint | number): number {
  const value = Number(gas);
  recorded.set(key, value);
  return value;
}

/** Waits for `tx`, records its gas under `key` and returns the receipt. */
export async function measureTx(key: string, tx: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error(`no receipt for ${key}`);
  recordGas(key, receipt.gasUsed);
  return receipt;
}

const deployersUsed = new Map<string, number>();

/**
 * A funded deployer for a measured fixture: its key is derived from `label` (one label per
 * fixture, or per test) and it has sent nothing on the chain yet, so the contracts it deploys get
 * the same addresses in every run, whatever ran before. A label used again gets the next key.
 * @param chain the chain's ethers provider and its EIP-1193 provider (for `hardhat_setBalance`)
 */
export async function freshDeployer(label: string, chain: { provider: Provider; eip1193: { request(a: { method: string; params?: unknown[] }): Promise<unknown> } }): Promise<Wallet> {
  for (let i = deployersUsed.get(label) ?? 0; ; i++) {
    const wallet = new Wallet(keccak256(toUtf8Bytes(`dm3kit measured fixture: ${label} #${i}`)), chain.provider);
    if ((await chain.provider.getTransactionCount(wallet.address)) !== 0) continue;
    deployersUsed.set(label, i + 1);
    await chain.eip1193.request({ method: "hardhat_setBalance", params: [wallet.address, "0x56BC75E2D63100000"] }); // 100 ETH
    return wallet;
  }
}

/** {@link freshDeployer} on Hardhat's in-process chain. */
export function freshL1Deployer(label: string): Promise<Wallet> {
  return freshDeployer(label, { provider: hre.ethers.provider, eip1193: hre.network.provider });
}

function writeSnapshot(): void {
  if (recorded.size === 0) return;
  // Under coverage the contracts are instrumented, so their gas figures are not ours.
  if (underCoverage()) return;
  const existing: Record<string, number> = fs.existsSync(GAS_SNAPSHOT_FILE)
    ? JSON.parse(fs.readFileSync(GAS_SNAPSHOT_FILE, "utf8"))
    : {};
  for (const [k, v] of recorded) existing[k] = v;
  const sorted = Object.fromEntries(Object.keys(existing).sort().map((k) => [k, existing[k]]));
  fs.writeFileSync(GAS_SNAPSHOT_FILE, JSON.stringify(sorted, null, 2) + "\n");
}

// Root-level hook: registered once, when the first test file imports this module.
after(writeSnapshot);
