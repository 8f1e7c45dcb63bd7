import { getBytes, hexlify, sha256 as ethersSha256 } from "ethers";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";
import { CidMismatchError, MalformedRecordError, UnsupportedCidError } from "./errors";

/** Multicodec codes dm3kit can verify content against. */
export const CID_CODEC = { raw: 0x55, json: 0x0200, dagPb: 0x70 } as const;
const SHA2_256 = 0x12;
/** Largest file `ipfs add` stores as one UnixFS chunk with its default chunker (size-262144). */
export const UNIXFS_DEFAULT_CHUNK_BYTES = 262_144;

/** Parses a CID string (CIDv0 `Qm…`, CIDv1 base32 `b…` or base58btc `z…`). @throws MalformedRecordError */
export function parseCid(text: string): CID {
  try {
    return CID.parse(text);
  } catch (e) {
    throw new MalformedRecordError(`"${text}" is not a CID (${(e as Error).message})`, { cause: e });
  }
}

/** A CIDv1 (base32) of `bytes` with sha2-256 and the raw or json codec. */
export function cidOf(bytes: Uint8Array, codec: "raw" | "json" = "raw"): string {
  const digest = createDigest(SHA2_256, getBytes(ethersSha256(bytes)));
  return CID.create(1, CID_CODEC[codec], digest).toString();
}

/** The CIDv0 `ipfs add` gives `bytes` (≤ 256 KiB, default chunker, no raw leaves). */
export function cidV0OfFile(bytes: Uint8Array): string {
  const digest = createDigest(SHA2_256, getBytes(ethersSha256(unixfsFileNode(bytes))));
  return CID.createV0(digest).toString();
}

/**
 * Checks that `bytes` are the content `cid` names: sha2-256 over the bytes for the raw and
 * json codecs; for dag-pb, over the single-chunk UnixFS file node rebuilt from the bytes (what
 * `ipfs add` makes of a file up to 256 KiB). Other codecs, hashes or multi-chunk files are
 * refused, not trusted.
 * @throws UnsupportedCidError, CidMismatchError
 */
export function verifyCidContent(cid: CID, bytes: Uint8Array): void {
  const text = cid.toString();
  if (cid.multihash.code !== SHA2_256) {
    throw new UnsupportedCidError(text, `hash function 0x${cid.multihash.code.toString(16)} (only sha2-256 is supported)`);
  }
  let hashed: Uint8Array;
  let hint = "";
  if (cid.code === CID_CODEC.raw || cid.code === CID_CODEC.json) {
    hashed = bytes;
  } else if (cid.code === CID_CODEC.dagPb) {
    if (bytes.length > UNIXFS_DEFAULT_CHUNK_BYTES) {
      throw new UnsupportedCidError(text, `dag-pb file of ${bytes.length} bytes spans several chunks (only single-chunk files are verified)`);
    }
    hashed = unixfsFileNode(bytes);
    hint = " (or it is not a single-chunk UnixFS file)";
  } else {
    throw new UnsupportedCidError(text, `unsupported CID codec 0x${cid.code.toString(16)} (raw, json and single-chunk dag-pb files are supported)`);
  }
  const actual = ethersSha256(hashed);
  const expected = hexlify(cid.multihash.digest);
  if (actual !== expected) throw new CidMismatchError(text, `sha2-256 is ${actual}, the CID says ${expected}${hint}`);
}

/**
 * The dag-pb node of a one-chunk UnixFS file: PBNode{Data: UnixFS{Type: File, Data, filesize}}
 * with no links (protobuf; an empty file has no Data field, as go-ipfs writes it).
 */
function unixfsFileNode(content: Uint8Array): Uint8Array {
  const unixfs = concatBytes(
    [0x08, 0x02], // field 1 (Type), varint: 2 = File
    content.length > 0 ? [0x12, ...varint(content.length)] : [], // field 2 (Data), bytes
    content.length > 0 ? content : [],
    [0x18, ...varint(content.length)], // field 3 (filesize), varint
  );
  return concatBytes([0x0a, ...varint(unixfs.length)], unixfs); // PBNode field 1 (Data), bytes
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function concatBytes(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
