import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A server listening on a local interface. */
export interface Listening {
  /** `http://address:port` (IPv6 in brackets): the server's base URL and its origin. */
  url: string;
  /** Stops accepting, closes open connections and resolves once closed; calling it again does nothing. */
  close(): Promise<void>;
}

/** `http://address:port`, with an IPv6 address in brackets. */
export function httpUrl(address: string, port: number): string {
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/** Starts `server` listening on `host:port` (port 0 picks a free one). */
export async function listen(server: Server, host = "127.0.0.1", port = 0): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closed = false;
  return {
    url: httpUrl(address.address, address.port),
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
