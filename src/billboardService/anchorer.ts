import type { Logger } from "pino";
import type { Signer } from "ethers";
import { anchorBatch, readBatch, readBatchByRoot, type AnchoredBatchEvent } from "../billboard/anchor";
import { BillboardAnchorRejectedError } from "../billboard/errors";
import { type BillboardBatch, buildBatch } from "../billboard/tree";
import type { BillboardStore, StoredBatch } from "../delivery/storage/types";
import { namehash } from "../names/encode";
import { TtlCache } from "../shared/ttlCache";
import { BillboardServiceConfigError } from "./errors";

/** Default number of messages that makes a batch. */
export const DEFAULT_BATCH_SIZE = 256;
/** Default time after which whatever is waiting becomes a batch, ms. */
export const DEFAULT_BATCH_INTERVAL_MS = 60_000;
/** Largest batch the service builds (proofs stay short, a tree builds in well under a second). */
export const MAX_SERVICE_BATCH_SIZE = 100_000;

/** How the service anchors its batches. */
export interface AnchoringOptions {
  /** The anchorer: the billboard name's ENS owner or a mediator it approved on the anchor contract. Needs a provider. */
  signer: Signer;
  /** Address of the Dm3BillboardAnchor contract. */
  anchor: string;
  /** A batch is built once this many messages wait (default 256). */
  batchSize?: number;
  /** Whatever waits is built into a batch this often, ms (default 60 000; 0: only by count or flush). */
  batchIntervalMs?: number;
  /** First block to scan for `BatchAnchored` events when reconciling (the contract's deployment block). */
  fromBlock?: number;
  /** Emitted with each anchor: where the batch's messages can be fetched (default: the service's URL). */
  uri?: string;
  /** How long a restarted service waits for an anchor transaction it had sent before (default 120 s). */
  pendingTxTimeoutMs?: number;
}

/** Where a batch is when the hook runs: stored with its messages (`built`), transaction sent (`sent`), recorded as anchored (`anchored`). */
export type AnchorStage = "built" | "sent" | "anchored";

/** Called at each stage (tests stop the process there; metrics). A rejection is logged, not fatal. */
export type AnchorStageHook = (stage: AnchorStage, batch: StoredBatch, txHash?: string) => unknown;

/** Built batch trees, reused for proofs (a batch never changes once built). */
export class BatchTrees {
  private readonly cache = new TtlCache<BillboardBatch>(10 * 60_000, Date.now, 16);

  constructor(private readonly store: BillboardStore) {}

  set(batch: StoredBatch, tree: BillboardBatch): void {
    this.cache.set(`${batch.billboard}#${batch.number}`, tree);
  }

  /** The tree of a stored batch, rebuilt from its stored messages when not cached. @throws when the rebuilt root differs (corrupted storage) */
  get(batch: StoredBatch): Promise<BillboardBatch> {
    return this.cache.getOrLoad(`${batch.billboard}#${batch.number}`, async () => {
      const rows = await this.store.batchMessages(batch.billboard, batch.number);
      const tree = buildBatch(batch.billboard, rows.map((r) => JSON.parse(r.body) as unknown));
      if (tree.root !== batch.root) throw new Error(`batch #${batch.number} of ${batch.billboard}: stored messages give root ${tree.root}, stored root ${batch.root}`);
      return tree;
    });
  }
}

/**
 * Builds batches of a service's billboards and anchors them, one job at a time. Crash safety: a
 * batch's messages and root are stored (`built`) before anything is sent, its state is `sending`
 * before the transaction goes out and its hash is recorded once sent; before sending, the chain
 * is asked whether the root is anchored already (a restart after a sent but unrecorded
 * transaction then only records it), and a recorded transaction is waited for. A message is in
 * one batch only (the store refuses a second assignment), and the contract refuses a root twice.
 */
export class BatchAnchorer {
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  /** Messages waiting per billboard (re-read from the store by every job). */
  private readonly waiting = new Map<string, number>();
  private readonly scheduled = new Set<string>();
  private closed = false;
  readonly batchSize: number;
  private readonly batchIntervalMs: number;

