import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  Signature,
  Signer,
  Wallet,
  ZeroAddress,
  concat,
  encodeBase64,
  ensNormalize,
  getBytes,
  hashMessage,
  hexlify,
  id,
  keccak256,
  namehash,
  randomBytes,
  toBeHex,
  toUtf8Bytes,
} from "ethers";
import * as refProfile from "@dm3-org/dm3-lib-profile";
import * as refShared from "@dm3-org/dm3-lib-shared";
import {
  Dm3ProfileVerifier,
  Dm3ProfileVerifier__factory,
  Dm3Test1271Wallet__factory,
  Dm3VerifierTestHarness__factory,
  ENSRegistry__factory,
  FIFSRegistrar__factory,
  PublicResolver__factory,
} from "../../typechain-types";
import { deployProfileVerifier } from "../../deploy/profileVerifier";
import { PROFILE_RECORD_KEY } from "../../src/ens/constants";
import { getProfileCreationMessage } from "../../src/profile/message";
import { toDataUri } from "../../src/profile/records";
import { signProfile as sdkSignProfile } from "../../src/profile/sign";
import { verifyProfileSignature } from "../../src/profile/verify";
import { stringify } from "../../src/shared/json";
import type { SignedUserProfile, UserProfile } from "../../src/profile/types";
import { ensFixture, registerName } from "../helpers/ens";
import { underCoverage } from "../helpers/coverage";
import { measureTx, recordGas } from "../helpers/gas";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A profile shaped like real ones: two base64 32-byte keys and `dsCount` delivery-service names. */
function sampleProfile(dsCount = 1): UserProfile {
  return {
    publicEncryptionKey: encodeBase64(randomBytes(32)),
    publicSigningKey: encodeBase64(randomBytes(32)),
    deliveryServices: Array.from({ length: dsCount }, (_, i) => (i === 0 ? "ds.dm3.eth" : `ds${i}.dm3.eth`)),
  };
}

/** Fixed keys (the §5.4 vector's), so that gas figures do not move with random calldata from run to run. */
function fixedProfile(dsCount = 1): UserProfile {
  return {
    publicEncryptionKey: "AKnjG3DuQLP1NHE0JsvFDbMqdLN4KCGJ1uekhoEqLA8=",
    publicSigningKey: "tRvDOgdClJateUxaLxB6etLOT+LdPuk6QakgmQ8zFYM=",
    deliveryServices: sampleProfile(dsCount).deliveryServices,
  };
}

/** The message dm3 signs, built by our SDK; the reference library must agree (asserted in its own test). */
function creationMessage(profile: UserProfile, address: string): string {
  return getProfileCreationMessage(stringify(profile), address);
}

async function signProfile(signer: Signer, profile: UserProfile, account?: string): Promise<string> {
  return signer.signMessage(creationMessage(profile, account ?? (await signer.getAddress())));
}

/** The reference's verdict (`checkUserProfileWithAddress`); a throw (unparseable signature) is a rejection. */
function referenceAccepts(signed: SignedUserProfile, address: string): boolean {
  try {
    return refProfile.checkUserProfileWithAddress(signed, address);
  } catch {
    return false;
  }
}

/** Variants of a 65-byte signature that ethers 5 (the reference) accepts as the same signature. */
function signatureShapes(signature: string): Record<string, string> {
  const sig = Signature.from(signature);
  const recid = sig.v - 27;
  const highS = toBeHex(SECP256K1_N - BigInt(sig.s), 32);
  return {
    "v as recovery id (0/1)": concat([sig.r, sig.s, toBeHex(recid, 1)]),
    "EIP-2098 compact (64 bytes)": sig.compactSerialized,
    "high s (malleable twin)": concat([sig.r, highS, toBeHex(recid === 0 ? 28 : 27, 1)]),
    "v + 2 (ethers 5 reads v by parity)": concat([sig.r, sig.s, toBeHex(sig.v + 2, 1)]),
  };
}

function flipByte(hex: string, index: number): string {
  const bytes = getBytes(hex);
  bytes[index % bytes.length] ^= 0x01;
  return hexlify(bytes);
}

