import hre from "hardhat";
import type { EventEmitter } from "node:events";

/** True under `hardhat coverage` (npm run coverage): the contracts are instrumented, every opcode is traced. */
export function underCoverage(): boolean {
  return (hre as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
}

/**
 * Runs of a property test that calls contracts: `runs`, or a fifth of it (at least 5) under
 * coverage, where each contract call is many times slower. The property and its checks stay the same.
 */
export function propertyRuns(runs: number): number {
  return underCoverage() ? Math.max(5, Math.ceil(runs / 5)) : runs;
}

/** The EVM step emitter below a Hardhat network provider (what solidity-coverage listens to). */
export function evmStepEmitter(provider: unknown): EventEmitter {
  let cur = provider as { _wrapped?: unknown; _node?: { _vm: { evm: { events: EventEmitter } } } };
  while (cur._wrapped) cur = cur._wrapped as typeof cur;
  return cur._node!._vm.evm.events;
}

/**
 * solidity-coverage attaches one more step listener (a new collector over the same hit map) on
 * every `hardhat_reset` without removing the one before, so after the suite's hundreds of resets
 * every EVM step ran hundreds of collectors and coverage slowed down many times over. Keep the
 * newest only: the hits land in the same map, so the report is the same.
 */
function keepNewestCollector(): void {
  const events = evmStepEmitter(hre.network.provider);
  const collectors = events.listeners("step").filter((l) => l.name === "bound step");
  for (const stale of collectors.slice(0, -1)) events.removeListener("step", stale as (...args: unknown[]) => void);
}

// Registered when the first test file loads; solidity-coverage re-attaches in its own reset
// handler (asynchronously), so prune once that has run.
if (underCoverage()) hre.network.provider.on("hardhatNetworkReset", () => setImmediate(keepNewestCollector));
