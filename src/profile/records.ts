import { decodeBase64, getBytes } from "ethers";
import { sha256, stringify } from "../shared/json";
import { parseCid, verifyCidContent } from "./cid";
import { HashMismatchError, MalformedRecordError } from "./errors";
import { redactUrl } from "../net/rpc";
import { DEFAULT_MAX_RECORD_BYTES, fetchBytes, type FetchOptions } from "./fetcher";
import { assertDeliveryServiceProfile, assertSignedUserProfile } from "./schema";
import type { DeliveryServiceProfile, SignedUserProfile } from "./types";

/** The three record formats: inline data URI, http(s) link with `dm3Hash`, `ipfs://` CID. */
export type RecordFormat = "data" | "link" | "ipfs";

/** Default IPFS gateway; the CID is appended. */
export const DEFAULT_IPFS_GATEWAY = "https://ipfs.io/ipfs/";

/**
 * How linked records are fetched. Links are `https:` only and may not lead to loopback, private
 * or link-local addresses unless the caller opts in (`allowInsecure`, `allowPrivateNetwork`:
 * the devnet and tests do), see {@link FetchOptions}.
 */
export interface ReadRecordOptions extends FetchOptions {
  /** Gateway URL prefix for `ipfs://` records, default {@link DEFAULT_IPFS_GATEWAY}. */
  ipfsGateway?: string;
}

/** A record's JSON and the format it came in. */
export interface RecordJson {
  format: RecordFormat;
  json: unknown;
}

const DATA_URI_PREFIX = "data:application/json,";

/** dm3's integrity hash of a linked object: `sha256(stringify(obj))`, `0x` + lowercase hex. */
export function dm3Hash(obj: unknown): string {
  return sha256(stringify(obj));
}

/** The default record writer: `data:application/json,` + stringify(obj), as the reference writes it. */
export function toDataUri(obj: unknown): string {
  return DATA_URI_PREFIX + stringify(obj);
}

/**
 * A link record for `obj` hosted at `url` (http or https): the URL with `dm3Hash` set to
 * {@link dm3Hash}(obj) (other query parameters kept). Host exactly `stringify(obj)` there.
 * @throws MalformedRecordError for a URL that is not http(s)
 */
export function toLinkRecord(url: string, obj: unknown): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MalformedRecordError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new MalformedRecordError(`a link record must be http(s), not ${parsed.protocol}`);
  parsed.searchParams.set("dm3Hash", dm3Hash(obj));
  return parsed.toString();
}

/**
 * Reads the JSON a dm3 record carries, in any of the three formats:
 * - `data:application/json[;charset=…][;base64],<payload>`; a payload that does not parse as
 *   JSON is percent-decoded (the reference does not);
 * - `https://…?dm3Hash=0x…` (`http://…` with `allowInsecure`): fetched, and `sha256(stringify(json))` must equal `dm3Hash`;
 * - `ipfs://<CID>`: fetched from the gateway, the bytes must match the CID.
 * Records (and fetched bodies) over `options.maxBytes` (default {@link DEFAULT_MAX_RECORD_BYTES}) are refused.
 * Fetched bodies are never quoted in errors before their hash or CID has checked out.
 * @throws MalformedRecordError, HashMismatchError, LinkUnreachableError, CidMismatchError, UnsupportedCidError
 */
