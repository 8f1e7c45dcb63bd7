import { expect } from "chai";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, Interface, dnsEncode, isError, namehash, type Signer } from "ethers";
import { Dm3FirstComeRegistrar__factory, Dm3L1Resolver__factory } from "../../typechain-types";
import { deployL2Stack, type L2Stack } from "../../deploy/l2Stack";
import type { DeployContext } from "../../deploy/context";
import { encodeGatewayRequest } from "../../src/gateway/protocol";
import { startGateway } from "../../src/gateway/server";
import { GatewayConfigError } from "../../src/gateway/errors";
import { encodeRecords, evmCoinType } from "../../src/registry/records";
import { readL2Text } from "../../src/registry/read";
import { L2GatewayUnavailableError } from "../../src/registry/errors";
import { resolveProfile } from "../../src/profile/resolve";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { ensFixture, registerName, type EnsFixture } from "../helpers/ens";
import { freePort } from "../helpers/process";
import { l2, L2_CHAIN_ID, type L2 } from "../registry/l2";
import { profileRecord } from "../registry/fixtures";
import { expectRejection } from "../helpers/expect";

const PARENT = "l2.dm3.eth";
const CAROL = `carol.${PARENT}`;
const IPFS_CONTENTHASH = "0xe301017012201de5f4c4d4f7f9a2d2b1b0c9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b";
const reads = new Interface([
  "function text(bytes32,string) view returns (string)",
  "function addr(bytes32) view returns (address)",
  "function multicall(bytes[]) returns (bytes[])",
  "function name(bytes32) view returns (string)",
]);
const abi = AbiCoder.defaultAbiCoder();

