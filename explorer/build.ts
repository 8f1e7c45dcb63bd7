import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build, type Metafile } from "esbuild";

// Builds the devnet explorer page: explorer/src/main.ts bundled with the SDK core for the browser
// (package.json's "browser" field swaps the Node-only modules for their browser twins), the
// style sheet, and index.html, into explorer/dist/. `npm start` and the tests call it; it
// rebuilds only when an input changed since the last build.

/** The explorer's source folder. */
export const EXPLORER_DIR = __dirname;
/** Where the page is built (ignored by git). */
export const EXPLORER_DIST = path.join(__dirname, "dist");
const REPO_ROOT = path.join(__dirname, "..");
const META_FILE = "build-meta.json";
/** Files copied as they are. */
const STATIC_FILES = ["index.html"];

/** What {@link buildExplorer} did. */
export interface ExplorerBuild {
  /** The folder to serve. */
  dir: string;
  /** False when the existing build was up to date. */
  built: boolean;
  /** Time taken (the staleness check alone when nothing was built). */
  ms: number;
  /** The page script: bytes as served, and gzip-compressed (level 9). */
  scriptBytes: number;
  scriptGzipBytes: number;
  /** The style sheet, bytes. */
  styleBytes: number;
}

interface BuildMeta {
  /** Inputs relative to the repository root (sources, SDK, packages, static files). */
  inputs: string[];
  scriptBytes: number;
  scriptGzipBytes: number;
  styleBytes: number;
}

/**
 * Builds the page into `outDir` (default {@link EXPLORER_DIST}) unless the last build there is
 * newer than every one of its inputs. The script is minified, with a linked source map.
 * @throws esbuild's BuildFailure when the page does not compile for the browser
 */
export async function buildExplorer(options: { outDir?: string; force?: boolean } = {}): Promise<ExplorerBuild> {
  const started = Date.now();
  const outDir = options.outDir ?? EXPLORER_DIST;
  const previous = readMeta(outDir);
  if (!options.force && previous && upToDate(outDir, previous)) {
    return { dir: outDir, built: false, ms: Date.now() - started, ...sizes(previous) };
  }
  fs.mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(EXPLORER_DIR, "src", "main.ts"), style: path.join(EXPLORER_DIR, "style.css") },
    absWorkingDir: REPO_ROOT,
    outdir: outDir,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    legalComments: "linked",
    metafile: true,
    logLevel: "silent",
  });
  for (const file of STATIC_FILES) fs.copyFileSync(path.join(EXPLORER_DIR, file), path.join(outDir, file));
  const script = fs.readFileSync(path.join(outDir, "app.js"));
  const meta: BuildMeta = {
    inputs: [...inputsOf(result.metafile), ...STATIC_FILES.map((f) => path.relative(REPO_ROOT, path.join(EXPLORER_DIR, f)))],
    scriptBytes: script.length,
    scriptGzipBytes: zlib.gzipSync(script, { level: 9 }).length,
    styleBytes: fs.statSync(path.join(outDir, "style.css")).size,
  };
  fs.writeFileSync(path.join(outDir, META_FILE), JSON.stringify(meta, null, 1) + "\n");
  return { dir: outDir, built: true, ms: Date.now() - started, ...sizes(meta) };
}

function sizes(meta: BuildMeta): Pick<ExplorerBuild, "scriptBytes" | "scriptGzipBytes" | "styleBytes"> {
  return { scriptBytes: meta.scriptBytes, scriptGzipBytes: meta.scriptGzipBytes, styleBytes: meta.styleBytes };
}

function inputsOf(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).filter((f) => !f.includes(":"));
}

function readMeta(outDir: string): BuildMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, META_FILE), "utf8")) as BuildMeta;
  } catch {
    return undefined;
  }
}

/** True when every output exists and no input (a deleted one counts) changed after the last build. */
function upToDate(outDir: string, meta: BuildMeta): boolean {
  try {
    const builtAt = fs.statSync(path.join(outDir, META_FILE)).mtimeMs;
    for (const out of ["app.js", "style.css", ...STATIC_FILES]) fs.statSync(path.join(outDir, out));
    return meta.inputs.every((input) => fs.statSync(path.join(REPO_ROOT, input)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}
