/** Limits of a {@link GroupCommit}. */
export interface GroupCommitOptions<R> {
  /** Most inputs one group commits (default: no limit). */
  maxGroup?: number;
  /** Groups committing at once: while they run, the next group gathers (default 1). */
  maxInFlight?: number;
  /** Called with a group's results after every caller of the group has been answered. */
  committed?: (results: R[]) => void;
}

interface Pending<I, R> {
  input: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: the inputs submitted in the same event-loop turn go to `commit` together (one
 * transaction, one flush to disk for the whole group), and each caller is answered with its own
 * result (`commit` returns them in input order) only after `commit` has finished. When `commit`
 * fails, every caller of the group gets its error.
 */
export class GroupCommit<I, R> {
  private queue: Pending<I, R>[] = [];
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();
  private readonly maxGroup: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly commit: (inputs: I[]) => R[] | Promise<R[]>,
    private readonly options: GroupCommitOptions<R> = {},
  ) {
    this.maxGroup = options.maxGroup ?? Infinity;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Queues `input` for the next group; resolves with its result after that group's commit. */
  submit(input: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Commits everything submitted so far and waits for every running group. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.running.size > 0) {
      this.schedule();
      await Promise.all([...this.running, new Promise((resolve) => setImmediate(resolve))]);
    }
  }

  /** Starts a group on the next turn, unless one is due already or enough are running. */
  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.running.size >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.queue.length === 0 || this.running.size >= this.maxInFlight) return;
      const run = this.run(this.queue.splice(0, this.maxGroup)).finally(() => {
        this.running.delete(run);
        this.schedule();
      });
      this.running.add(run);
    });
  }

  private async run(group: Pending<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.commit(group.map((p) => p.input));
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    group.forEach((p, i) => p.resolve(results[i]));
    this.options.committed?.(results);
  }
}
