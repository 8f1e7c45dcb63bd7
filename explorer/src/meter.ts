import { Interface, JsonRpcProvider, dataSlice, type JsonRpcPayload, type JsonRpcResult, type Networkish, type PerformActionTransaction } from "ethers";
import { ensNetwork } from "../../src";

// Instrumentation for the Resolve view: a JSON-RPC provider that records every request it sends
// (wrapping ethers' `_send`, one JSON-RPC request per HTTP POST) and every CCIP-Read gateway
// request (wrapping `ccipReadFetch`), with their times. The SDK runs on it unchanged, so the
// numbers the page shows are the requests the SDK really made.

/** One JSON-RPC request. */
export interface RpcRecord {
  kind: "rpc";
  /** Which chain (label given to the provider). */
  chain: string;
  method: string;
  /** For eth_call: target and call data. */
  to?: string;
  data?: string;
  /** For eth_call: the result, or the revert data (e.g. an OffchainLookup). */
  result?: string;
  revert?: string;
  ms: number;
}

/** One CCIP-Read (EIP-3668) lookup: the gateway's HTTP request(s) for one OffchainLookup. */
export interface GatewayRecord {
  kind: "http";
  /** The URL templates the resolver named. */
  urls: string[];
  /** The resolver that reverted with OffchainLookup. */
  sender: string;
  /** The call data handed to the gateway. */
  callData: string;
  /** The gateway's answer (`data`), or null. */
  response: string | null;
  /** HTTP requests made (one per URL tried). */
  requests: number;
  ms: number;
  error?: string;
}

export type RequestRecord = RpcRecord | GatewayRecord;

/** Counts of a slice of records. */
export interface Counts {
  rpc: number;
  http: number;
}

/** Counts RPC and HTTP requests among `records`. */
export function countRequests(records: readonly RequestRecord[]): Counts {
  let rpc = 0;
  let http = 0;
  for (const r of records) {
    if (r.kind === "rpc") rpc++;
    else http += r.requests;
  }
  return { rpc, http };
}

/** A JsonRpcProvider (no batching, no answer cache) that records what it sends. */
export class MeteredProvider extends JsonRpcProvider {
  readonly records: RequestRecord[] = [];

  constructor(
    url: string,
    readonly label: string,
    network: Networkish,
  ) {
    super(url, network, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
  }

  /** Marks the current end of the log: `since(mark)` returns what came after. */
  mark(): number {
    return this.records.length;
  }

  since(mark: number): RequestRecord[] {
    return this.records.slice(mark);
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const started = performance.now();
    const list = Array.isArray(payload) ? payload : [payload];
    const records: RpcRecord[] = list.map((p) => {
      const tx = p.method === "eth_call" ? (p.params as Array<{ to?: string; data?: string }>)[0] : undefined;
      return { kind: "rpc", chain: this.label, method: p.method, to: tx?.to, data: tx?.data, ms: 0 };
    });
    this.records.push(...records);
    try {
      const answers = await super._send(payload);
      for (const [i, answer] of answers.entries()) {
        const record = records[i];
        if (!record) continue;
        const value = answer as { result?: unknown; error?: { data?: unknown } };
        if (typeof value.result === "string") record.result = value.result;
        // Revert data: a hex string, or (Hardhat) an object holding it.
        const data = value.error?.data as string | { data?: unknown } | undefined;
        const revert = typeof data === "string" ? data : data?.data;
        if (typeof revert === "string") record.revert = revert;
      }
      return answers;
    } finally {
      const ms = performance.now() - started;
      for (const r of records) r.ms = ms;
    }
  }

  override async ccipReadFetch(tx: PerformActionTransaction, callData: string, urls: string[]): Promise<string | null> {
    const record: GatewayRecord = { kind: "http", urls, sender: String(tx.to ?? ""), callData, response: null, requests: 0, ms: 0 };
    // ethers announces each gateway request as a debug event; lookups may run in parallel, so
    // only this lookup's requests (its call data in the URL or the POST body) count here.
    const data = callData.toLowerCase();
    const onDebug = (event: { action?: string; request?: { url?: string; body?: Uint8Array | null } }) => {
      if (event.action !== "sendCcipReadFetchRequest") return;
      const body = event.request?.body ? new TextDecoder().decode(event.request.body) : "";
      if ((event.request?.url ?? "").toLowerCase().includes(data) || body.toLowerCase().includes(data)) record.requests++;
    };
    this.records.push(record);
    const started = performance.now();
    await this.on("debug", onDebug);
    try {
      record.response = await super.ccipReadFetch(tx, callData, urls);
      return record.response;
    } catch (e) {
      record.error = (e as { shortMessage?: string }).shortMessage ?? String(e);
      throw e;
    } finally {
      record.ms = performance.now() - started;
      // ethers emits its debug events asynchronously: let them arrive before unsubscribing.
      await new Promise((r) => setTimeout(r, 0));
      await this.off("debug", onDebug);
      if (record.requests === 0) record.requests = Math.min(1, urls.length);
    }
  }
}

/** A metered provider for the devnet's L1 (ENS at the manifest's registry address). */
export function meteredL1(rpcUrl: string, chainId: number, ensRegistry: string): MeteredProvider {
  return new MeteredProvider(rpcUrl, "L1", ensNetwork(chainId, ensRegistry));
}

// Names of the calls the SDK makes while resolving, to label the recorded eth_calls.
const KNOWN_CALLS = new Interface([
  "function resolver(bytes32 node) view returns (address)",
  "function owner(bytes32 node) view returns (address)",
  "function supportsInterface(bytes4 id) view returns (bool)",
  "function text(bytes32 node, string key) view returns (string)",
  "function addr(bytes32 node) view returns (address)",
  "function addr(bytes32 node, uint256 coinType) view returns (bytes)",
  "function resolve(bytes name, bytes data) view returns (bytes)",
  "function resolveWithProof(bytes response, bytes extraData) view returns (bytes)",
  "function aliases(string topLevel) view returns (string)",
  "function aliasedName(bytes name) view returns (bytes, bool)",
  "function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)",
  "function resolveDm3(bytes name) view returns (bytes)",
]);

/** `text(…, "network.dm3.profile")`-style label of an eth_call, or its selector. */
export function callLabel(data: string | undefined): string {
  if (!data || data.length < 10) return "eth_call";
  try {
    const parsed = KNOWN_CALLS.parseTransaction({ data });
    if (!parsed) return `call ${dataSlice(data, 0, 4)}`;
    if (parsed.name === "text") return `text(…, "${parsed.args[1]}")`;
    if (parsed.name === "supportsInterface") return `supportsInterface(${parsed.args[0]})`;
    if (parsed.name === "aliases") return `aliases("${parsed.args[0]}")`;
    if (parsed.name === "resolve") {
      const inner = callLabel(String(parsed.args[1]));
      return `resolve(name, ${inner})`;
    }
    return `${parsed.name}(…)`;
  } catch {
    return `call ${dataSlice(data, 0, 4)}`;
  }
}

/** An eth_call that reverted with EIP-3668's OffchainLookup. */
export function isOffchainLookup(record: RpcRecord): boolean {
  return typeof record.revert === "string" && record.revert.startsWith("0x556f1830");
}
