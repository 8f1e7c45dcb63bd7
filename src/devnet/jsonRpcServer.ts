import http from "node:http";
import type { EIP1193Provider } from "hardhat/types";
import { OriginPolicy, type CorsOptions } from "../http/cors";
import { listen } from "../http/listen";

// Kept here for the callers that import it from dm3kit/devnet.
export { httpUrl } from "../http/listen";

/** A chain served over JSON-RPC (HTTP and WebSocket on one port). */
export interface ServedChain {
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  /** Stops the server; calling it again does nothing. */
  close(): Promise<void>;
}

/** What we use of Hardhat's request handler (the one behind `hardhat node`). */
interface JsonRpcHandlerLike {
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  handleWs(ws: unknown): Promise<void>;
}

/** What we use of the `ws` package's server (the one Hardhat's own server uses). */
interface WsServerLike {
  on(event: "connection", listener: (ws: unknown) => void): void;
  close(cb: () => void): void;
}

/**
 * Serves an EIP-1193 provider (Hardhat's in-process chain, or a second one) over HTTP and
 * WebSocket JSON-RPC with Hardhat's own request handler, as `hardhat node` does, but with
 * dm3kit's origin policy instead of Hardhat's `Access-Control-Allow-Origin: *`: browser pages on
 * `allowedOrigins` may call it, any other browser origin is refused (403, WebSocket upgrade
 * refused), clients without an `Origin` header are served as before. Port 0 picks a free port.
 * @throws CorsConfigError for an allowed origin that is not an origin
 */
export async function serveJsonRpc(provider: EIP1193Provider, host = "127.0.0.1", port = 0, options: CorsOptions = {}): Promise<ServedChain> {
  const policy = new OriginPolicy(options.allowedOrigins);
  const { JsonRpcHandler } = await import("hardhat/internal/hardhat-network/jsonrpc/handler");
  // Hardhat's handler writes `Access-Control-Allow-Origin: *` on every answer; the policy has
  // already set the headers it wants, so that step is switched off for this handler.
  class OriginCheckedHandler extends JsonRpcHandler {}
  Object.defineProperty(OriginCheckedHandler.prototype, "_setCorsHeaders", { value: () => {} });
  const handler = new OriginCheckedHandler(provider) as unknown as JsonRpcHandlerLike;

  const server = http.createServer((req, res) => {
    if (policy.handle(req, res, "POST, OPTIONS")) return;
    void handler.handleHttp(req, res);
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WebSocketServer } = require("ws") as { WebSocketServer: new (o: object) => WsServerLike };
  const wss = new WebSocketServer({
    server,
    verifyClient: (info: { origin?: string; req: http.IncomingMessage }) => policy.check(info.req.headers.origin) !== "refused",
  });
  wss.on("connection", (ws) => void handler.handleWs(ws));

  const listening = await listen(server, host, port);
  let closed = false;
  return {
    url: listening.url,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await listening.close();
    },
  };
}
