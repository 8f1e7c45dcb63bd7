import { AbiCoder, Contract, dataLength, dataSlice, getAddress, recoverAddress } from "ethers";
import {
  AliasCache,
  NoAddressError,
  NoRecordError,
  NoResolverError,
  PROFILE_RECORD_KEY,
  decodeDnsName,
  namehash,
  normalizeName,
  readProfileRecord,
  resolveDm3Profile,
  resolveName,
  verifyProfileSignature,
  type SignedUserProfile,
} from "../../src";
import { decodeGatewayRequest, gatewayDigest, resolverReads } from "../../src/gateway/protocol";
import { defaultLinkFetcher } from "../../src/net/linkFetcher";
import type { Fetcher } from "../../src/net/fetcherTypes";
import type { ExplorerConfig } from "./config";
import { DEVNET_RECORD_OPTIONS, resolverKind } from "./context";
import { errorText } from "./dom";
import { callLabel, countRequests, isOffchainLookup, meteredL1, MeteredProvider, type GatewayRecord, type RequestRecord } from "./meter";

// Resolves a name in the browser with the SDK, one step at a time, on metered providers, and
// returns the path it took with the requests and the time of each step.

/** The steps, in the order the page draws them. */
export type StepId = "name" | "alias" | "resolver" | "gateway" | "l2" | "records" | "profile" | "signature";

export interface PathStep {
  id: StepId;
  title: string;
  status: "ok" | "fail" | "skipped";
  /** What the step found, one line each. */
  lines: string[];
  /** The requests of this step (JSON-RPC and gateway HTTP). */
  requests: RequestRecord[];
  rpc: number;
  http: number;
  ms: number;
}

export interface ResolutionTrace {
  input: string;
  steps: PathStep[];
  totals: { rpc: number; http: number; ms: number };
  /** The verdict: valid profile, invalid (with the reason) or an error. */
  verdict: { valid: boolean; text: string };
  /** The same name through the one-call resolver, for comparison. */
  oneCall?: { rpc: number; http: number; ms: number; valid?: boolean; error?: string };
}

const TITLES: Record<StepId, string> = {
  name: "Name (ENSIP-15)",
  alias: "Alias → canonical name",
  resolver: "Resolver",
  gateway: "CCIP-Read gateway",
  l2: "Layer-2 registry",
  records: "Records (addr, network.dm3.profile)",
  profile: "Profile record",
  signature: "Signature check",
};

class StepFailed extends Error {}