  constructor(
    private readonly store: BillboardStore,
    private readonly billboards: readonly string[],
    private readonly options: AnchoringOptions,
    private readonly trees: BatchTrees,
    private readonly log: Logger,
    private readonly onStage?: AnchorStageHook,
    private readonly defaultUri = "",
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.batchIntervalMs = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > MAX_SERVICE_BATCH_SIZE) {
      throw new BillboardServiceConfigError(`batchSize must be an integer from 1 to ${MAX_SERVICE_BATCH_SIZE}, got ${this.batchSize}`);
    }
    if (!Number.isInteger(this.batchIntervalMs) || this.batchIntervalMs < 0) throw new BillboardServiceConfigError(`batchIntervalMs must be a non-negative integer, got ${this.batchIntervalMs}`);
    if (!options.signer.provider) throw new BillboardServiceConfigError("the anchorer signer needs a provider");
  }

  /** Reconciles unanchored batches with the chain and anchors them (and full batches waiting), then starts the timer. */
  async start(): Promise<void> {
    for (const b of this.billboards) this.waiting.set(b, await this.store.countUnbatched(b));
    await this.enqueue(() => this.work(false)).catch((e) => this.log.warn({ event: "anchor-failed", err: describe(e) }, "anchoring at start-up failed; retrying later"));
    if (this.batchIntervalMs > 0) {
      this.timer = setInterval(() => void this.enqueue(() => this.work(true)).catch((e) => this.log.warn({ event: "anchor-failed", err: describe(e) }, "anchoring failed; retrying later")), this.batchIntervalMs);
      this.timer.unref();
    }
  }

  /** A message was stored for `billboard`: a batch is built and anchored once `batchSize` wait. */
  notify(billboard: string): void {
    const n = (this.waiting.get(billboard) ?? 0) + 1;
    this.waiting.set(billboard, n);
    if (n >= this.batchSize && !this.scheduled.has(billboard)) {
      this.scheduled.add(billboard);
      void this.enqueue(() => this.work(false, [billboard]))
        .catch((e) => this.log.warn({ event: "anchor-failed", err: describe(e) }, "anchoring failed; retrying later"))
        .finally(() => this.scheduled.delete(billboard));
    }
  }

  /** Builds whatever waits into batches and anchors every unanchored batch now; returns the batches anchored. */
  flush(billboard?: string): Promise<StoredBatch[]> {
    return this.enqueue(() => this.work(true, billboard === undefined ? undefined : [billboard]));
  }

  /** Stops the timer and waits for the running job (an anchor transaction in flight is finished). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.queue.catch(() => {});
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  private async work(force: boolean, only?: readonly string[]): Promise<StoredBatch[]> {
    const anchored: StoredBatch[] = [];
    let failure: unknown;
    for (const billboard of only ?? this.billboards) {
      try {
        for (const batch of await this.store.batches(billboard, { unanchored: true })) {
          if (this.closed) return anchored;
          anchored.push(await this.anchor(batch));
        }
        for (;;) {
          const waiting = await this.store.countUnbatched(billboard);
          if (this.closed || waiting === 0 || (!force && waiting < this.batchSize)) break;
          anchored.push(await this.anchor(await this.build(billboard)));
          if (waiting <= this.batchSize) break;
        }
      } catch (e) {
        failure ??= e;
      } finally {
        this.waiting.set(billboard, await this.store.countUnbatched(billboard).catch(() => 0));
      }
    }
    if (failure !== undefined) throw failure;
    return anchored;
  }

  private async build(billboard: string): Promise<StoredBatch> {
    const rows = await this.store.unbatched(billboard, this.batchSize);
    const tree = buildBatch(billboard, rows.map((r) => JSON.parse(r.body) as unknown));
    const stored = await this.store.createBatch(
      { billboard, root: tree.root, messageCount: tree.messageCount, firstTimestamp: tree.firstTimestamp, lastTimestamp: tree.lastTimestamp, createdAt: Date.now() },
      rows.map((r) => r.id),
    );
    this.trees.set(stored, tree);
    this.log.info({ event: "batch-built", billboard, batch: stored.number, messages: stored.messageCount, root: stored.root }, "batch built");
    await this.stage("built", stored);
    return stored;
  }

  private async anchor(batch: StoredBatch): Promise<StoredBatch> {
    const { signer, anchor } = this.options;
    let onChain = await this.chainRecord(batch);
    if (!onChain && batch.txHash) {
      // Sent before a restart and maybe still pending: wait for it rather than send a second one.
      const tx = await signer.provider!.getTransaction(batch.txHash);
      if (tx) {
        await tx.wait(1, this.options.pendingTxTimeoutMs ?? 120_000).catch(() => null);
        onChain = await this.chainRecord(batch);
      }
    }
    if (onChain) return this.record(batch, onChain, null);

    await this.store.updateBatch(batch.billboard, batch.number, { state: "sending" });
    const summary = { node: namehash(batch.billboard), root: batch.root, messageCount: batch.messageCount, firstTimestamp: batch.firstTimestamp, lastTimestamp: batch.lastTimestamp };
    try {
      const result = await anchorBatch(signer, anchor, summary, {
        uri: this.options.uri ?? this.defaultUri,
        onSent: async (txHash) => {
          await this.stage("sent", { ...batch, state: "sending" }, txHash);
          await this.store.updateBatch(batch.billboard, batch.number, { txHash });
        },
      });
      return await this.record(batch, result, result.gasUsed);
    } catch (e) {
      // Anchored meanwhile (by a transaction this service lost track of): record it.
      if (e instanceof BillboardAnchorRejectedError && e.reason === "Dm3BillboardRootAlreadyAnchored") {
        const found = await this.chainRecord(batch);
        if (found) return this.record(batch, found, null);
      }
      throw e;
    }
  }

  /** The batch's anchor as the chain has it (with its `BatchAnchored` event), or null when the root is not anchored. */
  private async chainRecord(batch: StoredBatch): Promise<AnchoredBatchEvent | null> {
    const runner = this.options.signer.provider!;
    const stored = await readBatchByRoot(runner, this.options.anchor, batch.root);
    if (!stored) return null;
    const event = await readBatch(runner, this.options.anchor, batch.billboard, stored.sequence, { fromBlock: this.options.fromBlock });
    return event && event.root === batch.root ? event : { ...stored, anchorer: "", uri: "", txHash: batch.txHash ?? "", blockNumber: 0 };
  }

  private async record(batch: StoredBatch, anchored: AnchoredBatchEvent, gasUsed: bigint | null): Promise<StoredBatch> {
    await this.store.updateBatch(batch.billboard, batch.number, {
      state: "anchored",
      txHash: anchored.txHash,
      sequence: anchored.sequence,
      blockNumber: anchored.blockNumber,
      anchoredAt: anchored.anchoredAt,
      ...(gasUsed === null ? {} : { gasUsed: gasUsed.toString() }),
    });
    const updated = (await this.store.batch(batch.billboard, batch.number))!;
    this.log.info(
      { event: "batch-anchored", billboard: batch.billboard, batch: batch.number, sequence: anchored.sequence, txHash: anchored.txHash, gasUsed: gasUsed?.toString(), found: gasUsed === null },
      gasUsed === null ? "batch found anchored on chain" : "batch anchored",
    );
    await this.stage("anchored", updated);
    return updated;
  }

  private async stage(stage: AnchorStage, batch: StoredBatch, txHash?: string): Promise<void> {
    try {
      await this.onStage?.(stage, batch, txHash);
    } catch (e) {
      this.log.warn({ event: "anchor-hook-failed", stage, err: describe(e) }, "anchor stage hook failed");
    }
  }
}

function describe(e: unknown): { code?: string; message: string } {
  const err = e as { code?: string; shortMessage?: string; message?: string };
  return { code: typeof err?.code === "string" ? err.code : undefined, message: String(err?.shortMessage ?? err?.message ?? e).slice(0, 200) };
}
