import hre from "hardhat";

/** What a task printed and the exit code it set. */
export interface TaskRun {
  out: string;
  err: string;
  exitCode: number;
}

/** Runs a task in-process, capturing what it prints and the exit code it sets (then restoring both). */
export async function runTask(name: string, args: Record<string, unknown>): Promise<TaskRun> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    await hre.run(name, args);
  } finally {
    console.log = log;
    console.error = error;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = previousExitCode;
  return { out: out.join("\n"), err: err.join("\n"), exitCode };
}
