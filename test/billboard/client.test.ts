import { expect } from "chai";
import { createHash } from "node:crypto";
import {
  BillboardRequestError,
  BillboardServiceClient,
  deletionSigningText,
  isDeletionSignatureValid,
  isSuspensionSignatureValid,
  signDeletion,
  signSuspension,
  suspensionSigningText,
} from "../../src/billboard";
import { createSigningKeyPair } from "../../src/keys";
import { startHttpServer, type TestServer } from "../fixtures/http";
import { freePort } from "../helpers/process";

/* eslint-disable @typescript-eslint/no-require-imports */
const refShared = require("@dm3-org/dm3-lib-shared");
const refCrypto = require("@dm3-org/dm3-lib-crypto");
/* eslint-enable @typescript-eslint/no-require-imports */

const ID = `0x${"ab".repeat(32)}`;
/** SHA-256 of the UTF-8 text as 0x-hex, computed independently of dm3kit. */
const hex = (text: string) => `0x${createHash("sha256").update(text, "utf8").digest("hex")}`;

describe("billboard mediator signatures (DM3BMP)", () => {
  const mediator = createSigningKeyPair(Buffer.alloc(32, 7).toString("base64"));
  const other = createSigningKeyPair(Buffer.alloc(32, 8).toString("base64"));

  it("signs the 0x-hex SHA-256 text of the spec's strings: stringify(idBillboard + idMessage) (quotes included) and blockedSender as given", () => {
    expect(deletionSigningText("billboard.dm3.eth", ID)).to.equal(hex(`"billboard.dm3.eth${ID}"`));
    expect(deletionSigningText("billboard.dm3.eth", ID)).to.equal(refShared.sha256(refShared.stringify(`billboard.dm3.eth${ID}`)));
    expect(suspensionSigningText("bob.eth")).to.equal(hex("bob.eth"));
    expect(suspensionSigningText("bob.eth")).to.equal(refShared.sha256("bob.eth"));
  });

  it("verifies in both directions with the reference library's Ed25519 sign/checkSignature", async () => {
    const ours = signDeletion(mediator.privateKey, "billboard.dm3.eth", ID);
    expect(await refCrypto.checkSignature(mediator.publicKey, deletionSigningText("billboard.dm3.eth", ID), ours)).to.equal(true);
    const theirs = await refCrypto.sign(mediator.privateKey, refShared.sha256("bob.eth"));
    expect(isSuspensionSignatureValid(mediator.publicKey, "bob.eth", theirs)).to.equal(true);
    expect(isSuspensionSignatureValid(mediator.publicKey, "bob.eth", signSuspension(mediator.privateKey, "bob.eth"))).to.equal(true);
  });

  it("refuses another key, another message, another billboard, a malformed signature or key (false, no throw)", () => {
    const sig = signDeletion(mediator.privateKey, "billboard.dm3.eth", ID);
    expect(isDeletionSignatureValid(mediator.publicKey, "billboard.dm3.eth", ID, sig)).to.equal(true);
    expect(isDeletionSignatureValid(other.publicKey, "billboard.dm3.eth", ID, sig)).to.equal(false);
    expect(isDeletionSignatureValid(mediator.publicKey, "billboard.dm3.eth", `0x${"cd".repeat(32)}`, sig)).to.equal(false);
    expect(isDeletionSignatureValid(mediator.publicKey, "other.dm3.eth", ID, sig)).to.equal(false);
    expect(isDeletionSignatureValid(mediator.publicKey, "billboard.dm3.eth", ID, "not a signature")).to.equal(false);
    expect(isDeletionSignatureValid("bad key", "billboard.dm3.eth", ID, sig)).to.equal(false);
    expect(isSuspensionSignatureValid(mediator.publicKey, "Bob.eth", signSuspension(mediator.privateKey, "bob.eth"))).to.equal(false);
  });
});

describe("BillboardServiceClient: bounded, typed failures", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("returns results and passes the JSON-RPC error code of a refusal", async () => {
    server = await startHttpServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const { method, id } = JSON.parse(body) as { method: string; id: number };
        res.setHeader("content-type", "application/json");
        if (method === "dm3_billboard_list") res.end(JSON.stringify({ jsonrpc: "2.0", id, result: { billboards: ["a.eth"] } }));
        else res.writeHead(400).end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32001, message: "a.eth is not a billboard of this service" } }));
      });
    });
    const client = new BillboardServiceClient(server.url);
    expect(await client.list()).to.deep.equal(["a.eth"]);
    const err = await client.properties("a.eth").catch((e: unknown) => e);
    expect(err).to.be.instanceOf(BillboardRequestError).and.deep.include({ code: "BILLBOARD_REQUEST_FAILED", status: 400, rpcCode: -32001 });
    expect((err as Error).message).to.equal("dm3_billboard_properties: a.eth is not a billboard of this service");
  });

  it("refuses an answer larger than its limit, one that is not JSON-RPC, a silent service and an unreachable one", async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === "/big/rpc") res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "x".repeat(5000) }));
      else if (req.url === "/html/rpc") res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
      // /silent/rpc: never answers
    });
    const big = await new BillboardServiceClient(`${server.url}/big`, { maxResponseBytes: 1000 }).list().catch((e: unknown) => e);
    expect(big).to.be.instanceOf(BillboardRequestError);
    expect((big as Error).message).to.equal("dm3_billboard_list: the answer exceeds 1000 bytes");
    const html = await new BillboardServiceClient(`${server.url}/html`).list().catch((e: unknown) => e);
    expect(html).to.deep.include({ status: 502 });
    expect((html as Error).message).to.equal("dm3_billboard_list: HTTP 502, no JSON-RPC result");
    const silent = await new BillboardServiceClient(`${server.url}/silent`, { timeoutMs: 200 }).list().catch((e: unknown) => e);
    expect((silent as Error).message).to.equal("dm3_billboard_list: no answer within 200 ms");
    const closed = await new BillboardServiceClient(`http://127.0.0.1:${await freePort()}`).list().catch((e: unknown) => e);
    expect(closed).to.be.instanceOf(BillboardRequestError).and.deep.include({ status: 0 });
    expect((closed as Error).message).to.equal("dm3_billboard_list: the billboard service is unreachable");
  });
});