async function verifierFixture() {
  const f = await ensFixture();
  const [deployer, , alice, bob, carol] = f.accounts;
  const address = await deployProfileVerifier(f.ctx, f.ens);
  const verifier = Dm3ProfileVerifier__factory.connect(address, deployer);
  const resolver = PublicResolver__factory.connect(f.ens.resolver, deployer);
  const registry = ENSRegistry__factory.connect(f.ens.registry, deployer);

  await registerName(f, "alice.eth", alice);

  // A name whose addr record is an ERC-1271 wallet controlled by carol.
  await registerName(f, "wallet.eth", carol);
  const wallet = await new Dm3Test1271Wallet__factory(deployer).deploy(await carol.getAddress());
  await resolver.connect(carol)["setAddr(bytes32,address)"](namehash("wallet.eth"), await wallet.getAddress());

  // A name without a resolver, one with a resolver but no addr record, one whose resolver is an EOA.
  const fifs = FIFSRegistrar__factory.connect(f.ens.ethRegistrar!, bob);
  const bobAddress = await bob.getAddress();
  await fifs.register(id("noresolver"), bobAddress);
  await fifs.register(id("noaddr"), bobAddress);
  await registry.connect(bob).setResolver(namehash("noaddr.eth"), f.ens.resolver);
  await fifs.register(id("eoaresolver"), bobAddress);
  await registry.connect(bob).setResolver(namehash("eoaresolver.eth"), bobAddress);

  const harness = await new Dm3VerifierTestHarness__factory(deployer).deploy(address);
  return { f, verifier, resolver, registry, wallet, harness, deployer, alice, bob, carol };
}

type Fixture = Awaited<ReturnType<typeof verifierFixture>>;

/** Signs `profile` with alice and publishes it as alice.eth's profile record (dm3's data URI). */
async function publish(x: Fixture, profile: UserProfile, name = "alice.eth", signer: Signer = x.alice): Promise<string> {
  const account = (await x.f.provider.resolveName(name))!;
  const signature = await signProfile(signer, profile, account);
  const owner = name === "wallet.eth" ? x.carol : x.alice;
  await x.resolver.connect(owner).setText(namehash(name), PROFILE_RECORD_KEY, refShared.createJsonDataUri({ profile, signature }));
  return signature;
}