describe("L2 names resolved from L1 through ENSIP-10 + CCIP-Read and the gateway", function () {
  let f: EnsFixture;
  let chain: L2;
  let stack: L2Stack;
  let carol: Signer;
  let carolAddress: string;
  let record: string;
  const logs: string[] = [];
  const gatewayKey = "0x" + "b2".repeat(32);

  before(async () => {
    f = await loadFixture(ensFixture);
    await registerName(f, "dm3.eth", f.accounts[1]);
    await registerName(f, PARENT, f.accounts[1]);
    chain = await l2();
    const tmp = path.join(os.tmpdir(), `dm3kit-l2stack-${process.pid}`);
    // Own copy of the L1 context, so the shared fixture's manifest is not changed.
    const l1Ctx: DeployContext = { ...f.ctx, manifest: structuredClone(f.ctx.manifest), manifestFile: `${tmp}-l1.json`, log: (l) => logs.push(l) };
    stack = await deployL2Stack({
      l1Ctx,
      l2: { url: chain.chain.url, signer: chain.accounts[0], manifestFile: `${tmp}-l2.json` },
      parentName: PARENT,
      gatewayPrivateKey: gatewayKey,
    });
    carol = chain.accounts[2];
    carolAddress = await carol.getAddress();
    ({ record } = await profileRecord(carol));
    const node = namehash(CAROL);
    const records = encodeRecords(node, {
      addr: carolAddress,
      coinAddrs: { [evmCoinType(L2_CHAIN_ID).toString()]: carolAddress },
      texts: { [PROFILE_RECORD_KEY]: record },
      contenthash: IPFS_CONTENTHASH,
    });
    await (await Dm3FirstComeRegistrar__factory.connect(stack.registrar, carol).register("carol", carolAddress, records)).wait();
  });

  after(async () => {
    await stack?.close();
  });

  it("an unmodified ethers provider on L1 resolves carol's addr and dm3 profile through the gateway", async () => {
    const resolver = await f.provider.getResolver(CAROL);
    expect(resolver?.address).to.equal(stack.l1Resolver);
    expect(await resolver!.supportsWildcard()).to.equal(true);
    expect(await resolver!.getAddress()).to.equal(carolAddress);
    expect(await resolver!.getText(PROFILE_RECORD_KEY)).to.equal(record);
    expect(await f.provider.resolveName(CAROL)).to.equal(carolAddress);
    expect(await resolver!.getAddress(Number(evmCoinType(L2_CHAIN_ID)))).to.equal(carolAddress);
    expect(await resolver!.getContentHash()).to.match(/^ipfs:\/\//);
    expect(await readL2Text(f.provider, CAROL, PROFILE_RECORD_KEY)).to.equal(record);
    // Names nobody registered on L2 resolve to nothing.
    expect(await f.provider.resolveName(`nobody.${PARENT}`)).to.equal(null);
  });

  it("resolveProfile verifies carol's profile, read over CCIP-Read", async () => {
    const resolved = await resolveProfile(f.provider, CAROL);
    expect(resolved.address).to.equal(carolAddress);
    expect(resolved.valid).to.equal(true);
    expect(resolved.format).to.equal("data");
  });

  it("the deploy made the L1 resolver the resolver of the parent and wired target, URL and signer", async () => {
    const r = Dm3L1Resolver__factory.connect(stack.l1Resolver, f.ctx.deployer);
    expect(await r.l2Target()).to.deep.equal([BigInt(L2_CHAIN_ID), stack.registry]);
    expect(await r.gatewayUrls()).to.deep.equal([`${stack.gatewayUrl}/{sender}/{data}.json`]);
    expect(stack.l1.resolverSet).to.equal(true);
    expect(stack.gatewayUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(logs.join("\n")).to.not.include(gatewayKey.slice(2));
  });

  describe("gateway HTTP API", () => {
    const request = (name = CAROL, data = reads.encodeFunctionData("text", [namehash(name), PROFILE_RECORD_KEY]), registry?: string, chainId?: bigint) =>
      encodeGatewayRequest({ dnsName: dnsEncode(name), data, chainId: chainId ?? BigInt(L2_CHAIN_ID), registry: registry ?? stack.registry });
    const get = async (sender: string, data: string, suffix = ".json") => {
      const res = await fetch(`${stack.gatewayUrl}/${sender}/${data}${suffix}`);
      return { status: res.status, body: (await res.json()) as { data?: string; message?: string; code?: string } };
    };

    it("answers GET without .json and POST {sender, data}, and a multicall verifies on L1", async () => {
      const node = namehash(CAROL);
      const multi = reads.encodeFunctionData("multicall", [[reads.encodeFunctionData("text", [node, PROFILE_RECORD_KEY]), reads.encodeFunctionData("addr", [node])]]);
      const req = request(CAROL, multi);
      const plain = await get(stack.l1Resolver.toLowerCase(), req, "");
      expect(plain.status).to.equal(200);
      const res = await fetch(stack.gatewayUrl + "/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sender: stack.l1Resolver, data: req }) });
      expect(res.status).to.equal(200);
      const { data } = (await res.json()) as { data: string };
      const r = Dm3L1Resolver__factory.connect(stack.l1Resolver, f.ctx.deployer);
      const [results] = abi.decode(["bytes[]"], await r.resolveWithProof(data, req));
      expect(abi.decode(["string"], results[0])[0]).to.equal(record);
      expect(abi.decode(["address"], results[1])[0]).to.equal(carolAddress);
    });

    it("refuses a resolver it does not serve (404) and another chain or registry (404)", async () => {
      const unknown = await get("0x" + "99".repeat(20), request());
      expect(unknown.status).to.equal(404);
      expect(unknown.body.code).to.equal("GATEWAY_UNKNOWN_RESOLVER");
      const otherRegistry = await get(stack.l1Resolver, request(CAROL, undefined, "0x" + "77".repeat(20)));
      expect(otherRegistry.body.code).to.equal("GATEWAY_WRONG_TARGET");
      const otherChain = await get(stack.l1Resolver, request(CAROL, undefined, undefined, 10n));
      expect(otherChain.status).to.equal(404);
    });

    it("refuses a call whose node is not the name's namehash (400)", async () => {
      const mismatch = await get(stack.l1Resolver, request(CAROL, reads.encodeFunctionData("text", [namehash(`dave.${PARENT}`), PROFILE_RECORD_KEY])));
      expect(mismatch.status).to.equal(400);
      expect(mismatch.body.code).to.equal("GATEWAY_NAMEHASH_MISMATCH");
      expect(mismatch.body.message).to.include(CAROL);
      const inMulticall = await get(
        stack.l1Resolver,
        request(CAROL, reads.encodeFunctionData("multicall", [[reads.encodeFunctionData("addr", [namehash(`dave.${PARENT}`)])]])),
      );
      expect(inMulticall.body.code).to.equal("GATEWAY_NAMEHASH_MISMATCH");
    });

    it("refuses bad hex, other functions, unsupported inner calls and unnormalized names (400)", async () => {
      expect((await get(stack.l1Resolver, "0xzz")).body.code).to.equal("GATEWAY_BAD_REQUEST");
      expect((await get(stack.l1Resolver, reads.encodeFunctionData("addr", [namehash(CAROL)]))).body.code).to.equal("GATEWAY_BAD_REQUEST");
      expect((await get(stack.l1Resolver, request(CAROL, reads.encodeFunctionData("name", [namehash(CAROL)])))).body.code).to.equal("GATEWAY_UNSUPPORTED_CALL");
      const upper = encodeGatewayRequest({
        dnsName: "0x054361726f6c02" + "6c32" + "03" + "646d33" + "03" + "657468" + "00",
        data: reads.encodeFunctionData("addr", [namehash(CAROL)]),
        chainId: BigInt(L2_CHAIN_ID),
        registry: stack.registry,
      });
      const res = await get(stack.l1Resolver, upper);
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal("GATEWAY_INVALID_NAME");
      const body = await fetch(stack.gatewayUrl + "/", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
      expect(body.status).to.equal(400);
    });

    it("refuses to start without a key or with a bad one, without echoing it", async () => {
      const base = { registry: stack.registry, resolvers: [stack.l1Resolver], l2RpcUrl: chain.chain.url, env: {} };
      await expectRejection(startGateway(base), GatewayConfigError, /DM3_GATEWAY_PRIVATE_KEY/);
      const err = await expectRejection(startGateway({ ...base, privateKey: "0xdeadbeefcafe" }), GatewayConfigError);
      expect(err.message).to.not.include("deadbeefcafe");
      await expectRejection(startGateway({ ...base, privateKey: gatewayKey, registry: undefined }), GatewayConfigError, /no L2 registry address/);
      // Environment works as the source of every setting.
      const gw = await startGateway({
        env: { DM3_GATEWAY_PRIVATE_KEY: gatewayKey, DM3_GATEWAY_L2_RPC_URL: chain.chain.url, DM3_GATEWAY_L2_REGISTRY: stack.registry, DM3_GATEWAY_RESOLVERS: stack.l1Resolver },
      });
      expect(gw.chainId).to.equal(BigInt(L2_CHAIN_ID));
      expect(gw.signer).to.equal(stack.gatewaySigner);
      await gw.close();
    });
  });

  it("when the gateway is down, the client gets a clear error", async () => {
    const r = Dm3L1Resolver__factory.connect(stack.l1Resolver, f.ctx.deployer);
    const urls = await r.gatewayUrls();
    const port = await freePort();
    await (await r.setGatewayUrls([`http://127.0.0.1:${port}/{sender}/{data}.json`])).wait();
    try {
      const resolver = await f.provider.getResolver(CAROL);
      const raw = await expectRejection(resolver!.getText(PROFILE_RECORD_KEY), Error);
      expect(isError(raw, "OFFCHAIN_FAULT")).to.equal(true);
      await expectRejection(readL2Text(f.provider, CAROL, PROFILE_RECORD_KEY), L2GatewayUnavailableError, /did not answer/);
    } finally {
      await (await r.setGatewayUrls([...urls])).wait();
    }
    expect(await f.provider.resolveName(CAROL)).to.equal(carolAddress);
    void hre;
  });
});
