import { expect } from "chai";
import hre from "hardhat";
import os from "node:os";
import path from "node:path";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, Interface, SigningKey, Wallet, dnsEncode, getAddress, namehash } from "ethers";
import { createDeployContext, type DeployContext } from "../../deploy/context";
import { deployL1Resolver, type L1ResolverParams } from "../../deploy/l1Resolver";
import { emptyManifest } from "../../deploy/manifest";
import { encodeGatewayRequest, signGatewayResponse } from "../../src/gateway/protocol";
import { Dm3L1Resolver__factory, Dm3SignatureGatewayVerifier__factory, ENSRegistry__factory } from "../../typechain-types";
import { ensFixture, registerName } from "../helpers/ens";
import { expectRejection } from "../helpers/expect";
import { DeployConfigError } from "../../deploy/errors";

// A parent of its own: earlier test files leave ENS storage (e.g. dm3.eth owned by another account) behind.
const PARENT = "l2.rotation-test.eth";
const L2_CHAIN = 31338n;
const REGISTRY = getAddress("0x" + "12".repeat(20));
const KEY_A = new SigningKey("0x" + "c1".repeat(32));
const KEY_B = new SigningKey("0x" + "c2".repeat(32));
const A = new Wallet(KEY_A.privateKey).address;
const B = new Wallet(KEY_B.privateKey).address;
const reads = new Interface(["function text(bytes32,string) view returns (string)"]);

/** ENS with `l2.rotation-test.eth` owned by account 0, and a deploy context with its own (fresh) manifest and a captured log. */
async function rotationFixture() {
  const f = await ensFixture();
  await registerName(f, "rotation-test.eth", f.accounts[0]);
  await registerName(f, PARENT, f.accounts[0]);
  return { f };
}

async function freshContext(): Promise<{ ctx: DeployContext; lines: string[] }> {
  const lines: string[] = [];
  const file = path.join(os.tmpdir(), `dm3kit-l1-rotation-${process.pid}.json`);
  const ctx = await createDeployContext(hre, emptyManifest("hardhat", 31337), file, (l) => lines.push(l));
  return { ctx, lines };
}

/** Transactions sent so far by any account of the context, and the chain height. */
async function activity(ctx: DeployContext): Promise<{ nonces: number[]; block: number }> {
  const nonces = await Promise.all(ctx.accounts.slice(0, 4).map(async (a) => ctx.provider.getTransactionCount(await a.getAddress())));
  return { nonces, block: await ctx.provider.getBlockNumber() };
}

