import { RpcUnreachableError } from "../errors";

/**
 * Shows a URL without its path, query or credentials (where API keys live):
 * `https://key@eth.example.com/v2/SECRET` -> `https://eth.example.com/…`.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" && !u.search ? "/" : "/…"}`;
  } catch {
    return "<unparseable URL>";
  }
}

/** Result of a successful probe. */
export interface RpcProbe {
  chainId: bigint;
  elapsedMs: number;
}

/**
 * Sends one `eth_chainId` to `url` and fails within `timeoutMs` with a message that names
 * only the URL's host. Used before forking, because Hardhat's own fork start-up either takes
 * over a minute to fail or hangs forever on a silent server.
 */
export async function probeRpcUrl(url: string, timeoutMs = 5000): Promise<RpcProbe> {
  const shown = redactUrl(url);
  const started = Date.now();
  const unusable = (detail: string, cause?: unknown) => new RpcUnreachableError(`RPC URL ${shown} is not usable: ${detail}`, { cause });
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.ok) body = await res.json();
  } catch (e) {
    throw unusable(describeFetchError(e, timeoutMs), e);
  }
  if (!res.ok) throw unusable(`HTTP ${res.status}`);
  const result = (body as { result?: unknown })?.result;
  if (typeof result !== "string" || !/^0x[0-9a-fA-F]+$/.test(result)) {
    throw unusable("its eth_chainId answer is not a JSON-RPC result");
  }
  return { chainId: BigInt(result), elapsedMs: Date.now() - started };
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  // Never echo err.message of fetch's cause verbatim when it could contain the URL.
  return cause ? `${err?.message ?? "fetch failed"} (${cause})` : (err?.message ?? String(e));
}