/** Resolves `input` step by step. Never throws: a failing step ends the path with its reason. */
export async function traceResolution(config: ExplorerConfig, input: string): Promise<ResolutionTrace> {
  const l1 = meteredL1(config.rpcUrl, config.chainId, config.contracts.ensRegistry.address);
  const steps = new Map<StepId, PathStep>();
  const started = performance.now();
  const httpRecords: GatewayRecord[] = [];
  const linkFetches: RequestRecord[] = [];

  async function step<T>(id: StepId, fn: (lines: string[]) => Promise<T>, providers: MeteredProvider[] = [l1], extra?: () => RequestRecord[]): Promise<T> {
    const marks = providers.map((p) => p.mark());
    const linkMark = linkFetches.length;
    const lines: string[] = [];
    const t0 = performance.now();
    let status: PathStep["status"] = "ok";
    try {
      return await fn(lines);
    } catch (e) {
      status = "fail";
      lines.push(errorText(e));
      throw new StepFailed(id);
    } finally {
      const requests = [...providers.flatMap((p, i) => p.since(marks[i])), ...linkFetches.slice(linkMark), ...(extra?.() ?? [])];
      steps.set(id, { id, title: TITLES[id], status, lines, requests, ...countRequests(requests), ms: performance.now() - t0 });
    }
  }
  function skip(id: StepId, why: string): void {
    steps.set(id, { id, title: TITLES[id], status: "skipped", lines: [why], requests: [], rpc: 0, http: 0, ms: 0 });
  }

  let verdict: ResolutionTrace["verdict"] = { valid: false, text: "not resolved" };
  try {
    const normalized = await step("name", async (lines) => {
      const n = normalizeName(input);
      lines.push(n === input ? `"${n}" is normalized` : `"${input}" normalizes to "${n}"`);
      return n;
    });

    const aliasRegistry = config.contracts.dm3AliasRegistry?.address;
    const canonical = aliasRegistry
      ? await step("alias", async (lines) => {
          const r = await resolveName(l1, normalized, { aliasRegistry, cache: new AliasCache(0) });
          const top = normalized.split(".").pop();
          lines.push(r.alias ? `${r.alias} → ${r.name} (alias “${top}” in the alias registry)` : `“${top}” is no alias: the canonical name is ${r.name}`);
          return r.name;
        })
      : (skip("alias", "no alias registry in the manifest"), normalized);

    const resolver = await step("resolver", async (lines) => {
      const found = await l1.getResolver(canonical);
      if (!found) throw new NoResolverError(canonical);
      lines.push(`${found.address}: ${resolverKind(config, found.address)}`);
      const holder = resolverHolder(canonical, l1.records);
      lines.push(holder === canonical ? `set on ${canonical} itself` : `found on the parent ${holder} (ENSIP-10 wildcard)`);
      return found;
    });

    const { record, address } = await step("records", async (lines) => {
      // As the SDK's resolveProfile: one resolver lookup, both records read in parallel.
      const [text, addr] = await Promise.all([resolver.getText(PROFILE_RECORD_KEY), resolver.getAddress()]);
      for (const r of l1.records) if (r.kind === "http" && !httpRecords.includes(r)) httpRecords.push(r);
      lines.push(`addr = ${addr ?? "none"}`);
      lines.push(text ? `network.dm3.profile = ${text.length} characters (${text.slice(0, 32)}…)` : "network.dm3.profile: none");
      const lookups = l1.records.filter((r) => r.kind === "rpc" && isOffchainLookup(r)).length;
      if (lookups) lines.push(`${lookups} OffchainLookup reverts answered through the gateway, each checked on L1 by resolveWithProof`);
      return { record: text, address: addr };
    });
    // The gateway's requests are shown in their own step; the records step keeps its eth_calls
    // (its time includes the gateway's, as the lookups happen inside the record reads).
    const records = steps.get("records")!;
    records.requests = records.requests.filter((r) => r.kind === "rpc");
    Object.assign(records, countRequests(records.requests));
    await traceGateway(config, httpRecords, steps);
    await traceL2(config, httpRecords, steps, step);

    const signed = await step(
      "profile",
      async (lines) => {
        if (!record) throw new NoRecordError(canonical, PROFILE_RECORD_KEY);
        const { format, signedProfile } = await readProfileRecord(record, { ...DEVNET_RECORD_OPTIONS, fetch: meteredFetch(linkFetches) });
        lines.push(`format: ${format}`);
        lines.push(`delivery services: ${signedProfile.profile.deliveryServices.join(", ")}`);
        lines.push(`encryption key ${signedProfile.profile.publicEncryptionKey.slice(0, 12)}…, signing key ${signedProfile.profile.publicSigningKey.slice(0, 12)}…`);
        return signedProfile as SignedUserProfile;
      },
      [l1],
    );

    await step("signature", async (lines) => {
      if (!address) throw new NoAddressError(canonical);
      const v = await verifyProfileSignature(signed, address, { provider: l1 });
      lines.push(v.valid ? `signed by ${address} (${v.method})` : `not signed by ${address}: ${v.reason ?? "invalid"}`);
      verdict = v.valid ? { valid: true, text: "valid profile" } : { valid: false, text: v.reason ?? "invalid signature" };
      if (!v.valid) throw new Error(v.reason ?? "invalid signature");
    });
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    const failed = [...steps.values()].find((s) => s.status === "fail");
    if (failed && verdict.text === "not resolved") verdict = { valid: false, text: failed.lines[failed.lines.length - 1] };
  }
  for (const id of Object.keys(TITLES) as StepId[]) if (!steps.has(id)) skip(id, "not reached");

  const ordered = (Object.keys(TITLES) as StepId[]).map((id) => steps.get(id)!);
  // Gateway requests are counted in their own step, not again in "records".
  const all = [...l1.records, ...ordered.filter((s) => s.id === "l2").flatMap((s) => s.requests), ...linkFetches];
  return { input, steps: ordered, totals: { ...countRequests(all), ms: performance.now() - started }, verdict };
}

/** The same resolution in one call (Dm3UniversalResolver), metered; undefined without one. */
export async function traceOneCall(config: ExplorerConfig, input: string): Promise<ResolutionTrace["oneCall"]> {
  const universalResolver = config.contracts.dm3UniversalResolver?.address;
  if (!universalResolver) return undefined;
  const l1 = meteredL1(config.rpcUrl, config.chainId, config.contracts.ensRegistry.address);
  const t0 = performance.now();
  try {
    const r = await resolveDm3Profile(l1, input, { universalResolver, ...DEVNET_RECORD_OPTIONS });
    return { ...countRequests(l1.records), ms: performance.now() - t0, valid: r.valid };
  } catch (e) {
    return { ...countRequests(l1.records), ms: performance.now() - t0, error: errorText(e) };
  } finally {
    l1.destroy();
  }
}