describe("deployL1Resolver (gateway signer rotation)", () => {
  it("converges the signer set from {A} to {B}: A's answers are then rejected, B's accepted; a re-run sends nothing", async () => {
    const { f } = await loadFixture(rotationFixture);
    const { ctx, lines } = await freshContext();
    const params = (signers: string[]): L1ResolverParams => ({
      parentName: PARENT,
      targetChainId: L2_CHAIN,
      registry: REGISTRY,
      gatewayUrls: ["http://127.0.0.1:1/{sender}/{data}.json"],
      signers,
      ensRegistry: f.ens.registry,
    });

    const first = await deployL1Resolver(ctx, params([A]));
    expect(first.resolverSet).to.equal(true);
    expect(await ENSRegistry__factory.connect(f.ens.registry, ctx.deployer).resolver(namehash(PARENT))).to.equal(first.resolver);
    const verifier = Dm3SignatureGatewayVerifier__factory.connect(first.verifier, ctx.deployer);
    expect(await verifier.signers()).to.deep.equal([A]);

    lines.length = 0;
    const rotated = await deployL1Resolver(ctx, params([B]));
    expect(rotated).to.deep.equal(first); // same contracts, only the set changed
    expect(await verifier.signers()).to.deep.equal([B]);
    expect(lines).to.include(`  added gateway signer ${B}`);
    expect(lines).to.include(`  removed gateway signer ${A}`);
    // Added before removed, so the verifier never has an empty set between the two transactions.
    expect(lines.findIndex((l) => l.includes("added gateway signer"))).to.be.lessThan(lines.findIndex((l) => l.includes("removed gateway signer")));

    const resolver = Dm3L1Resolver__factory.connect(first.resolver, ctx.deployer);
    const name = `carol.${PARENT}`;
    const request = encodeGatewayRequest({
      dnsName: dnsEncode(name),
      data: reads.encodeFunctionData("text", [namehash(name), "network.dm3.profile"]),
      chainId: L2_CHAIN,
      registry: REGISTRY,
    });
    const result = AbiCoder.defaultAbiCoder().encode(["string"], ["hello"]);
    const expires = BigInt(await time.latest()) + 300n;
    await expect(resolver.resolveWithProof(signGatewayResponse(KEY_A, first.resolver, request, result, expires), request))
      .to.be.revertedWithCustomError(verifier, "Dm3GatewayUnknownSigner")
      .withArgs(A);
    expect(await resolver.resolveWithProof(signGatewayResponse(KEY_B, first.resolver, request, result, expires), request)).to.equal(result);

    // Same list again (spelled in lower case): no transaction at all, no change logged.
    const before = await activity(ctx);
    lines.length = 0;
    await deployL1Resolver(ctx, params([B.toLowerCase()]));
    expect(await activity(ctx)).to.deep.equal(before);
    expect(lines.filter((l) => /added|removed|set to|: deployed /.test(l))).to.deep.equal([]);
    expect(await verifier.signers()).to.deep.equal([B]);
  });

  it("adds and removes several signers at once, keeping the ones listed", async () => {
    const { f } = await loadFixture(rotationFixture);
    const { ctx, lines } = await freshContext();
    const [c, d] = ["c3", "c4"].map((k) => new Wallet("0x" + k.repeat(32)).address);
    const base = { parentName: PARENT, targetChainId: L2_CHAIN, registry: REGISTRY, gatewayUrls: ["https://gw.example/{sender}/{data}.json"], ensRegistry: f.ens.registry };
    const { verifier } = await deployL1Resolver(ctx, { ...base, signers: [A, B, c] });
    lines.length = 0;
    await deployL1Resolver(ctx, { ...base, signers: [c, d] });
    const v = Dm3SignatureGatewayVerifier__factory.connect(verifier, ctx.deployer);
    expect([...(await v.signers())].sort()).to.deep.equal([c, d].sort());
    expect(lines.filter((l) => /gateway signer/.test(l)).sort()).to.deep.equal(
      [`  added gateway signer ${d}`, `  removed gateway signer ${A}`, `  removed gateway signer ${B}`].sort(),
    );
  });

  it("fails with a clear message when the manifest's verifier cannot list its signers (deployed before signers())", async () => {
    const { f } = await loadFixture(rotationFixture);
    const { ctx } = await freshContext();
    // Any contract without signers() stands in for an old verifier.
    ctx.manifest.contracts.dm3GatewayVerifier = { address: f.ens.registry, contract: "Dm3SignatureGatewayVerifier", args: [] };
    await expectRejection(
      deployL1Resolver(ctx, { parentName: PARENT, targetChainId: L2_CHAIN, registry: REGISTRY, gatewayUrls: ["https://gw.example/{sender}/{data}.json"], signers: [A], ensRegistry: f.ens.registry }),
      DeployConfigError,
      /cannot list its signers .*remove contracts\.dm3GatewayVerifier/,
    );
  });

  it("refuses an empty signer list instead of removing every signer", async () => {
    const { f } = await loadFixture(rotationFixture);
    const { ctx } = await freshContext();
    const { verifier } = await deployL1Resolver(ctx, { parentName: PARENT, targetChainId: L2_CHAIN, registry: REGISTRY, gatewayUrls: ["https://gw.example/{sender}/{data}.json"], signers: [A], ensRegistry: f.ens.registry });
    await expectRejection(
      deployL1Resolver(ctx, { parentName: PARENT, targetChainId: L2_CHAIN, registry: REGISTRY, gatewayUrls: ["https://gw.example/{sender}/{data}.json"], signers: [], ensRegistry: f.ens.registry }),
      DeployConfigError,
      /at least one gateway signer/,
    );
    expect(await Dm3SignatureGatewayVerifier__factory.connect(verifier, ctx.deployer).signers()).to.deep.equal([A]);
  });
});
