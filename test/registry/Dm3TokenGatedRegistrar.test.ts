import hre from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { dnsEncode, type Signer } from "ethers";
import {
  Dm3GateTestERC20,
  Dm3GateTestERC20__factory,
  Dm3GateTestERC721,
  Dm3GateTestERC721__factory,
  Dm3L2Registry,
  Dm3L2Registry__factory,
  Dm3RuleSets,
  Dm3RuleSets__factory,
  Dm3TokenGatedRegistrar,
  Dm3TokenGatedRegistrar__factory,
} from "../../typechain-types";
import { allOf, createRuleSet, erc20Balance, erc721Balance, not } from "../../src/gate";
import { encodeRecords } from "../../src/registry/records";
import { signRegistration } from "../../src/registry/consent";
import { registerName } from "../../src/registry/register";
import { decodeCustomError } from "../../src/shared/revert";
import { freshL1Deployer, measureTx } from "../helpers/gas";
import { PARENT, nodeOf } from "./fixtures";

interface GatedFixture {
  registry: Dm3L2Registry;
  registrar: Dm3TokenGatedRegistrar;
  ruleSets: Dm3RuleSets;
  token: Dm3GateTestERC20;
  blocklist: Dm3GateTestERC721;
  ruleSetId: bigint;
  owner: Signer;
  /** Holds 10 tokens: passes. */
  alice: Signer;
  /** Holds nothing: fails. */
  bob: Signer;
  /** Holds 10 tokens but is on the blocklist (a negated rule): fails. */
  mallory: Signer;
}

/** An L2 registry with a registrar gated by "at least 10 tokens and NOT on the blocklist (an ERC-721)". */
async function gatedFixture(): Promise<GatedFixture> {
  const [, alice, bob, mallory] = await hre.ethers.getSigners();
  // A fresh deployer (and registry owner): the addresses are the same whatever ran before.
  const owner = await freshL1Deployer("Dm3TokenGatedRegistrar.test gatedFixture");
  const ownerAddress = await owner.getAddress();
  const registry = await new Dm3L2Registry__factory(owner).deploy(dnsEncode(PARENT), ownerAddress, "dm3 names", "DM3");
  const ruleSets = await new Dm3RuleSets__factory(owner).deploy();
  const token = await new Dm3GateTestERC20__factory(owner).deploy("Member", "MBR");
  const blocklist = await new Dm3GateTestERC721__factory(owner).deploy("Blocked", "BLK");
  for (const s of [alice, mallory]) await (await token.mint(await s.getAddress(), 10n)).wait();
  await (await blocklist.mint(await mallory.getAddress(), 1n)).wait();
  const def = allOf(erc20Balance(await token.getAddress(), { min: 10 }), not(erc721Balance(await blocklist.getAddress())));
  const { ruleSetId } = await createRuleSet(owner, await ruleSets.getAddress(), def);
  const registrar = await new Dm3TokenGatedRegistrar__factory(owner).deploy(await registry.getAddress(), await ruleSets.getAddress(), ruleSetId, 3, 63, ownerAddress);
  await (await registry.approveRegistrar(await registrar.getAddress())).wait();
  return { registry, registrar, ruleSets, token, blocklist, ruleSetId, owner, alice, bob, mallory };
}

