/**
 * Runs every `bench/*.bench.ts` in one process and writes each one's results to
 * `bench/results/<name>.json` (plus a combined `bench/results/all.json`).
 * Usage: `npm run bench` (or `npx hardhat run bench/run.ts`); BENCH=<name> runs one.
 */
import hre from "hardhat";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

export interface BenchModule {
  /** What the bench measures, one line. */
  description: string;
  run(h: typeof hre): Promise<Record<string, unknown>>;
}

async function main(): Promise<void> {
  const dir = __dirname;
  const only = process.env.BENCH;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => !only || f === `${only}.bench.ts`)
    .sort();
  const all: Record<string, unknown> = {};
  const env = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, date: new Date().toISOString() };
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, "");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as BenchModule;
    console.log(`\n== ${name}: ${mod.description}`);
    const started = Date.now();
    const results = await mod.run(hre);
    const record = { name, description: mod.description, env, wallMs: Date.now() - started, results };
    fs.mkdirSync(path.join(dir, "results"), { recursive: true });
    fs.writeFileSync(path.join(dir, "results", `${name}.json`), JSON.stringify(record, null, 2) + "\n");
    console.log(JSON.stringify(results, null, 2));
    all[name] = record;
  }
  fs.writeFileSync(path.join(dir, "results", "all.json"), JSON.stringify(all, null, 2) + "\n");
  console.log(`\nwrote ${files.length} result file(s) to bench/results/`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
