import type { EIP1193Provider, RequestArguments } from "hardhat/types";
import type { BrowserProvider } from "ethers";
import { ensBrowserProvider } from "../src/ens/provider";

/** An EIP-1193 provider that counts the JSON-RPC requests passing through it, by method. */
export class CountingProvider {
  readonly counts = new Map<string, number>();

  constructor(private readonly inner: EIP1193Provider) {}

  request = async (args: RequestArguments): Promise<unknown> => {
    this.counts.set(args.method, (this.counts.get(args.method) ?? 0) + 1);
    return this.inner.request(args);
  };

  /** Total requests since the last reset, ignoring the ones ethers makes to learn the chain. */
  total(): number {
    let n = 0;
    for (const [m, c] of this.counts) if (m !== "eth_chainId" && m !== "net_version") n += c;
    return n;
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Runs `fn` `iterations` times and returns operations per second and mean milliseconds. */
export async function throughput(iterations: number, fn: (i: number) => Promise<unknown> | unknown): Promise<{ iterations: number; opsPerSec: number; meanMs: number }> {
  await fn(0); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  const ns = Number(process.hrtime.bigint() - started);
  return { iterations, opsPerSec: Math.round((iterations * 1e9) / ns), meanMs: Number((ns / 1e6 / iterations).toFixed(3)) };
}

/** A {@link throughput} result. */
export type Timing = Awaited<ReturnType<typeof throughput>>;

/** Ours against the reference, measured in alternating rounds. */
export interface Comparison {
  /** Our round with the median time. */
  ours: Timing;
  /** The reference's round with the median time. */
  reference: Timing;
  /** Median of the per-round ratios (ours ops/s over the reference's in the same round). */
  oursOverReference: number;
  /** Each round's ratio, in order. */
  roundRatios: number[];
}

/** Ours over the reference in operations per second, two decimals. */
export const ratioOf = (ours: Timing, reference: Timing): number => Number((ours.opsPerSec / reference.opsPerSec).toFixed(2));

function median<T>(values: T[], key: (v: T) => number): T {
  return [...values].sort((a, b) => key(a) - key(b))[(values.length - 1) >> 1];
}

/**
 * Times ours and the reference in `rounds` alternating rounds (who goes first alternates too)
 * and reports the median ratio, so that load from other processes during one stretch of the run
 * falls on both sides of a round instead of on one side of the comparison.
 */
export async function compareThroughput(
  rounds: number,
  ours: { iterations: number; fn: (i: number) => Promise<unknown> | unknown },
  reference: { iterations: number; fn: (i: number) => Promise<unknown> | unknown },
): Promise<Comparison> {
  const timed: { ours: Timing; reference: Timing; ratio: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    let o: Timing, ref: Timing;
    if (r % 2 === 0) {
      o = await throughput(ours.iterations, ours.fn);
      ref = await throughput(reference.iterations, reference.fn);
    } else {
      ref = await throughput(reference.iterations, reference.fn);
      o = await throughput(ours.iterations, ours.fn);
    }
    timed.push({ ours: o, reference: ref, ratio: ratioOf(o, ref) });
  }
  return {
    ours: median(timed.map((t) => t.ours), (t) => t.meanMs),
    reference: median(timed.map((t) => t.reference), (t) => t.meanMs),
    oursOverReference: median(timed, (t) => t.ratio).ratio,
    roundRatios: timed.map((t) => t.ratio),
  };
}

/** An ENS-aware ethers provider over `inner` that counts JSON-RPC requests and CCIP-Read HTTP fetches. */
export interface CountingEnsProvider {
  provider: BrowserProvider;
  counting: CountingProvider;
  /** CCIP-Read gateway fetches since the last reset. */
  http: () => number;
  /** Resets both counters. */
  reset: () => void;
}

/** Builds a {@link CountingEnsProvider} for chain `chainId` (ENS at the canonical address). */
export async function countingEnsProvider(inner: EIP1193Provider, chainId = 31337): Promise<CountingEnsProvider> {
  const counting = new CountingProvider(inner);
  const provider = ensBrowserProvider(counting, chainId);
  await provider.getNetwork();
  let fetches = 0;
  await provider.on("debug", (e: { action?: string }) => {
    if (e.action === "sendCcipReadFetchRequest") fetches++;
  });
  return {
    provider,
    counting,
    http: () => fetches,
    reset: () => {
      counting.reset();
      fetches = 0;
    },
  };
}
