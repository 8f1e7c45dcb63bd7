import { expect } from "chai";
import { Wallet } from "ethers";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  cidOf,
  cidV0OfFile,
  CidMismatchError,
  createProfile,
  dm3Hash,
  type Fetcher,
  HashMismatchError,
  LinkUnreachableError,
  MalformedRecordError,
  readDeliveryServiceRecord,
  readProfileRecord,
  readRecordJson,
  SchemaViolationError,
  type SignedUserProfile,
  toDataUri,
  toLinkRecord,
  UnsupportedCidError,
} from "../../src/profile";
import { stringify } from "../../src/shared/json";
import { VECTOR } from "../fixtures/dm3-vectors";
import { startStaticServer, type StaticServer } from "../fixtures/http";
import { refProfile, refShared } from "../fixtures/reference";
import { expectRejection } from "../helpers/expect";

/** The devnet's opt-in: plain http and 127.0.0.1 (links are https-only and public-only by default). */
const LOCAL = { allowInsecure: true, allowPrivateNetwork: true } as const;

describe("profile records (data URI, link + dm3Hash, ipfs://)", () => {
  let signed: SignedUserProfile;
  let server: StaticServer;

  before(async () => {
    signed = (await createProfile(new Wallet(VECTOR.privateKey), ["ds.dm3.eth"])).signedProfile;
    server = await startStaticServer();
  });
  after(() => server.close());

  describe("data: URIs", () => {
    const json = () => stringify(signed);
    const b64 = () => Buffer.from(json()).toString("base64");

    it("writes what the reference writes and reads the reference's createJsonDataUri", async () => {
      expect(toDataUri(signed)).to.equal(refShared.createJsonDataUri(signed));
      expect(await readProfileRecord(refShared.createJsonDataUri(signed))).to.deep.equal({ format: "data", signedProfile: signed });
    });

    it("the reference's JsonResolver reads what we write", async () => {
      const resolver = refProfile.JsonResolver(refProfile.validateSignedUserProfile);
      expect(resolver.isProfile(toDataUri(signed))).to.equal(true);
      expect(await resolver.resolveProfile(toDataUri(signed))).to.deep.equal(signed);
    });

    const variants: Array<[string, () => string]> = [
      ["plain", () => `data:application/json,${json()}`],
      ["with charset", () => `data:application/json;charset=utf-8,${json()}`],
      ["base64", () => `data:application/json;base64,${b64()}`],
      ["charset + base64", () => `data:application/json;charset=UTF-8;base64,${b64()}`],
      ["percent-encoded", () => `data:application/json,${encodeURIComponent(json())}`],
      ["percent-encoded base64", () => `data:application/json;base64,${encodeURIComponent(b64())}`],
      ["upper-case scheme and type", () => `DATA:Application/JSON,${json()}`],
    ];
    for (const [name, make] of variants) {
      it(`reads a ${name} data URI`, async () => {
        expect(await readProfileRecord(make())).to.deep.equal({ format: "data", signedProfile: signed });
      });
    }

    it("refuses an oversize record before parsing it (default 1 MiB, or options.maxBytes)", async () => {
      const record = toDataUri(signed);
      await expectRejection(readProfileRecord(record, { maxBytes: 200 }), MalformedRecordError, /the record is \d+ bytes, more than the 200-byte limit/);
      const huge = `data:application/json,${JSON.stringify({ ...signed, padding: "x".repeat(1 << 20) })}`;
      await expectRejection(readProfileRecord(huge), MalformedRecordError, /1048576-byte limit/);
      expect(await readProfileRecord(record, { maxBytes: Buffer.byteLength(record) })).to.deep.equal({ format: "data", signedProfile: signed });
    });

    it("keeps literal % inside raw JSON (no decoding when the raw payload parses)", async () => {
      const ds = { publicSigningKey: "a", publicEncryptionKey: "b", url: "https://ds.example/path%20x" };
      expect((await readDeliveryServiceRecord(toDataUri(ds))).profile).to.deep.equal(ds);
    });

    const malformed: Array<[string, string, RegExp]> = [
      ["malformed JSON", "data:application/json,{\"profile\":", /not JSON/],
      ["base64 garbage", "data:application/json;base64,@@not-base64@@", /not valid base64/],
      ["base64 of non-JSON", `data:application/json;base64,${Buffer.from("hello").toString("base64")}`, /not JSON/],
      ["base64 of invalid UTF-8", `data:application/json;base64,${Buffer.from([0xff, 0xfe, 0x7b]).toString("base64")}`, /not valid utf-8/],
      ["another media type", "data:text/plain,{}", /not application\/json/],
      ["an unknown parameter", "data:application/json;foo=bar,{}", /not supported/],
      ["an unknown charset", "data:application/json;charset=klingon,{}", /unsupported charset/],
      ["no comma", "data:application/json", /no ','/],
      ["a bad percent escape", "data:application/json,%7B%ZZ", /bad percent-escape/],
      ["raw JSON without data: prefix", "{\"profile\":{}}", /raw JSON/],
      ["an unknown scheme", "ftp://example.com/p.json", /not a data:, http\(s\) or ipfs:\/\/ record/],
    ];
    for (const [name, record, message] of malformed) {
      it(`refuses ${name} with MalformedRecordError`, async () => {
        await expectRejection(readRecordJson(record), MalformedRecordError, message);
      });
    }

    it("refuses JSON with an extra field with SchemaViolationError", async () => {
      await expectRejection(readProfileRecord(toDataUri({ ...signed, extra: 1 })), SchemaViolationError, /unexpected field "extra"/);
      await expectRejection(readDeliveryServiceRecord(toDataUri(signed)), SchemaViolationError);
    });
  });

  describe("https/http links with dm3Hash", () => {
    it("computes the same dm3Hash as the reference (vector and LinkResolver)", async () => {
      expect(dm3Hash(signed)).to.equal(VECTOR.signedProfileDm3Hash);
      expect(dm3Hash(signed)).to.equal(refShared.sha256(refShared.stringify(signed)));
      const link = toLinkRecord("https://profiles.example/alice.json?v=2", signed);
      expect(link).to.equal(`https://profiles.example/alice.json?v=2&dm3Hash=${VECTOR.signedProfileDm3Hash}`);
      const resolver = refProfile.LinkResolver(async () => JSON.parse(stringify(signed)), refProfile.validateSignedUserProfile);
      expect(await resolver.resolveProfile(link)).to.deep.equal(signed);
      const tampered = refProfile.LinkResolver(async () => ({ ...signed, signature: "0x00" }), refProfile.validateSignedUserProfile);
      await expectRejection(tampered.resolveProfile(link), Error, /hash check failed/);
    });

    it("reads a link from a local server and checks its hash", async () => {
      server.set("/alice.json", stringify(signed));
      const link = toLinkRecord(`${server.url}/alice.json`, signed);
      expect(await readProfileRecord(link, LOCAL)).to.deep.equal({ format: "link", signedProfile: signed });
    });

    it("reads what the reference's LinkResolver would read (non-canonical JSON on the server)", async () => {
      server.set("/pretty.json", JSON.stringify(signed, null, 2));
      const link = `${server.url}/pretty.json?dm3Hash=${refShared.sha256(refShared.stringify(signed))}`;
      expect((await readProfileRecord(link, LOCAL)).signedProfile).to.deep.equal(signed);
    });

    it("refuses content that does not match dm3Hash with HashMismatchError", async () => {
      server.set("/tampered.json", stringify({ ...signed, profile: { ...signed.profile, deliveryServices: ["evil.eth"] } }));
      const link = `${server.url}/tampered.json?dm3Hash=${dm3Hash(signed)}`;
      await expectRejection(readProfileRecord(link, LOCAL), HashMismatchError, new RegExp(dm3Hash(signed)));
    });

    it("refuses a link without (or with a malformed) dm3Hash", async () => {
      await expectRejection(readRecordJson(`${server.url}/alice.json`), MalformedRecordError, /dm3Hash/);
      await expectRejection(readRecordJson(`${server.url}/alice.json?dm3Hash=${dm3Hash(signed).slice(2)}`), MalformedRecordError, /dm3Hash/);
      await expectRejection(readRecordJson(`${server.url}/a.json?dm3Hash=${dm3Hash(signed)}&dm3Hash=${dm3Hash(signed)}`), MalformedRecordError);
    });

    it("refuses a linked body that is not JSON", async () => {
      server.set("/html", "<html></html>");
      await expectRejection(readRecordJson(`${server.url}/html?dm3Hash=${dm3Hash(signed)}`, LOCAL), MalformedRecordError, /not JSON/);
    });

    it("reports an HTTP error status as LinkUnreachableError", async () => {
      await expectRejection(readRecordJson(`${server.url}/missing.json?dm3Hash=${dm3Hash(signed)}`, LOCAL), LinkUnreachableError, /HTTP 404/);
    });

    it("reports a closed server as LinkUnreachableError without naming the socket error", async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const err = await expectRejection(readRecordJson(`http://127.0.0.1:${port}/p.json?dm3Hash=${dm3Hash(signed)}`, LOCAL), LinkUnreachableError);
      expect(err).to.include({ reason: "network", message: `cannot fetch http://127.0.0.1:${port}/…: unreachable (connection failed, or the host's address is not public)` });
      expect(err.cause).to.equal(undefined);
    });

    it("gives up on a silent server after the timeout", async () => {
      server.hang("/slow.json");
      const started = Date.now();
      await expectRejection(readRecordJson(`${server.url}/slow.json?dm3Hash=${dm3Hash(signed)}`, { ...LOCAL, timeoutMs: 200 }), LinkUnreachableError, /no answer within 200 ms/);
      expect(Date.now() - started).to.be.lessThan(2000);
    });

    it("refuses bodies over the size limit", async () => {
      server.set("/big.json", "x".repeat(2000));
      await expectRejection(readRecordJson(`${server.url}/big.json?dm3Hash=${dm3Hash(signed)}`, { ...LOCAL, maxBytes: 1000 }), MalformedRecordError, /sent a longer body than the 1000-byte limit/);
    });

    it("writes links only for http(s) URLs", () => {
      expect(() => toLinkRecord("ftp://x/p.json", signed)).to.throw(MalformedRecordError);
      expect(() => toLinkRecord("not a url", signed)).to.throw(MalformedRecordError);
    });
  });

  describe("ipfs:// records", () => {
    const gateway = "https://gateway.test/ipfs/";
    /** An injected fetcher: a fake gateway holding `files` (no network). */
    function fakeGateway(files: Record<string, Uint8Array>): Fetcher & { requested: string[] } {
      const requested: string[] = [];
      const fetcher = async (url: string) => {
        requested.push(url);
        const body = files[url.slice(gateway.length)];
        return new Response(body ?? "not found", { status: body ? 200 : 404 });
      };
      return Object.assign(fetcher, { requested });
    }
    const bytes = () => new TextEncoder().encode(stringify(signed));

    it("computes the well-known CIDv0 of 'hello world\\n' (single-chunk UnixFS file)", () => {
      expect(cidV0OfFile(new TextEncoder().encode("hello world\n"))).to.equal("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    });

    for (const [name, cid] of [
      ["CIDv1 raw", () => cidOf(bytes(), "raw")],
      ["CIDv1 json", () => cidOf(bytes(), "json")],
      ["CIDv0 dag-pb (ipfs add)", () => cidV0OfFile(bytes())],
    ] as const) {
      it(`reads and verifies a ${name} profile through the configured gateway`, async () => {
        const id = cid();
        const fetch = fakeGateway({ [id]: bytes() });
        expect(await readProfileRecord(`ipfs://${id}`, { fetch, ipfsGateway: gateway })).to.deep.equal({ format: "ipfs", signedProfile: signed });
        expect(fetch.requested).to.deep.equal([gateway + id]);
      });
    }

    it("uses https://ipfs.io/ipfs/ by default", async () => {
      const id = cidOf(bytes());
      const requested: string[] = [];
      const fetch: Fetcher = async (url) => {
        requested.push(url);
        return new Response(bytes());
      };
      await readProfileRecord(`ipfs://${id}/`, { fetch });
      expect(requested).to.deep.equal([`https://ipfs.io/ipfs/${id}`]);
    });

    it("reads through a real HTTP gateway (local server)", async () => {
      const id = cidOf(bytes());
      server.set(`/ipfs/${id}`, bytes());
      expect((await readProfileRecord(`ipfs://${id}`, { ...LOCAL, ipfsGateway: `${server.url}/ipfs` })).signedProfile).to.deep.equal(signed);
    });

    it("refuses content that does not match its CID with CidMismatchError", async () => {
      const tampered = new TextEncoder().encode(stringify({ ...signed, signature: "0x00" }));
      for (const id of [cidOf(bytes(), "raw"), cidV0OfFile(bytes())]) {
        await expectRejection(readProfileRecord(`ipfs://${id}`, { fetch: fakeGateway({ [id]: tampered }), ipfsGateway: gateway }), CidMismatchError);
      }
    });

    it("refuses codecs and hashes it cannot verify with UnsupportedCidError", async () => {
      const dagCbor = "bafyreidykglsfhoixmivffc5uwhcgshx4j465xwqntbmu43nb2dzqwfvae"; // codec 0x71
      const sha512 = "bafkrgqd3ks3gqnwb7porhusedwpbing4mlfgo75wr5p6m2sgjovn5tn5ablw7dllllb3zsaiis35kcy4yzqdirf347h47d6avipohrrw3hrts"; // raw + sha2-512
      for (const id of [dagCbor, sha512]) {
        await expectRejection(readRecordJson(`ipfs://${id}`, { fetch: fakeGateway({ [id]: bytes() }), ipfsGateway: gateway }), UnsupportedCidError, /cannot verify/);
      }
      const big = new Uint8Array(262_145);
      const id = cidV0OfFile(new Uint8Array(1));
      await expectRejection(readRecordJson(`ipfs://${id}`, { fetch: fakeGateway({ [id]: big }), ipfsGateway: gateway, maxBytes: 1 << 20 }), UnsupportedCidError, /several chunks/);
    });

    it("refuses a non-CID and paths inside IPFS objects", async () => {
      await expectRejection(readRecordJson("ipfs://not-a-cid"), MalformedRecordError, /not a CID/);
      await expectRejection(readRecordJson(`ipfs://${cidOf(bytes())}/profile.json`), MalformedRecordError, /paths/);
    });

    it("refuses a gateway option that is not a URL with a typed error", async () => {
      await expectRejection(readRecordJson(`ipfs://${cidOf(bytes())}`, { ipfsGateway: "not a gateway" }), LinkUnreachableError, /not a URL/);
    });

    it("reports a missing object as LinkUnreachableError", async () => {
      const id = cidOf(bytes());
      await expectRejection(readRecordJson(`ipfs://${id}`, { fetch: fakeGateway({}), ipfsGateway: gateway }), LinkUnreachableError, /HTTP 404/);
    });
  });
});
