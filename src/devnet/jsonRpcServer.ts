import type { EIP1193Provider } from "hardhat/types";

/** A chain served over HTTP JSON-RPC. */
export interface ServedChain {
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  /** Stops the server; calling it again does nothing. */
  close(): Promise<void>;
}

interface JsonRpcServerLike {
  listen(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/** `http://address:port`, with an IPv6 address in brackets. */
export function httpUrl(address: string, port: number): string {
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/**
 * Serves an EIP-1193 provider (Hardhat's in-process chain, or a second one) over HTTP
 * JSON-RPC with Hardhat's own `JsonRpcServer`, the server behind `hardhat node`.
 * Port 0 picks a free port.
 */
export async function serveJsonRpc(provider: EIP1193Provider, host = "127.0.0.1", port = 0): Promise<ServedChain> {
  const { JsonRpcServer } = await import("hardhat/internal/hardhat-network/jsonrpc/server");
  const server: JsonRpcServerLike = new JsonRpcServer({ hostname: host, port, provider });
  const listening = await server.listen();
  let closed = false;
  return {
    url: httpUrl(listening.address, listening.port),
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
}