export async function readRecordJson(record: string, options: ReadRecordOptions = {}): Promise<RecordJson> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const size = new TextEncoder().encode(record).length;
  if (size > maxBytes) throw new MalformedRecordError(`the record is ${size} bytes, more than the ${maxBytes}-byte limit`);
  if (/^data:/i.test(record)) return { format: "data", json: parseDataUri(record) };
  if (/^https?:\/\//i.test(record)) return { format: "link", json: await readLink(record, options) };
  if (/^ipfs:\/\//i.test(record)) return { format: "ipfs", json: await readIpfs(record, options) };
  const start = record.trimStart().slice(0, 1);
  const hint = start === "{" ? " (raw JSON: wrap it as data:application/json,…)" : "";
  throw new MalformedRecordError(`not a data:, http(s) or ipfs:// record${hint}`);
}

/** A user-profile record read and schema-checked (the signature is not checked here). */
export async function readProfileRecord(
  record: string,
  options: ReadRecordOptions = {},
): Promise<{ format: RecordFormat; signedProfile: SignedUserProfile }> {
  const { format, json } = await readRecordJson(record, options);
  return { format, signedProfile: assertSignedUserProfile(json) };
}

/** A delivery-service record read and schema-checked. */
export async function readDeliveryServiceRecord(
  record: string,
  options: ReadRecordOptions = {},
): Promise<{ format: RecordFormat; profile: DeliveryServiceProfile }> {
  const { format, json } = await readRecordJson(record, options);
  return { format, profile: assertDeliveryServiceProfile(json) };
}

/** Parses an RFC 2397 `data:` URI whose media type is application/json. */
export function parseDataUri(uri: string): unknown {
  const comma = uri.indexOf(",");
  if (comma < 0) throw new MalformedRecordError("data URI has no ','");
  const [mime, ...params] = uri.slice("data:".length, comma).split(";");
  if (mime.trim().toLowerCase() !== "application/json") throw new MalformedRecordError(`data URI media type is "${mime}", not application/json`);
  let charset = "utf-8";
  let base64 = false;
  for (const param of params) {
    const p = param.trim().toLowerCase();
    if (p === "base64") base64 = true;
    else if (p.startsWith("charset=")) charset = p.slice("charset=".length).replace(/^"(.*)"$/, "$1");
    else throw new MalformedRecordError(`data URI parameter ";${param}" is not supported`);
  }
  decodeText(new Uint8Array(), charset); // an unknown charset is an error even when unused
  const payload = uri.slice(comma + 1);
  if (base64) {
    const text = payload.includes("%") ? new TextDecoder().decode(percentDecode(payload)) : payload;
    return parseJson(decodeText(decodeBase64Payload(text), charset));
  }
  try {
    return JSON.parse(payload);
  } catch (rawError) {
    if (!payload.includes("%")) throw new MalformedRecordError(`data URI payload is not JSON (${(rawError as Error).message})`, { cause: rawError });
    return parseJson(decodeText(percentDecode(payload), charset), " after percent-decoding");
  }
}

function decodeBase64Payload(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new MalformedRecordError("data URI payload is not valid base64");
  return getBytes(decodeBase64(text));
}

function decodeText(bytes: Uint8Array, charset: string): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new MalformedRecordError(`unsupported charset "${charset}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch (e) {
    throw new MalformedRecordError(`payload is not valid ${charset}`, { cause: e });
  }
}

/**
 * Parses a fetched body that is not verified yet: the error says where, never what (a parser
 * message quotes the text, and the text may come from anywhere the link pointed).
 */
function parseFetchedJson(bytes: Uint8Array, shown: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new MalformedRecordError(`the body at ${shown} is not JSON (or not UTF-8)`);
  }
}

function parseJson(text: string, where = ""): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new MalformedRecordError(`payload is not JSON${where} (${(e as Error).message})`, { cause: e });
  }
}

/** RFC 3986 percent-decoding to bytes; other characters are taken as their UTF-8 bytes. */
function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; ) {
    if (text[i] === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new MalformedRecordError(`bad percent-escape "%${hex}" in data URI`);
      out.push(parseInt(hex, 16));
      i += 3;
    } else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out.push(...encoder.encode(ch));
      i += ch.length;
    }
  }
  return new Uint8Array(out);
}

async function readLink(record: string, options: ReadRecordOptions): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(record);
  } catch {
    throw new MalformedRecordError("the link is not a URL");
  }
  const hashes = url.searchParams.getAll("dm3Hash");
  if (hashes.length !== 1 || !/^0x[0-9a-fA-F]{64}$/.test(hashes[0])) {
    throw new MalformedRecordError(`a link record needs exactly one dm3Hash=0x<64 hex> parameter (found ${hashes.length === 0 ? "none" : hashes.join(", ")})`);
  }
  const shown = redactUrl(record);
  const bytes = await fetchBytes(record, shown, options);
  const json = parseFetchedJson(bytes, shown);
  const actual = dm3Hash(json);
  const expected = hashes[0].toLowerCase();
  if (actual !== expected) throw new HashMismatchError(expected, actual);
  return json;
}

async function readIpfs(record: string, options: ReadRecordOptions): Promise<unknown> {
  const match = /^ipfs:\/\/([^/?#]+)\/?$/i.exec(record);
  if (!match) throw new MalformedRecordError("an ipfs record must be ipfs://<CID> (paths inside IPFS objects are not supported)");
  const cid = parseCid(match[1]);
  const gateway = options.ipfsGateway ?? DEFAULT_IPFS_GATEWAY;
  const url = (gateway.endsWith("/") ? gateway : gateway + "/") + match[1];
  const bytes = await fetchBytes(url, `ipfs://${match[1]} via ${redactUrl(gateway)}`, options);
  verifyCidContent(cid, bytes);
  return parseJson(decodeText(bytes, "utf-8"), ` in ipfs://${match[1]}`);
}
