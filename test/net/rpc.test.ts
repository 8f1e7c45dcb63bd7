import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { RpcUnreachableError } from "../../src/errors";
import { probeRpcUrl, redactUrl } from "../../src/net/rpc";
import { expectRejection } from "../helpers/expect";

describe("src/net/rpc", () => {
  describe("redactUrl", () => {
    it("keeps scheme and host, hides path, query and credentials", () => {
      expect(redactUrl("https://user:pw@eth.example.com/v2/SECRET?key=1")).to.equal("https://eth.example.com/…");
      expect(redactUrl("http://127.0.0.1:8545")).to.equal("http://127.0.0.1:8545/");
      expect(redactUrl("not a url")).to.equal("<unparseable URL>");
    });
  });

  describe("probeRpcUrl", () => {
    let server: http.Server;
    let url: string;
    let reply: (res: http.ServerResponse) => void;

    before(async () => {
      server = http.createServer((_req, res) => reply(res));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret/path`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it("returns the chain id of a working endpoint", async () => {
      reply = (res) => res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x64" }));
      expect((await probeRpcUrl(url)).chainId).to.equal(100n);
    });

    it("rejects an HTTP error with a typed error that hides the path", async () => {
      reply = (res) => {
        res.statusCode = 401;
        res.end("nope");
      };
      const err = await expectRejection(probeRpcUrl(url), RpcUnreachableError);
      expect(err.code).to.equal("RPC_UNREACHABLE");
      expect(err.message).to.include("HTTP 401").and.not.include("secret");
    });

    it("rejects a body that is not a JSON-RPC result", async () => {
      reply = (res) => res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: -32000, message: "x" } }));
      await expectRejection(probeRpcUrl(url), RpcUnreachableError, /not a JSON-RPC result/);
    });

    it("gives up after the timeout on a silent server", async () => {
      reply = () => {};
      const started = Date.now();
      await expectRejection(probeRpcUrl(url, 300), RpcUnreachableError, /no answer within 300 ms/);
      expect(Date.now() - started).to.be.lessThan(3000);
    });
  });
});