describe("Dm3ProfileVerifier", () => {
  describe("deployment", () => {
    it("deploys once through the deploy module and reuses the contract on a re-run", async () => {
      const x = await loadFixture(verifierFixture);
      expect(await x.verifier.ensRegistry()).to.equal(x.f.ens.registry);
      expect(await x.verifier.profileRecordKey()).to.equal(PROFILE_RECORD_KEY);
      expect(x.f.ctx.manifest.contracts.dm3ProfileVerifier.contract).to.equal("Dm3ProfileVerifier");
      const again = await deployProfileVerifier(x.f.ctx, x.f.ens);
      expect(again).to.equal(await x.verifier.getAddress());
    });

    it("reverts with Dm3ProfileVerifierInvalidRegistry when the registry has no code", async () => {
      const x = await loadFixture(verifierFixture);
      const factory = new Dm3ProfileVerifier__factory(x.deployer);
      const nobody = await x.bob.getAddress();
      await expect(factory.deploy(nobody)).to.be.revertedWithCustomError(factory, "Dm3ProfileVerifierInvalidRegistry").withArgs(nobody);
      const tx = await factory.deploy(x.f.ens.registry);
      recordGas("Dm3ProfileVerifier.deploy", (await tx.deploymentTransaction()!.wait())!.gasUsed);
    });
  });

  describe("verifyProfile (signature against the addr record)", () => {
    it("accepts a profile signed by the name's addr record (EOA)", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = fixedProfile(1);
      const signature = await signProfile(x.alice, profile);
      const [valid, signer] = await x.verifier.verifyProfile(namehash("alice.eth"), profile, signature);
      expect(valid).to.equal(true);
      expect(signer).to.equal(await x.alice.getAddress());
      expect(referenceAccepts({ profile, signature }, signer)).to.equal(true);
      recordGas("Dm3ProfileVerifier.verifyProfile(1 DS)", await x.verifier.verifyProfile.estimateGas(namehash("alice.eth"), profile, signature));
    });

    it("rejects a tampered encryption key, signing key, delivery-service list or signature", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = sampleProfile(2);
      const signature = await signProfile(x.alice, profile);
      const node = namehash("alice.eth");
      const tampered: Record<string, [UserProfile, string]> = {
        "encryption key": [{ ...profile, publicEncryptionKey: encodeBase64(randomBytes(32)) }, signature],
        "signing key": [{ ...profile, publicSigningKey: profile.publicSigningKey.replace(/^./, (c) => (c === "A" ? "B" : "A")) }, signature],
        "DS added": [{ ...profile, deliveryServices: [...profile.deliveryServices, "evil.eth"] }, signature],
        "DS removed": [{ ...profile, deliveryServices: profile.deliveryServices.slice(1) }, signature],
        "DS reordered": [{ ...profile, deliveryServices: [...profile.deliveryServices].reverse() }, signature],
        "signature r": [profile, flipByte(signature, 5)],
        "signature s": [profile, flipByte(signature, 40)],
        "signature v": [profile, flipByte(signature, 64)],
        "signature truncated": [profile, signature.slice(0, 2 + 2 * 63)],
        "signature empty": [profile, "0x"],
      };
      for (const [what, [p, s]] of Object.entries(tampered)) {
        const [valid] = await x.verifier.verifyProfile(node, p, s);
        expect(valid, what).to.equal(false);
        expect(referenceAccepts({ profile: p, signature: s }, await x.alice.getAddress()), `reference, ${what}`).to.equal(false);
      }
    });

    it("rejects a valid signature by someone other than the addr record", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = sampleProfile(1);
      // bob signs the message as if he were alice (alice's address in the text) and for himself.
      for (const account of [await x.alice.getAddress(), await x.bob.getAddress()]) {
        const signature = await signProfile(x.bob, profile, account);
        const [valid, signer] = await x.verifier.verifyProfile(namehash("alice.eth"), profile, signature);
        expect(valid).to.equal(false);
        expect(signer).to.equal(await x.alice.getAddress());
      }
    });

    it("accepts every signature shape the reference accepts (recovery-id v, EIP-2098, high s)", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = sampleProfile(1);
      const signature = await signProfile(x.alice, profile);
      const alice = await x.alice.getAddress();
      for (const [what, shaped] of Object.entries(signatureShapes(signature))) {
        expect(referenceAccepts({ profile, signature: shaped }, alice), `reference, ${what}`).to.equal(true);
        const [valid] = await x.verifier.verifyProfile(namehash("alice.eth"), profile, shaped);
        expect(valid, what).to.equal(true);
      }
      // v = 2..26 is rejected by both.
      const bad = concat([signature.slice(0, 130), "0x05"]);
      expect(referenceAccepts({ profile, signature: bad }, alice)).to.equal(false);
      expect((await x.verifier.verifyProfile(namehash("alice.eth"), profile, bad))[0]).to.equal(false);
    });

    it("verifies an ERC-1271 wallet's profile through isValidSignature and rejects a stranger's signature", async () => {
      const x = await loadFixture(verifierFixture);
      const node = namehash("wallet.eth");
      const walletAddress = await x.wallet.getAddress();
      const profile = sampleProfile(1);
      const good = await signProfile(x.carol, profile, walletAddress);
      const [valid, signer] = await x.verifier.verifyProfile(node, profile, good);
      expect(signer).to.equal(walletAddress);
      expect(valid).to.equal(true);
      const stranger = await signProfile(x.bob, profile, walletAddress);
      expect((await x.verifier.verifyProfile(node, profile, stranger))[0]).to.equal(false);
      expect((await x.verifier.verifyProfile(node, { ...profile, deliveryServices: [] }, good))[0]).to.equal(false);
      // The wallet's owner signing for her own address does not make the wallet's profile valid.
      const ownAddress = await signProfile(x.carol, profile);
      expect((await x.verifier.verifyProfile(node, profile, ownAddress))[0]).to.equal(false);
    });

    it("reverts with Dm3ProfileVerifierNoResolver when the name has no resolver", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = sampleProfile(1);
      const signature = await signProfile(x.bob, profile);
      for (const name of ["noresolver.eth", "unregistered.eth"]) {
        const node = namehash(name);
        for (const call of [x.verifier.verifyProfile, x.verifier.verifyRecord, x.verifier.verify]) {
          await expect(call(node, profile, signature)).to.be.revertedWithCustomError(x.verifier, "Dm3ProfileVerifierNoResolver").withArgs(node);
        }
      }
    });

    it("reverts with Dm3ProfileVerifierNoAddress when the resolver has no addr record or is not a resolver", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = sampleProfile(1);
      const signature = await signProfile(x.bob, profile);
      const cases: [string, string][] = [
        ["noaddr.eth", x.f.ens.resolver],
        ["eoaresolver.eth", await x.bob.getAddress()],
      ];
      for (const [name, resolver] of cases) {
        const node = namehash(name);
        for (const call of [x.verifier.verifyProfile, x.verifier.verify]) {
          await expect(call(node, profile, signature))
            .to.be.revertedWithCustomError(x.verifier, "Dm3ProfileVerifierNoAddress")
            .withArgs(node, resolver);
        }
      }
      // An addr record set back to zero counts as none.
      await x.resolver.connect(x.alice)["setAddr(bytes32,address)"](namehash("alice.eth"), ZeroAddress);
      await expect(x.verifier.verifyProfile(namehash("alice.eth"), profile, signature)).to.be.revertedWithCustomError(
        x.verifier,
        "Dm3ProfileVerifierNoAddress",
      );
    });
  });

  describe("verifyRecord and verify (the published network.dm3.profile record)", () => {
    it("accepts the exact data URI dm3 writes and verify() passes both checks", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = fixedProfile(1);
      const signature = await publish(x, profile);
      const node = namehash("alice.eth");
      expect(await x.verifier.verifyRecord(node, profile, signature)).to.equal(true);
      const [valid, signer] = await x.verifier.verify(node, profile, signature);
      expect([valid, signer]).to.deep.equal([true, await x.alice.getAddress()]);
      // ethers' own ENS resolution reads the same record.
      const text = await (await x.f.provider.getResolver("alice.eth"))!.getText(PROFILE_RECORD_KEY);
      expect(text).to.equal(await x.verifier.profileRecord(profile, signature));
      recordGas("Dm3ProfileVerifier.verifyRecord(1 DS)", await x.verifier.verifyRecord.estimateGas(node, profile, signature));
      recordGas("Dm3ProfileVerifier.verify(1 DS)", await x.verifier.verify.estimateGas(node, profile, signature));
      await measureTx("Dm3ProfileVerifier.verify(1 DS) inside a transaction (test harness)", x.harness.check(node, profile, signature));
    });

    it("measures verify with three delivery services and with an ERC-1271 wallet", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = fixedProfile(3);
      const signature = await publish(x, profile);
      const node = namehash("alice.eth");
      expect((await x.verifier.verify(node, profile, signature))[0]).to.equal(true);
      recordGas("Dm3ProfileVerifier.verify(3 DS)", await x.verifier.verify.estimateGas(node, profile, signature));
      await expect(x.harness.check(node, profile, signature)).to.emit(x.harness, "Dm3VerifierTestChecked").withArgs(node, true);
      await measureTx("Dm3ProfileVerifier.verify(3 DS) inside a transaction (test harness)", x.harness.check(node, profile, signature));

      const walletProfile = fixedProfile(1);
      const walletSignature = await publish(x, walletProfile, "wallet.eth", x.carol);
      const walletNode = namehash("wallet.eth");
      expect((await x.verifier.verify(walletNode, walletProfile, walletSignature))[0]).to.equal(true);
      recordGas("Dm3ProfileVerifier.verify(1 DS, ERC-1271 wallet)", await x.verifier.verify.estimateGas(walletNode, walletProfile, walletSignature));
    });

    it("rejects any other record: missing, another profile, other signature spelling or encoding", async () => {
      const x = await loadFixture(verifierFixture);
      const node = namehash("alice.eth");
      const profile = sampleProfile(2);
      const signature = await signProfile(x.alice, profile);
      expect(await x.verifier.verifyRecord(node, profile, signature), "no record").to.equal(false);
      expect((await x.verifier.verify(node, profile, signature))[0], "verify without record").to.equal(false);

      const exact = refShared.createJsonDataUri({ profile, signature });
      const json = stringify({ profile, signature });
      const others: Record<string, string> = {
        "another profile": refShared.createJsonDataUri({ profile: sampleProfile(2), signature }),
        "uppercase hex signature": refShared.createJsonDataUri({ profile, signature: "0x" + signature.slice(2).toUpperCase() }),
        "unsorted keys": "data:application/json," + JSON.stringify({ signature, profile }),
        "whitespace": "data:application/json," + JSON.stringify({ profile: JSON.parse(stringify(profile)), signature }, null, 1),
        "base64 data URI": "data:application/json;base64," + Buffer.from(json).toString("base64"),
        "raw JSON": json,
        "trailing newline": exact + "\n",
        "empty": "",
      };
      for (const [what, record] of Object.entries(others)) {
        await x.resolver.connect(x.alice).setText(node, PROFILE_RECORD_KEY, record);
        expect(await x.verifier.verifyRecord(node, profile, signature), what).to.equal(false);
      }
      await x.resolver.connect(x.alice).setText(node, PROFILE_RECORD_KEY, exact);
      expect(await x.verifier.verifyRecord(node, profile, signature)).to.equal(true);
      // A record for a different signature of the same profile is not this signature's record.
      expect(await x.verifier.verifyRecord(node, profile, flipByte(signature, 3))).to.equal(false);
    });

    it("fails verify when the record matches but the signature is not the addr record's", async () => {
      const x = await loadFixture(verifierFixture);
      const node = namehash("alice.eth");
      const profile = sampleProfile(1);
      const signature = await signProfile(x.bob, profile, await x.alice.getAddress());
      await x.resolver.connect(x.alice).setText(node, PROFILE_RECORD_KEY, refShared.createJsonDataUri({ profile, signature }));
      expect(await x.verifier.verifyRecord(node, profile, signature)).to.equal(true);
      expect((await x.verifier.verify(node, profile, signature))[0]).to.equal(false);
    });

    it("returns false from verifyRecord when the resolver cannot answer text()", async () => {
      const x = await loadFixture(verifierFixture);
      const profile = sampleProfile(1);
      expect(await x.verifier.verifyRecord(namehash("eoaresolver.eth"), profile, "0x")).to.equal(false);
    });
  });

  describe("canonical texts, byte for byte with the TypeScript side and the reference library", () => {
    const tricky: Record<string, UserProfile> = {
      "plain, one DS": sampleProfile(1),
      "no delivery service": { ...sampleProfile(1), deliveryServices: [] },
      "unicode DS names (normalized ENS)": {
        ...sampleProfile(1),
        deliveryServices: [ensNormalize("ds.déjà.eth"), ensNormalize("💬.dm3.eth"), ensNormalize("配達.eth"), ensNormalize("ds.ñandú.eth")],
      },
      "JSON escapes": {
        publicEncryptionKey: 'quote" backslash\\ slash/ \b\f\n\r\t',
        publicSigningKey: "\u0000\u0001\u0007\u000b\u000e\u001b\u001f\u007f \u0080 \u2028\u2029 é 😀",
        deliveryServices: ['"', "\\", "\n", "\u001f", "a\u0000b", "", "𝄞"],
      },
    };

    for (const [what, profile] of Object.entries(tricky)) {
      it(`profileJson, profileCreationMessage, profileMessageHash and profileRecord agree: ${what}`, async () => {
        const x = await loadFixture(verifierFixture);
        const account = await x.alice.getAddress();
        const lower = account.toLowerCase();
        const json = stringify(profile);
        expect(refShared.stringify(profile)).to.equal(json);
        expect(await x.verifier.profileJson(profile)).to.equal(json);

        const message = await x.verifier.profileCreationMessage(profile, lower);
        expect(message).to.equal(refProfile.getProfileCreationMessage(json, lower));
        expect(message).to.equal(getProfileCreationMessage(json, lower));
        expect(message).to.contain(`\n${account}\n`); // EIP-55 from the lowercase input
        expect(message.endsWith("}")).to.equal(true);
        expect(await x.verifier.profileMessageHash(profile, lower)).to.equal(hashMessage(message));

        const signature = await signProfile(x.alice, profile);
        expect(await x.verifier.profileRecord(profile, signature)).to.equal(refShared.createJsonDataUri({ profile, signature }));
        expect((await x.verifier.verifyProfile(namehash("alice.eth"), profile, signature))[0]).to.equal(true);
        expect(referenceAccepts({ profile, signature }, account)).to.equal(true);
      });
    }

    it("escapes a special byte at every position across 32-byte word boundaries, and only then", async () => {
      const x = await loadFixture(verifierFixture);
      const lengths = [0, 1, 31, 32, 33, 63, 64, 65, 70];
      const base = (n: number) => "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+/=._-".repeat(2).slice(0, n);
      // Every position; under coverage (instrumented loops) the positions around the word boundaries.
      const positions = underCoverage() ? [0, 1, 30, 31, 32, 33, 62, 63, 64, 65, 69] : Array.from({ length: 70 }, (_, i) => i);
      for (const special of ['"', "\\", "\u0000", "\u001f", "\n", "\u007f", "é", "😀"]) {
        const withSpecial = positions.map((i) => base(i) + special + base(69 - i));
        const profile: UserProfile = { publicEncryptionKey: base(44), publicSigningKey: special, deliveryServices: [...withSpecial, ...lengths.map(base)] };
        expect(await x.verifier.profileJson(profile), JSON.stringify(special)).to.equal(stringify(profile));
      }
    });

    it("agrees with the SDK: signProfile output verifies, toDataUri is the record, verifyProfileSignature gives the same answers", async () => {
      const x = await loadFixture(verifierFixture);
      const signed = await sdkSignProfile(x.alice, sampleProfile(2));
      const node = namehash("alice.eth");
      await x.resolver.connect(x.alice).setText(node, PROFILE_RECORD_KEY, toDataUri(signed));
      expect(await x.verifier.profileRecord(signed.profile, signed.signature)).to.equal(toDataUri(signed));
      expect((await x.verifier.verify(node, signed.profile, signed.signature))[0]).to.equal(true);

      const alice = await x.alice.getAddress();
      const walletAddress = await x.wallet.getAddress();
      const walletSignature = await signProfile(x.carol, signed.profile, walletAddress);
      const cases: [string, SignedUserProfile, string][] = [
        ["valid EOA", signed, alice],
        ["tampered DS list", { ...signed, profile: { ...signed.profile, deliveryServices: ["x.eth"] } }, alice],
        ["other account", signed, await x.bob.getAddress()],
        ["ERC-1271 valid", { profile: signed.profile, signature: walletSignature }, walletAddress],
        ["ERC-1271 wrong key", { profile: signed.profile, signature: await signProfile(x.bob, signed.profile, walletAddress) }, walletAddress],
      ];
      for (const [what, sp, account] of cases) {
        const sdk = await verifyProfileSignature(sp, account, { provider: x.f.provider });
        expect(await x.verifier.checkProfileSignature(sp.profile, account, sp.signature), what).to.equal(sdk.valid);
      }
    });

    it("uses the reference's exact wording and layout", async () => {
      const x = await loadFixture(verifierFixture);
      const profile: UserProfile = { publicEncryptionKey: "E", publicSigningKey: "S", deliveryServices: ["a", "b"] };
      const address = "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a";
      expect(await x.verifier.profileCreationMessage(profile, address)).to.equal(
        "dm3.chat wants you register your dm3 profile with your Ethereum account:\n" +
          "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A\n\n" +
          "This is required only once!\n" +
          "(There is no paid transaction initiated. The signature is used off-chain only.)\n\n" +
          "URI: https://dm3.chat\n" +
          "Version: 1\n" +
          'dm3 Profile: {"deliveryServices":["a","b"],"publicEncryptionKey":"E","publicSigningKey":"S"}',
      );
    });

    it("checks the reference's published vector (key 0x11…11, profile signature from dm3-protocol.md §5.4)", async () => {
      const x = await loadFixture(verifierFixture);
      const wallet = new Wallet("0x" + "11".repeat(32));
      const profile: UserProfile = {
        publicEncryptionKey: "AKnjG3DuQLP1NHE0JsvFDbMqdLN4KCGJ1uekhoEqLA8=",
        publicSigningKey: "tRvDOgdClJateUxaLxB6etLOT+LdPuk6QakgmQ8zFYM=",
        deliveryServices: ["ds.dm3.eth"],
      };
      const signature =
        "0x4b0c4344ee7f72535dab04e788f15d4486811daaffd2e377a6bcfdb3f8bb4bb110f29d012d6029f2e54928de75aaf726daced56f98be43c2ae0187ef24b78a601c";
      expect(referenceAccepts({ profile, signature }, wallet.address)).to.equal(true);
      expect(await x.verifier.checkProfileSignature(profile, wallet.address, signature)).to.equal(true);
      expect(keccak256(toUtf8Bytes(await x.verifier.profileRecord(profile, signature)))).to.equal(
        keccak256(toUtf8Bytes(refShared.createJsonDataUri({ profile, signature }))),
      );
    });
  });

  describe("property: the contract answers like the reference library", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 24 }),
      fc.string({ unit: fc.constantFrom('"', "\\", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "😀", "a", "Z", "+", "/", "="), maxLength: 12 }),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => encodeBase64(b)),
    );
    const profileArb = fc.record({
      publicEncryptionKey: text,
      publicSigningKey: text,
      deliveryServices: fc.array(text, { maxLength: 4 }),
    });
    const tamper = fc.constantFrom(
      "none",
      "encryptionKey",
      "signingKey",
      "addDs",
      "dropDs",
      "reorderDs",
      "flipSignatureByte",
      "otherSigner",
      "recoveryIdV",
      "compact",
      "highS",
    );

    it("checkProfileSignature == checkUserProfileWithAddress, and profileJson == stringify, for random profiles, keys and tampering", async () => {
      const x = await loadFixture(verifierFixture);
      await fc.assert(
        fc.asyncProperty(profileArb, fc.uint8Array({ minLength: 32, maxLength: 32 }), tamper, fc.nat(), async (profile, seed, how, n) => {
          const wallet = new Wallet(keccak256(seed));
          const signature = await wallet.signMessage(creationMessage(profile, wallet.address));
          let p: UserProfile = profile;
          let s = signature;
          const shapes = signatureShapes(signature);
          switch (how) {
            case "encryptionKey": p = { ...profile, publicEncryptionKey: profile.publicEncryptionKey + "x" }; break;
            case "signingKey": p = { ...profile, publicSigningKey: "x" + profile.publicSigningKey }; break;
            case "addDs": p = { ...profile, deliveryServices: [...profile.deliveryServices, "ds.evil.eth"] }; break;
            case "dropDs": p = { ...profile, deliveryServices: profile.deliveryServices.slice(1) }; break;
            case "reorderDs": p = { ...profile, deliveryServices: [...profile.deliveryServices].reverse() }; break;
            case "flipSignatureByte": s = flipByte(signature, n % 65); break;
            case "otherSigner": s = await new Wallet(keccak256(concat([seed, "0x01"]))).signMessage(creationMessage(profile, wallet.address)); break;
            case "recoveryIdV": s = shapes["v as recovery id (0/1)"]; break;
            case "compact": s = shapes["EIP-2098 compact (64 bytes)"]; break;
            case "highS": s = shapes["high s (malleable twin)"]; break;
          }
          const expected = referenceAccepts({ profile: p, signature: s }, wallet.address);
          expect(await x.verifier.checkProfileSignature(p, wallet.address, s), how).to.equal(expected);
          if (how === "none") expect(expected).to.equal(true);
          expect(await x.verifier.profileJson(p)).to.equal(refShared.stringify(p));
        }),
        { numRuns: 30 },
      );
    });

    it("verify through ENS == reference with the addr record, for random profiles published or not", async () => {
      const x = await loadFixture(verifierFixture);
      const node = namehash("alice.eth");
      const alice = await x.alice.getAddress();
      await fc.assert(
        fc.asyncProperty(profileArb, fc.boolean(), fc.boolean(), async (profile, tampered, published) => {
          const signature = await signProfile(x.alice, profile);
          const record = refShared.createJsonDataUri({ profile, signature });
          await x.resolver.connect(x.alice).setText(node, PROFILE_RECORD_KEY, published ? record : "");
          const p = tampered ? { ...profile, deliveryServices: [...profile.deliveryServices, "x"] } : profile;
          const signatureOk = referenceAccepts({ profile: p, signature }, alice);
          const recordOk = (await (await x.f.provider.getResolver("alice.eth"))!.getText(PROFILE_RECORD_KEY)) === refShared.createJsonDataUri({ profile: p, signature });
          const [valid] = await x.verifier.verify(node, p, signature);
          expect((await x.verifier.verifyProfile(node, p, signature))[0]).to.equal(signatureOk);
          expect(await x.verifier.verifyRecord(node, p, signature)).to.equal(recordOk);
          expect(valid).to.equal(signatureOk && recordOk);
        }),
        { numRuns: 15 },
      );
    });
  });
});