/** The gateway step: what each OffchainLookup asked and what the gateway signed. */
async function traceGateway(config: ExplorerConfig, lookups: GatewayRecord[], steps: Map<StepId, PathStep>): Promise<void> {
  if (lookups.length === 0) {
    steps.set("gateway", { id: "gateway", title: TITLES.gateway, status: "skipped", lines: ["not used: the resolver answers on-chain"], requests: [], rpc: 0, http: 0, ms: 0 });
    return;
  }
  const lines: string[] = [];
  let status: PathStep["status"] = "ok";
  for (const lookup of lookups) {
    const url = lookup.urls[0] ?? "";
    let origin = url;
    try {
      origin = new URL(url.replace("{sender}", "s").replace("{data}", "d")).origin;
    } catch {
      /* shown as given */
    }
    try {
      const request = decodeGatewayRequest(lookup.callData);
      const inner = callLabel(request.data);
      if (!lookup.response) throw new Error(lookup.error ?? "no answer");
      const [result, expires, sig] = AbiCoder.defaultAbiCoder().decode(["bytes", "uint64", "bytes"], lookup.response) as unknown as [string, bigint, string];
      const signer = recoverAddress(gatewayDigest(lookup.sender, expires, lookup.callData, result), dataSlice(sig, 0, 65));
      const known = config.extra.gateway?.signer && getAddress(config.extra.gateway.signer) === signer;
      lines.push(`${origin}: ${inner} for ${decodeDnsName(request.dnsName)} → ${dataLength(result)} bytes, signed by ${signer}${known ? " (the devnet gateway's key)" : " (unknown key)"}, valid until ${new Date(Number(expires) * 1000).toLocaleTimeString()}`);
      if (!known) status = "fail";
    } catch (e) {
      status = "fail";
      lines.push(`${origin}: ${errorText(e)}`);
    }
  }
  const counts = countRequests(lookups);
  steps.set("gateway", { id: "gateway", title: TITLES.gateway, status, lines, requests: lookups, ...counts, ms: lookups.reduce((t, l) => t + l.ms, 0) });
}

type StepRunner = <T>(id: StepId, fn: (lines: string[]) => Promise<T>, providers?: MeteredProvider[]) => Promise<T>;

/** The layer-2 step: the registry the gateway read, read again from the browser and compared. */
async function traceL2(config: ExplorerConfig, lookups: GatewayRecord[], steps: Map<StepId, PathStep>, step: StepRunner): Promise<void> {
  const l2 = config.extra.l2;
  if (lookups.length === 0) {
    steps.set("l2", { id: "l2", title: TITLES.l2, status: "skipped", lines: ["not used: the records live on L1"], requests: [], rpc: 0, http: 0, ms: 0 });
    return;
  }
  if (!l2) {
    steps.set("l2", { id: "l2", title: TITLES.l2, status: "skipped", lines: ["the manifest names no layer-2 chain"], requests: [], rpc: 0, http: 0, ms: 0 });
    return;
  }
  const provider = new MeteredProvider(l2.rpcUrl, "L2", l2.chainId);
  try {
    await step(
      "l2",
      async (lines) => {
        for (const lookup of lookups) {
          const request = decodeGatewayRequest(lookup.callData);
          const registry = new Contract(request.registry, ["function resolve(bytes name, bytes data) view returns (bytes)"], provider);
          const direct = (await registry.resolve(request.dnsName, request.data)) as string;
          const [signed] = lookup.response ? (AbiCoder.defaultAbiCoder().decode(["bytes"], lookup.response) as unknown as [string]) : [""];
          const same = signed.toLowerCase() === direct.toLowerCase();
          lines.push(`registry ${request.registry} on chain ${request.chainId}: ${callLabel(request.data)} = ${describeResult(request.data, direct)}; ${same ? "the same bytes the gateway signed" : "DIFFERENT from what the gateway signed"}`);
          if (!same) throw new Error("the gateway's answer differs from the layer-2 registry");
        }
      },
      [provider],
    );
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
  } finally {
    provider.destroy();
  }
}

/** Which name the resolver was found on: the last `resolver(node)` lookup that returned an address. */
function resolverHolder(name: string, records: RequestRecord[]): string {
  const labels = name.split(".");
  const byNode = new Map(labels.map((_, i) => [namehash(labels.slice(i).join(".")), labels.slice(i).join(".")]));
  let holder = name;
  for (const r of records) {
    if (r.kind !== "rpc" || !r.data?.startsWith("0x0178b8bf") || !r.result) continue;
    if (BigInt(r.result) === 0n) continue;
    holder = byNode.get(`0x${r.data.slice(10, 74)}`) ?? holder;
  }
  return holder;
}

function describeResult(innerCall: string, result: string): string {
  try {
    const fn = resolverReads.getFunction(innerCall.slice(0, 10));
    if (fn?.name === "text") return `${(resolverReads.decodeFunctionResult(fn, result)[0] as string).length} characters`;
    if (fn?.name === "addr") return String(resolverReads.decodeFunctionResult(fn, result)[0]);
  } catch {
    /* raw size below */
  }
  return `${dataLength(result)} bytes`;
}

/** The browser's link fetcher, recording each request (linked profile records). */
function meteredFetch(log: RequestRecord[]): Fetcher {
  return async (url, init) => {
    const record: GatewayRecord = { kind: "http", urls: [url], sender: "", callData: "", response: null, requests: 1, ms: 0 };
    log.push(record);
    const t0 = performance.now();
    try {
      return await defaultLinkFetcher(url, init);
    } finally {
      record.ms = performance.now() - t0;
    }
  };
}
