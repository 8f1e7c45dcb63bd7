import { expect } from "chai";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, dnsEncode, isError, namehash } from "ethers";
import { Dm3SignatureGatewayVerifier__factory } from "../../typechain-types";
import { deployL2Stack } from "../../deploy/l2Stack";
import { registerName as registerL2Name } from "../../src/registry/register";
import { registerName } from "../helpers/ens";
import { l2 } from "../registry/l2";
import { namesFixture, type AliasFixture } from "./fixtures";

// Finding 4 of the security review (issue 8): the callback of the universal resolver must only
// return what the inner resolver verified for the name the result claims.

const abi = AbiCoder.defaultAbiCoder();
/** The callback extra data of the universal resolver before the fix: the resolution header, then the inner lookup. */
const HEADER_EXTRA = ["tuple(bytes name, bool aliased, bytes32 node, address resolver, bool extended, address addr, string profile)", "bytes4", "bytes"];

interface Lookup {
  urls: string[];
  callData: string;
  extraData: string;
}

/** The OffchainLookup `resolveDm3(name)` raises (ethers' CCIP-Read off). */
async function lookupOf(f: AliasFixture, name: string): Promise<Lookup> {
  const data = f.universal.interface.encodeFunctionData("resolveDm3", [dnsEncode(name)]);
  try {
    await f.provider.call({ to: await f.universal.getAddress(), data });
  } catch (e) {
    if (!isError(e, "CALL_EXCEPTION") || !e.data) throw e;
    const parsed = f.universal.interface.parseError(e.data)!;
    expect(parsed.name).to.equal("OffchainLookup");
    return { urls: parsed.args[1], callData: parsed.args[2], extraData: parsed.args[4] };
  }
  throw new Error(`resolveDm3(${name}) did not look up`);
}

/** The gateway's signed answer to a lookup (EIP-3668 GET). */
async function gatewayAnswer(lookup: Lookup): Promise<string> {
  const res = await fetch(lookup.urls[0].replace("{data}", lookup.callData));
  expect(res.status).to.equal(200);
  return ((await res.json()) as { data: string }).data;
}

/**
 * The forgery that passed before the fix: the attacker's genuine lookup with the resolution header
 * rewritten to the victim's name and node, when `extraData` has that layout (null otherwise).
 */
function withVictimHeader(extraData: string, attacker: string, victim: string): string | null {
  try {
    const [header, callback, inner] = abi.decode(HEADER_EXTRA, extraData);
    if (header.name !== dnsEncode(attacker)) return null;
    const forged = [dnsEncode(victim), header.aliased, namehash(victim), header.resolver, header.extended, header.addr, header.profile];
    return abi.encode(HEADER_EXTRA, [forged, callback, inner]);
  } catch {
    return null;
  }
}

describe("Dm3UniversalResolver: attacks of the security review", () => {
  it("refuses a gateway-signed answer for an attacker's name passed off as a victim's through resolveDm3Callback", async function () {
    this.timeout(120_000);
    const f = await loadFixture(namesFixture);
    const chain = await l2();
    await registerName(f, "l2.dm3.eth", f.accounts[1]);
    const l1Ctx = { ...f.ctx, manifest: structuredClone(f.ctx.manifest), manifestFile: path.join(os.tmpdir(), `dm3kit-ur-attack-${process.pid}-${Date.now()}.json`) };
    const stack = await deployL2Stack({ l1Ctx, l2: { url: chain.chain.url, manifestFile: l1Ctx.manifestFile.replace(/\.json$/, "-l2.json") }, parentName: "l2.dm3.eth" });
    try {
      const suffix = Date.now() % 100000;
      const [attacker, victim] = [`mallory${suffix}.l2.dm3.eth`, `vitalik${suffix}.l2.dm3.eth`];
      const [attackerSigner, victimSigner] = [chain.accounts[5], chain.accounts[6]];
      await registerL2Name(attackerSigner, { registrar: stack.registrar, label: `mallory${suffix}` });
      await registerL2Name(victimSigner, { registrar: stack.registrar, label: `vitalik${suffix}` });
      const attackerAddress = await attackerSigner.getAddress();

      const attackerLookup = await lookupOf(f, attacker);
      const answer = await gatewayAnswer(attackerLookup); // genuine, signed by the gateway, for the attacker's request
      // Honest use still works: the answer resolves the attacker's own name.
      const own = await f.universal.resolveDm3Callback(answer, attackerLookup.extraData);
      expect([own.name, own.addr]).to.deep.equal([dnsEncode(attacker), attackerAddress]);

      // The victim's own lookup, fed the attacker's answer: the resolver checks it against the victim's request.
      const victimLookup = await lookupOf(f, victim);
      const refused = await f.universal.resolveDm3Callback(answer, victimLookup.extraData).then(
        () => expect.fail("the attacker's answer resolved the victim's name"),
        (e) => f.universal.interface.parseError(e.data)!,
      );
      expect(refused.name).to.equal("Dm3ResolverCallFailed");
      expect(refused.args[0]).to.equal(stack.l1Resolver);
      const verifier = Dm3SignatureGatewayVerifier__factory.connect(stack.verifier, f.provider);
      expect(verifier.interface.parseError(refused.args[1])?.name).to.equal("Dm3GatewayRequestMismatch");

      // Whatever the extra data claims, no answer comes back as the victim's name with the attacker's records.
      const forgeries = [victimLookup.extraData, withVictimHeader(attackerLookup.extraData, attacker, victim)].filter((x): x is string => x !== null);
      for (const extraData of forgeries) {
        const r = await f.universal.resolveDm3Callback(answer, extraData).catch(() => undefined);
        expect(r !== undefined && r.name === dnsEncode(victim) && r.addr === attackerAddress, "the attacker's records came back as the victim's").to.equal(false);
      }
    } finally {
      await stack.close();
    }
  });
});
