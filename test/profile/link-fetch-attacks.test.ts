import { expect } from "chai";
import { Wallet } from "ethers";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import zlib from "node:zlib";
import { build } from "esbuild";
import { Dm3Error } from "../../src/errors";
import { isPublicAddress } from "../../src/net/addresses";
import { createLinkFetcher } from "../../src/net/linkFetcher";
import { defaultLinkFetcher as browserFetcher } from "../../src/net/linkFetcher.browser";
import {
  createProfile,
  dm3Hash,
  type Fetcher,
  type HostResolver,
  LinkUnreachableError,
  MalformedRecordError,
  readProfileRecord,
  readRecordJson,
  type ReadRecordOptions,
  type SignedUserProfile,
} from "../../src/profile";
import { stringify } from "../../src/shared/json";
import { VECTOR } from "../fixtures/dm3-vectors";
import { startHttpServer, type TestServer } from "../fixtures/http";
import { expectRejection } from "../helpers/expect";

// Findings 6 (compression bomb) and 7 (server-side request forgery) of the security review:
// every test here failed on the fetcher that buffered whole bodies and fetched any http(s) host.

const MiB = 1 << 20;
const BOMB_SIZE = 64 * MiB;
/** The devnet's opt-in: plain http and every loopback/private address. */
const LOCAL = { allowInsecure: true, allowPrivateNetwork: true } as const;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Runs `fn` while sampling memory every millisecond; returns its error and the peak growth. */
async function peakMemoryGrowth(fn: () => Promise<unknown>): Promise<{ error: unknown; arrayBuffers: number; heapUsed: number }> {
  gc();
  const base = process.memoryUsage();
  const peak = { arrayBuffers: base.arrayBuffers, heapUsed: base.heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  const timer = setInterval(sample, 1);
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  sample();
  clearInterval(timer);
  return { error, arrayBuffers: peak.arrayBuffers - base.arrayBuffers, heapUsed: peak.heapUsed - base.heapUsed };
}

/** `total` bytes of spaces compressed with `encoding`, made without holding them in memory. */
async function compressedSpaces(encoding: "gzip" | "deflate" | "br", total: number): Promise<Buffer> {
  const z =
    encoding === "gzip"
      ? zlib.createGzip({ level: 9 })
      : encoding === "deflate"
        ? zlib.createDeflate({ level: 9 })
        : zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  const out: Buffer[] = [];
  z.on("data", (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => z.on("end", resolve));
  const chunk = Buffer.alloc(MiB, 0x20);
  for (let written = 0; written < total; written += chunk.length) {
    if (!z.write(chunk)) await new Promise((resolve) => z.once("drain", resolve));
  }
  z.end();
  await ended;
  return Buffer.concat(out);
}

/** Every text an error exposes: message, stack, fields and causes. */
function everythingIn(e: unknown): string {
  return inspect(e, { depth: 10, showHidden: true });
}

describe("linked-record fetch under attack", () => {
  let signed: SignedUserProfile;
  let body: string;
  const servers: TestServer[] = [];
  const serve = async (handler: http.RequestListener, host?: string) => {
    const s = await startHttpServer(handler, host);
    servers.push(s);
    return s;
  };
  const link = (base: string, p = "/p.json") => `${base}${p}?dm3Hash=${dm3Hash(signed)}`;

  before(async () => {
    signed = (await createProfile(new Wallet(VECTOR.privateKey), ["ds.dm3.eth"])).signedProfile;
    body = stringify(signed);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  describe("compression bomb (finding 6)", () => {
    const bombs: Partial<Record<"gzip" | "deflate" | "br", Buffer>> = {};
    before(async () => {
      for (const encoding of ["gzip", "deflate", "br"] as const) bombs[encoding] = await compressedSpaces(encoding, BOMB_SIZE);
    });

    for (const [encoding, withLength] of [
      ["gzip", true],
      ["br", false],
      ["deflate", false],
    ] as const) {
      it(`refuses a ${encoding} bomb (64 MiB decoded, ${withLength ? "honest Content-Length" : "chunked"}) with memory growth far below its size`, async () => {
        const bomb = bombs[encoding]!;
        const server = await serve((_req, res) => {
          res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, ...(withLength ? { "content-length": bomb.length } : {}) });
          res.end(bomb);
        });
        const { error, arrayBuffers, heapUsed } = await peakMemoryGrowth(() => readRecordJson(link(server.url), LOCAL));
        expect(error).to.be.instanceOf(MalformedRecordError);
        expect((error as Error).message).to.match(/sent a longer body than the 1048576-byte limit/);
        console.log(`      ${encoding}: ${bomb.length} bytes on the wire for 64 MiB; peak growth arrayBuffers ${(arrayBuffers / MiB).toFixed(2)} MiB, heap ${(heapUsed / MiB).toFixed(2)} MiB`);
        expect(arrayBuffers).to.be.lessThan(8 * MiB);
        expect(heapUsed).to.be.lessThan(8 * MiB);
      });
    }

    it("refuses a 64 MiB chunked body without Content-Length while streaming, and the server stops sending", async () => {
      let sent = 0;
      const server = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 << 10, 0x20);
        const pump = () => {
          while (sent < BOMB_SIZE && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        pump();
      });
      const { error, arrayBuffers } = await peakMemoryGrowth(() => readRecordJson(link(server.url), LOCAL));
      expect(error).to.be.instanceOf(MalformedRecordError);
      expect(arrayBuffers).to.be.lessThan(8 * MiB);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent).to.be.lessThan(24 * MiB); // the rest never left the server (about 4 MiB did, most in socket buffers)
    });

    it("reads only the declared bytes when Content-Length understates the body", async () => {
      let written = 0;
      const raw = net.createServer((socket) => {
        socket.on("error", () => undefined);
        socket.once("data", () => {
          socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n");
          const chunk = Buffer.alloc(64 << 10, 0x20);
          const pump = () => {
            while (written < BOMB_SIZE && !socket.destroyed) {
              written += chunk.length;
              if (!socket.write(chunk)) return void socket.once("drain", pump);
            }
          };
          pump();
        });
      });
      await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
      try {
        const url = link(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`);
        const { error, arrayBuffers } = await peakMemoryGrowth(() => readRecordJson(url, LOCAL));
        // 100 spaces: not JSON. The 64 MiB behind them are never read.
        expect(error).to.be.instanceOf(MalformedRecordError);
        expect((error as Error).message).to.match(/is not JSON/);
        expect(arrayBuffers).to.be.lessThan(8 * MiB);
      } finally {
        await new Promise<void>((resolve) => raw.close(() => resolve()));
      }
    });

    it("refuses an oversize Content-Length before reading the body", async () => {
      let closed = false;
      const server = await serve((_req, res) => {
        res.on("close", () => (closed = true));
        res.writeHead(200, { "content-type": "application/json", "content-length": BOMB_SIZE });
        res.write(Buffer.alloc(16 << 10, 0x20)); // and then nothing: only a refusal on the header ends this quickly
      });
      const started = Date.now();
      await expectRejection(readRecordJson(link(server.url), { ...LOCAL, timeoutMs: 5000 }), MalformedRecordError, /declares 67108864 bytes, more than the 1048576-byte limit/);
      expect(Date.now() - started).to.be.lessThan(2000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).to.equal(true);
    });

    it("time-bounds the whole read: a body that drips one byte at a time", async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(" ")), 20);
      });
      const started = Date.now();
      const err = await expectRejection(readRecordJson(link(server.url), { ...LOCAL, timeoutMs: 300 }), LinkUnreachableError, /no answer within 300 ms/);
      expect(err).to.have.property("reason", "timeout");
      expect(Date.now() - started).to.be.lessThan(2000);
    });
  });

  describe("server-side request forgery (finding 7)", () => {
    let profileServer: TestServer;
    before(async () => {
      profileServer = await serve((req, res) => {
        res.writeHead(200, { "content-type": "application/json", "x-host-seen": req.headers.host ?? "" });
        res.end(body);
      });
    });

    it("refuses plain http by default, before connecting", async () => {
      const before = profileServer.requests.length;
      const err = await expectRejection(readRecordJson(link(profileServer.url), { allowPrivateNetwork: true }), LinkUnreachableError, /plain http is refused/);
      expect(err).to.have.property("reason", "forbidden");
      expect(profileServer.requests.length).to.equal(before);
      expect((await readProfileRecord(link(profileServer.url), LOCAL)).signedProfile).to.deep.equal(signed);
    });

    const nonPublic = [
      ["loopback", "127.0.0.1"],
      ["loopback (decimal form)", "2130706433"],
      ["loopback (hex form)", "0x7f.0.0.1"],
      ["localhost", "localhost"],
      ["a *.localhost name", "profiles.localhost"],
      ["RFC 1918 10/8", "10.0.0.1"],
      ["RFC 1918 172.16/12", "172.16.5.4"],
      ["RFC 1918 192.168/16", "192.168.1.1"],
      ["link-local", "169.254.10.10"],
      ["cloud metadata 169.254.169.254", "169.254.169.254"],
      ["carrier-grade NAT (Alibaba metadata)", "100.100.100.200"],
      ["unspecified", "0.0.0.0"],
      ["multicast", "224.0.0.1"],
      ["IPv6 loopback", "[::1]"],
      ["IPv6 unspecified", "[::]"],
      ["IPv6 link-local", "[fe80::1]"],
      ["IPv6 unique-local (AWS metadata fd00:ec2::254)", "[fd00:ec2::254]"],
      ["IPv4-mapped loopback", "[::ffff:127.0.0.1]"],
      ["IPv4-mapped metadata", "[::ffff:169.254.169.254]"],
      ["NAT64 of loopback", "[64:ff9b::7f00:1]"],
    ] as const;
    for (const [what, host] of nonPublic) {
      it(`refuses ${what} (https://${host}/) without a request`, async () => {
        const calls: string[] = [];
        const spy: Fetcher = async (url) => {
          calls.push(url);
          return new Response(body);
        };
        const err = await expectRejection(readRecordJson(link(`https://${host}`, "/latest/meta-data/p.json"), { fetch: spy }), LinkUnreachableError, /is not a public address/);
        expect(err).to.have.property("reason", "forbidden");
        expect(calls).to.deep.equal([]);
        // The default fetcher refuses the same URL (no spy in between).
        await expectRejection(readRecordJson(link(`https://${host}`)), LinkUnreachableError, /is not a public address/);
      });
    }

    it("classifies addresses: public unicast only, IPv4-mapped judged as IPv4", () => {
      for (const a of ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:80e::200e", "::ffff:8.8.8.8"]) {
        expect(isPublicAddress(a), a).to.equal(true);
      }
      const refused = [
        "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "255.255.255.255", "224.0.0.251", "240.0.0.1", "192.0.0.192", "192.0.2.1", "198.18.0.1", "203.0.113.7",
        "::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2001::1", "2001:db8::1", "4000::1", "not-an-address", "",
      ];
      for (const a of refused) expect(isPublicAddress(a), a).to.equal(false);
    });

    it("refuses a public-looking host name that resolves to 127.0.0.1, without connecting", async () => {
      const asked: string[] = [];
      const toLoopback: HostResolver = async (hostname) => {
        asked.push(hostname);
        return [{ address: "127.0.0.1", family: 4 }];
      };
      const before = profileServer.requests.length;
      const url = link(`http://profiles.example:${profileServer.port}`);
      const err = await expectRejection(readRecordJson(url, { allowInsecure: true, resolveHost: toLoopback }), LinkUnreachableError);
      expect(err).to.include({ reason: "network", message: `cannot fetch http://profiles.example:${profileServer.port}/…: unreachable (connection failed, or the host's address is not public)` });
      expect(asked).to.deep.equal(["profiles.example"]);
      expect(profileServer.requests.length).to.equal(before);
      // One private address among public ones is enough to refuse the host.
      const mixed: HostResolver = async () => [
        { address: "93.184.216.34", family: 4 },
        { address: "::ffff:169.254.169.254", family: 6 },
      ];
      await expectRejection(readRecordJson(url, { allowInsecure: true, resolveHost: mixed }), LinkUnreachableError, /unreachable/);
      expect(profileServer.requests.length).to.equal(before);
    });

    it("opt-in (the devnet): a host name resolving to 127.0.0.1 over http, connected at exactly the checked address", async () => {
      let resolutions = 0;
      const resolver: HostResolver = async () => {
        resolutions++;
        // A rebinding resolver: a second answer would point elsewhere. There is no second question.
        return [{ address: resolutions === 1 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
      };
      const onlyThisServer = (address: string, port: number) => address === "127.0.0.1" && port === profileServer.port;
      const url = link(`http://profiles.example:${profileServer.port}`);
      const read = await readProfileRecord(url, { allowInsecure: true, allowPrivateNetwork: onlyThisServer, resolveHost: resolver });
      expect(read).to.deep.equal({ format: "link", signedProfile: signed });
      expect(resolutions).to.equal(1);
    });

    describe("redirects", () => {
      let target = "";
      let redirector: TestServer;
      let privateServer: TestServer;
      let allowRedirector: (address: string, port: number) => boolean;
      before(async () => {
        redirector = await serve((req, res) => {
          const hops = /^\/chain\/(\d+)/.exec(req.url ?? "");
          if (hops && hops[1] !== "0") res.writeHead(302, { location: `/chain/${Number(hops[1]) - 1}?dm3Hash=${dm3Hash(signed)}` }).end();
          else if (hops) res.writeHead(200, { "content-type": "application/json" }).end(body);
          else res.writeHead(302, { location: target }).end();
        });
        // A second loopback address stands for the private network behind a delivery service.
        privateServer = await serve((_req, res) => res.end(body), "127.0.0.2");
        allowRedirector = (address, port) => address === "127.0.0.1" && port === redirector.port;
      });

      it("refuses a redirect from an allowed host to a private one (literal, metadata, or a name resolving there)", async () => {
        const options: ReadRecordOptions = { allowInsecure: true, allowPrivateNetwork: allowRedirector };
        for (const location of [link(privateServer.url), "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "https://[::ffff:127.0.0.2]/p.json"]) {
          target = location;
          const err = await expectRejection(readRecordJson(link(redirector.url), options), LinkUnreachableError, /a redirect leads to a non-public address/);
          expect(err).to.have.property("reason", "forbidden");
        }
        target = link(`http://internal.example:${privateServer.port}`);
        const resolveHost: HostResolver = async () => [{ address: "127.0.0.2", family: 4 }];
        await expectRejection(readRecordJson(link(redirector.url), { ...options, resolveHost }), LinkUnreachableError, /unreachable/);
        expect(privateServer.requests).to.deep.equal([]);
        // Allowed, the same redirect is followed: the refusal above was the policy, not the network.
        target = link(privateServer.url);
        expect((await readProfileRecord(link(redirector.url), LOCAL)).signedProfile).to.deep.equal(signed);
        expect(privateServer.requests).to.have.length(1);
      });

      it("refuses a redirect from https to plain http", async () => {
        const calls: string[] = [];
        const downgrading: Fetcher = async (url) => {
          calls.push(url);
          return url.startsWith("https:") ? new Response(null, { status: 301, headers: { location: url.replace("https:", "http:") } }) : new Response(body);
        };
        const url = link("https://profiles.example");
        await expectRejection(readRecordJson(url, { fetch: downgrading }), LinkUnreachableError, /a redirect leads to plain http/);
        expect(calls).to.have.length(1);
        expect((await readProfileRecord(url, { fetch: downgrading, allowInsecure: true })).signedProfile).to.deep.equal(signed);
      });

      it("refuses too many redirects (default 5, or maxRedirects)", async () => {
        const count = () => redirector.requests.length;
        let before = count();
        expect((await readProfileRecord(link(redirector.url, "/chain/5"), LOCAL)).signedProfile).to.deep.equal(signed);
        expect(count() - before).to.equal(6);
        before = count();
        const err = await expectRejection(readRecordJson(link(redirector.url, "/chain/6"), LOCAL), LinkUnreachableError, /more than 5 redirects/);
        expect(err).to.have.property("reason", "redirect");
        expect(count() - before).to.equal(6);
        await expectRejection(readRecordJson(link(redirector.url, "/chain/2"), { ...LOCAL, maxRedirects: 1 }), LinkUnreachableError, /more than 1 redirects/);
        await expectRejection(readRecordJson(link(redirector.url, "/chain/1"), { ...LOCAL, maxRedirects: 0 }), LinkUnreachableError, /more than 0 redirects/);
      });
    });

    it("never puts response text in an error", async () => {
      const SECRET = "k9Qx7Zp2"; // short: a JSON parser quotes short input whole
      const server = await serve((req, res) => {
        const route = (req.url ?? "").split("?")[0];
        if (route === "/404") res.writeHead(404, { "x-secret": SECRET }).end(`not found: ${SECRET}`);
        else if (route === "/500") res.writeHead(500).end(`{"error":"${SECRET}"}`);
        else if (route === "/text") res.writeHead(200).end(SECRET);
        else if (route === "/json") res.writeHead(200).end(JSON.stringify({ [SECRET]: SECRET }));
        else if (route === "/encoding") res.writeHead(200, { "content-encoding": SECRET }).end(SECRET);
        else if (route === "/redirect") res.writeHead(302, { location: `https://${SECRET}.localhost/${SECRET}` }).end(SECRET);
        else if (route === "/scheme") res.writeHead(302, { location: `${SECRET}:x` }).end(SECRET);
        else if (route === "/gzip") res.writeHead(200, { "content-encoding": "gzip" }).end(Buffer.from(SECRET));
      });
      for (const route of ["/404", "/500", "/text", "/json", "/encoding", "/redirect", "/scheme", "/gzip"]) {
        const err = await expectRejection(readRecordJson(link(server.url, route), LOCAL), Dm3Error);
        expect(everythingIn(err), route).not.to.include(SECRET);
      }
    });

    it("reports a refused port, an unknown host, a reset connection and a non-HTTP server alike", async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const reset = net.createServer((socket) => socket.resetAndDestroy());
      const garbage = net.createServer((socket) => socket.resume().end("SSH-2.0-OpenSSH_9.6\r\n"));
      for (const s of [reset, garbage]) await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
      try {
        const toLoopback: HostResolver = async () => [{ address: "127.0.0.1", family: 4 }];
        const unknown: HostResolver = async () => {
          throw Object.assign(new Error("getaddrinfo ENOTFOUND probe.example"), { code: "ENOTFOUND" });
        };
        const cases: Array<[number, HostResolver]> = [
          [closedPort, toLoopback],
          [closedPort, unknown],
          [(reset.address() as AddressInfo).port, toLoopback],
          [(garbage.address() as AddressInfo).port, toLoopback],
        ];
        const messages = new Set<string>();
        for (const [port, resolveHost] of cases) {
          const err = await expectRejection(readRecordJson(link(`http://probe.example:${port}`), { ...LOCAL, resolveHost }), LinkUnreachableError);
          expect(err).to.have.property("reason", "network");
          expect(err.cause).to.equal(undefined);
          messages.add(err.message.replace(`:${port}/`, ":<port>/"));
        }
        expect([...messages]).to.deep.equal(["cannot fetch http://probe.example:<port>/…: unreachable (connection failed, or the host's address is not public)"]);
      } finally {
        for (const s of [reset, garbage]) await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    });

    describe("https", () => {
      let dir: string;
      let cert: Buffer;
      let server: https.Server;
      let port: number;
      before(async () => {
        // A throwaway self-signed certificate for profiles.test, made for this run.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm3kit-tls-"));
        execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
          "-subj", "/CN=profiles.test", "-addext", "subjectAltName=DNS:profiles.test",
          "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
        cert = fs.readFileSync(path.join(dir, "cert.pem"));
        server = https.createServer({ key: fs.readFileSync(path.join(dir, "key.pem")), cert }, (_req, res) => res.end(body));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        port = (server.address() as AddressInfo).port;
      });
      after(async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it("checks the certificate against the host name while connecting to the resolved address", async () => {
        const options: ReadRecordOptions = {
          fetch: createLinkFetcher({ ca: cert }),
          resolveHost: async () => [{ address: "127.0.0.1", family: 4 }],
          allowPrivateNetwork: (address, p) => address === "127.0.0.1" && p === port,
        };
        expect((await readProfileRecord(link(`https://profiles.test:${port}`), options)).signedProfile).to.deep.equal(signed);
        await expectRejection(readRecordJson(link(`https://other.test:${port}`), options), LinkUnreachableError, /unreachable/);
        await expectRejection(readRecordJson(link(`https://profiles.test:${port}`), { ...options, fetch: undefined }), LinkUnreachableError, /unreachable/);
      });
    });
  });

  describe("browser builds", () => {
    it("bundle the browser fetcher (package.json \"browser\") and no Node built-in; Node builds the Node one", async () => {
      const inputsFor = async (platform: "browser" | "node") => {
        const result = await build({ entryPoints: ["src/profile/index.ts"], bundle: true, platform, format: "esm", write: false, metafile: true, logLevel: "silent" });
        return Object.keys(result.metafile.inputs);
      };
      const browser = await inputsFor("browser");
      expect(browser).to.include("src/net/linkFetcher.browser.ts").and.not.include("src/net/linkFetcher.ts");
      expect(browser.filter((f) => f.startsWith("node:") || /^(dns|http|https|zlib|net)$/.test(f))).to.deep.equal([]);
      const node = await inputsFor("node");
      expect(node).to.include("src/net/linkFetcher.ts").and.not.include("src/net/linkFetcher.browser.ts");
    });

    it("the browser fetcher refuses redirects and reads under the same size limit", async () => {
      const server = await serve((req, res) => {
        if ((req.url ?? "").startsWith("/redirect")) res.writeHead(302, { location: "/p.json" }).end();
        else res.writeHead(200, { "content-type": "application/json" }).end(req.url?.startsWith("/big") ? " ".repeat(4096) : body);
      });
      const options = { ...LOCAL, fetch: browserFetcher };
      expect((await readProfileRecord(link(server.url), options)).signedProfile).to.deep.equal(signed);
      await expectRejection(readRecordJson(link(server.url, "/redirect"), options), LinkUnreachableError, /unreachable/);
      await expectRejection(readRecordJson(link(server.url, "/big"), { ...options, maxBytes: 1024 }), MalformedRecordError, /limit/);
      await expectRejection(readRecordJson(link(server.url), { fetch: browserFetcher }), LinkUnreachableError, /plain http is refused/);
    });
  });
});
