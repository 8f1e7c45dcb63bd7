import { expect } from "chai";
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../helpers/process";

// The SDK's modules (src/<module>/) form layers. Data flows one way, names → ENS/registry read →
// profile parse and verify → message → envelope → delivery; a module imports only from its own
// layer or below, so nothing reaches back up and there are no cycles. Type-only imports count too.
// A new module adds one line here (its layer, and whether it is part of the browser-safe core).
const LAYERS: Record<string, { layer: number; core: boolean }> = {
  "(index)": { layer: 99, core: true }, // src/index.ts re-exports the core
  "(root)": { layer: 0, core: true }, // src/errors.ts
  shared: { layer: 0, core: true },
  names: { layer: 1, core: true },
  ens: { layer: 1, core: true },
  net: { layer: 1, core: true },
  crypto: { layer: 1, core: true },
  keys: { layer: 2, core: true }, // key derivation needs no profile: profiles are built from keys
  alias: { layer: 2, core: true },
  registry: { layer: 2, core: true },
  resolution: { layer: 2, core: true },
  profile: { layer: 3, core: true },
  messaging: { layer: 4, core: true },
  billboard: { layer: 4, core: true },
  http: { layer: 8, core: false }, // helpers shared by the servers (CORS policy)
  gate: { layer: 2, core: true }, // token-gated access: chain reads only (the delivery service uses it)
  gateway: { layer: 9, core: false }, // dm3kit/gateway (express server)
  delivery: { layer: 9, core: false }, // dm3kit/delivery (express + socket.io server, SQLite/PostgreSQL)
  devnet: { layer: 9, core: false }, // dm3kit/devnet (Hardhat internals)
};

/**
 * Core files with a browser twin in package.json's `browser` field (e.g. the Node link fetcher,
 * the native crypto back-end): Node-only by design, replaced in browser bundles; their twins are
 * checked like every other core file.
 */
const BROWSER_MAPPED = new Set(
  Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { browser?: Record<string, string> }).browser ?? {}).map((f) =>
    path.normalize(f),
  ),
);

const SRC = path.join(REPO_ROOT, "src");
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

function moduleOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length > 1) return rel[0];
  return rel[0] === "index.ts" ? "(index)" : "(root)";
}

/** `x` → `x.ts`, or `x/index.ts` for a folder. */
function resolveTs(target: string): string {
  return fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, "index.ts");
}

interface Import {
  from: string;
  specifier: string;
  /** The src/ module imported, for relative imports into src/. */
  module?: string;
}

/** Every import (value and type, static and dynamic) of every file under src/. */
function imports(): Import[] {
  return sourceFiles(SRC).flatMap((file) => {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return info.importedFiles.map(({ fileName: specifier }) => {
      const target = specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : undefined;
      const inSrc = target !== undefined && !path.relative(SRC, target).startsWith("..");
      return { from: path.relative(REPO_ROOT, file), specifier, module: inSrc ? moduleOf(resolveTs(target)) : undefined };
    });
  });
}

function layerOf(file: string): { layer: number; core: boolean } {
  return LAYERS[moduleOf(path.join(REPO_ROOT, file))];
}

/** Imports of a module from a higher layer, as `file imports specifier`. */
function upwardImports(list: Import[]): string[] {
  return list.filter((i) => i.module !== undefined && LAYERS[i.module].layer > layerOf(i.from).layer).map((i) => `${i.from} imports ${i.specifier}`);
}

/** Module-level import cycles, as `a -> b -> a`. */
function cycles(list: Import[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const i of list) {
    const from = moduleOf(path.join(REPO_ROOT, i.from));
    if (i.module && i.module !== from) edges.set(from, (edges.get(from) ?? new Set()).add(i.module));
  }
  const found = new Set<string>();
  const visit = (node: string, trail: string[]): void => {
    if (trail.includes(node)) {
      found.add([...trail.slice(trail.indexOf(node)), node].join(" -> "));
      return;
    }
    for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
  };
  for (const start of edges.keys()) visit(start, []);
  return [...found];
}

describe("SDK module layering (src/)", () => {
  const all = imports();

  it("lists every src/ module in the layer table", () => {
    const modules = [...new Set(sourceFiles(SRC).map(moduleOf))];
    expect(modules.filter((m) => !(m in LAYERS)), "add new modules to LAYERS in this test").to.deep.equal([]);
  });

  it("never imports from a higher layer (keys/ is independent of profile/, resolution/ of profile/)", () => {
    expect(upwardImports(all)).to.deep.equal([]);
  });

  it("has no import cycle between modules", () => {
    expect(cycles(all)).to.deep.equal([]);
  });

  it("keeps Hardhat, Node built-ins and servers out of the core modules (type imports included; files with a browser twin excepted)", () => {
    const offending = all
      .filter((i) => layerOf(i.from).core && !BROWSER_MAPPED.has(path.normalize(i.from)))
      .filter((i) => /^hardhat(\/|$)|^@nomicfoundation\/|^express(\/|$)/.test(i.specifier) || NODE_BUILTINS.has(i.specifier) || (i.module !== undefined && !LAYERS[i.module].core))
      .map((i) => `${i.from} imports ${i.specifier}`);
    expect(offending).to.deep.equal([]);
  });

  it("reports the imports this layering forbids (the checks can fail)", () => {
    // What main had before: keys/ reading profile/'s types, and resolution/ <-> profile/.
    const before: Import[] = [
      ...all,
      { from: "src/keys/derive.ts", specifier: "../profile/types", module: "profile" },
      { from: "src/resolution/profile.ts", specifier: "../profile/resolve", module: "profile" },
    ];
    expect(upwardImports(before)).to.deep.equal(["src/keys/derive.ts imports ../profile/types", "src/resolution/profile.ts imports ../profile/resolve"]);
    expect(cycles(before)).to.include.members(["keys -> profile -> keys", "resolution -> profile -> resolution"]);
  });
});
