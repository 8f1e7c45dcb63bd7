import fs from "node:fs";
import path from "node:path";
import type { ContractTransactionResponse, TransactionReceipt } from "ethers";
import hre from "hardhat";

/**
 * Gas snapshot: tests record the gas of the operations users pay for under stable keys, and
 * at the end of the run the recorded keys are merged into the committed `gas-snapshot.json`,
 * so a change in cost shows up in review as a diff. Figures are `receipt.gasUsed` (including
 * the 21,000 intrinsic gas and calldata).
 */
export const GAS_SNAPSHOT_FILE = path.join(__dirname, "..", "..", "gas-snapshot.json");

const recorded = new Map<string, number>();

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

function writeSnapshot(): void {
  if (recorded.size === 0) return;
  // Under `hardhat coverage` the contracts are instrumented, so their gas figures are not ours.
  if ((hre as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING) return;
  const existing: Record<string, number> = fs.existsSync(GAS_SNAPSHOT_FILE)
    ? JSON.parse(fs.readFileSync(GAS_SNAPSHOT_FILE, "utf8"))
    : {};
  for (const [k, v] of recorded) existing[k] = v;
  const sorted = Object.fromEntries(Object.keys(existing).sort().map((k) => [k, existing[k]]));
  fs.writeFileSync(GAS_SNAPSHOT_FILE, JSON.stringify(sorted, null, 2) + "\n");
}

// Root-level hook: registered once, when the first test file imports this module.
after(writeSnapshot);
