import { ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const REPO_ROOT = path.join(__dirname, "..", "..");

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(undefined));
    srv.listen(port, "127.0.0.1", () => {
      const { port: actual } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(actual));
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1, with the `count - 1` ports after it free too. */
export async function freePort(count = 1): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await tryListen(0);
    if (base === undefined || base + count > 65535) continue;
    let ok = true;
    for (let i = 1; i < count && ok; i++) ok = (await tryListen(base + i)) !== undefined;
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found on 127.0.0.1`);
}

/** A child process in its own process group, with its output collected. */
export interface Child {
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Resolves when the output matches `pattern`; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends `signal` to the whole process group. */
  killGroup(signal: NodeJS.Signals): void;
  /** True while any process of the group is alive. */
  groupAlive(): boolean;
}

/** Spawns `command args` in the repository root, detached into a new process group. */
export function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.on("exit", (code, sig) => resolve(code ?? sig ?? -1)));
  const pid = proc.pid!;
  return {
    proc,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${out}`)), timeoutMs);
        const check = () => pattern.test(out) && done();
        const onExit = () => done(new Error(`process exited before ${pattern}; output:\n${out}`));
        function done(err?: Error) {
          clearTimeout(timer);
          proc.stdout!.off("data", check);
          proc.off("exit", onExit);
          if (err) reject(err);
          else resolve();
        }
        proc.stdout!.on("data", check);
        proc.once("exit", onExit);
        check();
      });
    },
    killGroup(signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        /* already gone */
      }
    },
    groupAlive() {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Waits until no process of the child's group is alive, at most `timeoutMs`. */
export async function waitUntilGone(child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (child.groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Stops a child's whole group: SIGINT (a clean shutdown), then SIGKILL after `timeoutMs`. */
export async function stopGroup(child: Child, timeoutMs = 15_000): Promise<void> {
  child.killGroup("SIGINT");
  await waitUntilGone(child, timeoutMs);
  if (child.groupAlive()) child.killGroup("SIGKILL");
}
