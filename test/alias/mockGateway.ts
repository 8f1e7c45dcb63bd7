import http from "node:http";
import { AbiCoder, Interface, getBytes, keccak256, toUtf8String } from "ethers";

const abi = AbiCoder.defaultAbiCoder();
const reads = new Interface([
  "function addr(bytes32) view returns (address)",
  "function text(bytes32, string) view returns (string)",
  "function multicall(bytes[]) returns (bytes[])",
]);

/** Records the mock gateway serves, by dotted name. */
export type MockRecords = Record<string, { addr: string; text: string }>;

/** A tiny EIP-3668 gateway for `Dm3AliasTestWildcardResolver` (off-chain mode), for tests only. */
export interface MockGateway {
  /** `http://127.0.0.1:<port>/{sender}/{data}.json` */
  urlTemplate: string;
  /** Requests served so far, with the `sender` each named. */
  requests: Array<{ sender: string }>;
  close(): Promise<void>;
}

function dottedName(dns: Uint8Array): string {
  const labels: string[] = [];
  for (let i = 0; dns[i] !== 0; i += dns[i] + 1) labels.push(toUtf8String(dns.subarray(i + 1, i + 1 + dns[i])));
  return labels.join(".");
}

function answerOne(records: MockRecords, name: string, call: string): string {
  const entry = records[name];
  const parsed = reads.parseTransaction({ data: call });
  if (parsed?.name === "addr") return abi.encode(["address"], [entry?.addr ?? "0x" + "00".repeat(20)]);
  if (parsed?.name === "text") return abi.encode(["string"], [entry?.text ?? ""]);
  throw new Error(`unsupported call ${call.slice(0, 10)}`);
}

/** Starts the mock gateway on a free port of 127.0.0.1. */
export async function startMockGateway(records: MockRecords): Promise<MockGateway> {
  const requests: Array<{ sender: string }> = [];
  const server = http.createServer((req, res) => {
    const match = /^\/(0x[0-9a-fA-F]{40})\/(0x[0-9a-fA-F]*)\.json$/.exec(req.url ?? "");
    res.setHeader("content-type", "application/json");
    if (!match) {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: "not found" }));
      return;
    }
    requests.push({ sender: match[1] });
    try {
      const callData = match[2];
      const [dns, data] = abi.decode(["bytes", "bytes"], callData) as unknown as [string, string];
      const name = dottedName(getBytes(dns));
      const parsed = reads.parseTransaction({ data });
      const answer =
        parsed?.name === "multicall"
          ? abi.encode(["bytes[]"], [(parsed.args[0] as string[]).map((c) => answerOne(records, name, c))])
          : answerOne(records, name, data);
      res.end(JSON.stringify({ data: abi.encode(["bytes", "bytes32"], [answer, keccak256(callData)]) }));
    } catch (e) {
      res.statusCode = 400;
      res.end(JSON.stringify({ message: String(e) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    urlTemplate: `http://127.0.0.1:${port}/{sender}/{data}.json`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