describe("Dm3TokenGatedRegistrar", () => {
  let f: GatedFixture;

  beforeEach(async () => {
    f = await loadFixture(gatedFixture);
  });

  const recordsFor = async (label: string, s: Signer) => encodeRecords(nodeOf(label), { addr: await s.getAddress() });

  it("registers a free label to a caller that passes the rule set, with its records", async () => {
    const alice = await f.alice.getAddress();
    expect(await f.registrar.canRegister("alice", alice)).to.equal(true);
    await measureTx("L2Registry.register via Dm3TokenGatedRegistrar (ERC-20 AND NOT ERC-721, addr 60)", f.registrar.connect(f.alice).register("alice", alice, await recordsFor("alice", f.alice)));
    expect(await f.registry["owner(bytes32)"](nodeOf("alice"))).to.equal(alice);
    expect(await f.registry["addr(bytes32)"](nodeOf("alice"))).to.equal(alice);
    expect(await f.registrar.canRegister("alice", alice)).to.equal(false);
    await expect(f.registrar.connect(f.alice).register("alice", alice, [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarNotAvailable").withArgs("alice");
  });

  it("refuses accounts that fail the rule set (too few tokens, or a negated rule), registering nothing", async () => {
    for (const [signer, label] of [
      [f.bob, "bob"],
      [f.mallory, "mallory"],
    ] as const) {
      const who = await signer.getAddress();
      expect(await f.registrar.canRegister(label, who)).to.equal(false);
      await expect(f.registrar.connect(signer).register(label, who, []))
        .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarNotAllowed")
        .withArgs(who, f.ruleSetId);
      expect(await f.registry["owner(bytes32)"](nodeOf(label))).to.equal(hre.ethers.ZeroAddress);
    }
  });

  it("registers for someone else only with that owner's signed consent, and gates the owner, not the sender", async () => {
    await (await f.token.mint(await f.owner.getAddress(), 10n)).wait();
    const [alice, bob] = [await f.alice.getAddress(), await f.bob.getAddress()];
    const registrar = await f.registrar.getAddress();
    const { chainId } = await hre.ethers.provider.getNetwork();
    await expect(f.registrar.connect(f.owner).register("gift", alice, []))
      .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarUnauthorized")
      .withArgs(await f.owner.getAddress(), alice);
    const deadline = 4_102_444_800n;
    // bob consents but fails the gate: a passing sender does not help him.
    const forBob = await signRegistration(f.bob, registrar, chainId, { label: "bobby", records: [], deadline }, "Dm3TokenGatedRegistrar");
    await expect(f.registrar.connect(f.owner).registerWithSignature("bobby", bob, [], deadline, forBob.signature))
      .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarNotAllowed")
      .withArgs(bob, f.ruleSetId);
    // A consent signed for another registrar's domain does not verify here.
    const wrongDomain = await signRegistration(f.alice, registrar, chainId, { label: "ally", records: [], deadline });
    await expect(f.registrar.connect(f.bob).registerWithSignature("ally", alice, [], deadline, wrongDomain.signature))
      .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidSignature")
      .withArgs(alice);
    // The SDK reads the registrar's EIP-712 domain itself: bob (failing the gate himself) sends alice's registration.
    const done = await registerName(f.bob, { registrar, label: "ally", owner: f.alice });
    expect(done).to.deep.include({ owner: alice, signed: true, name: `ally.${PARENT}` });
    expect(await f.registry["owner(bytes32)"](nodeOf("ally"))).to.equal(alice);
    expect(await f.registry["owner(bytes32)"](nodeOf("bobby"))).to.equal(hre.ethers.ZeroAddress);
  });

  it("with too little gas left for the gate a registration reverts (Dm3RuleSetsInsufficientGas), never passes a negated rule", async () => {
    const mallory = await f.mallory.getAddress();
    const errors = new Set<string>();
    for (let gasLimit = 40_000; gasLimit <= 140_000; gasLimit += 2_000) {
      const outcome = await f.registrar
        .connect(f.mallory)
        .register.staticCall("mallory", mallory, [], { gasLimit })
        .then(
          () => "registered",
          (e: unknown) => (decodeCustomError(f.registrar.interface, e) ?? decodeCustomError(f.ruleSets.interface, e))?.name ?? "out of gas",
        );
      expect(outcome, `gas limit ${gasLimit}`).to.not.equal("registered");
      errors.add(outcome);
    }
    expect([...errors]).to.include.members(["Dm3RuleSetsInsufficientGas", "Dm3RegistrarNotAllowed"]);
  });

  it("checks labels, availability and the open switch like the first-come registrar", async () => {
    const alice = await f.alice.getAddress();
    const r = f.registrar.connect(f.alice);
    await expect(r.register("Al", alice, [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidLabel").withArgs("Al", 2);
    await expect(r.register("aB1", alice, [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidLabel").withArgs("aB1", 1);
    await expect(r.register("ab--c", alice, [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidLabel").withArgs("ab--c", 2);
    await expect(f.registrar.connect(f.alice).setOpen(false)).to.be.revertedWithCustomError(f.registrar, "OwnableUnauthorizedAccount");
    await expect(f.registrar.setOpen(false)).to.emit(f.registrar, "RegistrationOpenChanged").withArgs(false);
    await expect(r.register("alice", alice, [])).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarClosed");
    expect(await f.registrar.available("alice")).to.equal(false);
    await expect(new Dm3TokenGatedRegistrar__factory(f.owner).deploy(await f.registry.getAddress(), await f.ruleSets.getAddress(), f.ruleSetId, 0, 10, alice))
      .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarInvalidLimits")
      .withArgs(0, 10);
  });

  it("the registrar owner changes the rule set (event); others cannot; unknown sets are refused", async () => {
    const bob = await f.bob.getAddress();
    const ruleSets = await f.ruleSets.getAddress();
    const open = (await createRuleSet(f.owner, ruleSets, allOf(erc20Balance(await f.token.getAddress(), { min: 0 })))).ruleSetId;
    await expect(f.registrar.connect(f.bob).setRuleSet(open)).to.be.revertedWithCustomError(f.registrar, "OwnableUnauthorizedAccount");
    await expect(f.registrar.setRuleSet(99n)).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarUnknownRuleSet").withArgs(99n);
    await expect(f.registrar.setRuleSet(0n)).to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarUnknownRuleSet").withArgs(0n);
    await expect(f.registrar.setRuleSet(open)).to.emit(f.registrar, "RegistrarRuleSetChanged").withArgs(ruleSets, open);
    expect(await f.registrar.ruleSet()).to.deep.equal([ruleSets, open]);
    await (await f.registrar.connect(f.bob).register("bob", bob, [])).wait();
    expect(await f.registry["owner(bytes32)"](nodeOf("bob"))).to.equal(bob);
    await expect(new Dm3TokenGatedRegistrar__factory(f.owner).deploy(await f.registry.getAddress(), ruleSets, 42n, 3, 63, bob))
      .to.be.revertedWithCustomError(f.registrar, "Dm3RegistrarUnknownRuleSet")
      .withArgs(42n);
  });
});
