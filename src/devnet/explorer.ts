import fs from "node:fs";
import http from "node:http";
import express, { type Request, type Response } from "express";
import { listen } from "../http/listen";

/** Options of {@link serveExplorer}. */
export interface ExplorerServerOptions {
  /** Folder of the built page (`index.html`, its script and style). Nothing outside it is served. */
  root: string;
  /**
   * The page's configuration, served as `GET /manifest.json` (read on every request, so it
   * follows the devnet as it comes up); undefined answers 503 until the devnet is ready.
   */
  config: () => unknown;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
}

/** A running explorer server. */
export interface ExplorerServer {
  /** `http://host:port/`'s origin, e.g. `http://127.0.0.1:8550`: the origin our other servers allow. */
  origin: string;
  /** The page's URL (`origin` + `/`). */
  url: string;
  close(): Promise<void>;
}

// The page runs its own script and style only: no inline script can run even if a message or a
// profile field were ever written into the page as markup. It talks to the devnet's servers
// (other ports, so other origins) and fetches linked records over https. 'unsafe-eval' is there
// because the SDK's JSON-schema validators (Ajv) compile their checks with `new Function` at run
// time; precompiled (standalone) validators would let it go.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Serves the devnet explorer page: the static files of `root` (GET and HEAD only; content type by
 * extension; no directory listing, no dotfiles, no path outside `root`, no caching) and the
 * configuration as `/manifest.json`. Listens on 127.0.0.1 by default; port 0 picks a free port.
 */
export async function serveExplorer(options: ExplorerServerOptions): Promise<ExplorerServer> {
  const root = fs.realpathSync(options.root);
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use((req: Request, res: Response, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.status(405).setHeader("Allow", "GET, HEAD").json({ code: "METHOD_NOT_ALLOWED", message: "the explorer serves GET and HEAD only" });
      return;
    }
    next();
  });
  app.get("/health", (_req: Request, res: Response) => {
    res.json({ ok: true });
  });
  app.get("/manifest.json", (_req: Request, res: Response) => {
    const config = options.config();
    if (config === undefined) {
      res.status(503).setHeader("Retry-After", "1").json({ code: "DEVNET_STARTING", message: "the devnet is still starting" });
      return;
    }
    res.json(config);
  });
  // serve-static resolves every path inside `root` (`..`, encoded or not, is refused with 403).
  app.use(express.static(root, { index: "index.html", dotfiles: "ignore", redirect: false, fallthrough: true, etag: false, lastModified: false }));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ code: "NOT_FOUND", message: "not found" });
  });
  app.use((err: { status?: number }, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = typeof err?.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).json({ code: status === 403 ? "FORBIDDEN" : status === 404 ? "NOT_FOUND" : "ERROR", message: status === 500 ? "internal error" : "refused" });
  });

  const server = await listen(http.createServer(app), options.host, options.port);
  return { origin: server.url, url: `${server.url}/`, close: server.close };
}
