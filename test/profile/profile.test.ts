import { expect } from "chai";
import { Wallet } from "ethers";
import fc from "fast-check";
import { createProfileKeys, DEFAULT_NONCE } from "../../src/keys";
import { NameNotNormalizedError } from "../../src/names";
import {
  assertDeliveryServiceProfile,
  assertSignedUserProfile,
  createProfile,
  dm3Hash,
  getProfileCreationMessage,
  InvalidAddressError,
  isSignedUserProfile,
  ProfileSigningFailedError,
  readProfileRecord,
  SchemaViolationError,
  signProfile,
  type SignedUserProfile,
  verifyProfileSignature,
} from "../../src/profile";
import { stringify } from "../../src/shared/json";
import { VECTOR } from "../fixtures/dm3-vectors";
import { refProfile } from "../fixtures/reference";
import { expectRejection } from "../helpers/expect";

describe("profile (create, sign, verify; dm3-protocol.md §4)", () => {
  const wallet = new Wallet(VECTOR.privateKey);
  const other = new Wallet("0x" + "22".repeat(32));

  describe("schema", () => {
    const good = { profile: { publicEncryptionKey: "a", publicSigningKey: "b", deliveryServices: ["ds.dm3.eth"] }, signature: "0x" };
    const cases: Array<[string, unknown, RegExp]> = [
      ["an extra field in profile", { ...good, profile: { ...good.profile, avatar: "x" } }, /unexpected field "avatar"/],
      ["an extra top-level field", { ...good, extra: 1 }, /unexpected field "extra"/],
      ["a missing signature", { profile: good.profile }, /missing "signature"/],
      ["a missing delivery-service list", { ...good, profile: { publicEncryptionKey: "a", publicSigningKey: "b" } }, /missing "deliveryServices"/],
      ["a number as key", { ...good, profile: { ...good.profile, publicSigningKey: 1 } }, /publicSigningKey must be string/],
      ["a non-string delivery service", { ...good, profile: { ...good.profile, deliveryServices: [1] } }, /deliveryServices\/0 must be string/],
      ["an array", [], /must be object/],
    ];

    it("accepts a complete SignedUserProfile, like the reference", () => {
      expect(assertSignedUserProfile(good)).to.equal(good);
      expect(refProfile.validateSignedUserProfile(good)).to.equal(true);
    });

    for (const [what, value, message] of cases) {
      it(`refuses ${what} with SchemaViolationError, like the reference`, () => {
        expect(() => assertSignedUserProfile(value)).to.throw(SchemaViolationError, message).with.property("code", "SCHEMA_VIOLATION");
        expect(isSignedUserProfile(value)).to.equal(false);
        expect(refProfile.validateSignedUserProfile(value)).to.equal(false);
      });
    }

    it("checks delivery-service profiles strictly too", () => {
      const ds = { publicSigningKey: "a", publicEncryptionKey: "b", url: "http://127.0.0.1:1" };
      expect(assertDeliveryServiceProfile(ds)).to.equal(ds);
      expect(() => assertDeliveryServiceProfile({ ...ds, extra: true })).to.throw(SchemaViolationError);
      expect(() => assertDeliveryServiceProfile({ publicSigningKey: "a", publicEncryptionKey: "b" })).to.throw(SchemaViolationError, /missing "url"/);
    });
  });

  it("builds the exact profile-creation message of the reference ('wants you register')", () => {
    const p = stringify({ deliveryServices: ["ds.dm3.eth"], publicEncryptionKey: "x", publicSigningKey: "y" });
    expect(getProfileCreationMessage(p, wallet.address.toLowerCase())).to.equal(refProfile.getProfileCreationMessage(p, wallet.address));
    expect(getProfileCreationMessage(p, wallet.address)).to.match(/^dm3\.chat wants you register your dm3 profile with your Ethereum account:\n/);
    expect(getProfileCreationMessage(p, wallet.address)).to.match(/\ndm3 Profile: \{"deliveryServices".*\}$/);
  });

  it("reproduces the §5.4 profile signature and dm3Hash", async () => {
    const { signedProfile, keys, record } = await createProfile(wallet, [...VECTOR.deliveryServices]);
    expect(signedProfile.signature).to.equal(VECTOR.profileSignature);
    expect(signedProfile.profile).to.deep.equal({
      publicEncryptionKey: VECTOR.encryptionKeyPair.publicKey,
      publicSigningKey: VECTOR.signingKeyPair.publicKey,
      deliveryServices: VECTOR.deliveryServices,
    });
    expect(keys.storageEncryptionKey).to.equal(VECTOR.storageKey);
    expect(dm3Hash(signedProfile)).to.equal(VECTOR.signedProfileDm3Hash);
    expect(record).to.equal("data:application/json," + stringify(signedProfile));
  });

  for (const nonce of [DEFAULT_NONCE, "0x123"]) {
    it(`the reference accepts profiles we create (nonce ${nonce.slice(0, 10)})`, async () => {
      const { signedProfile } = await createProfile(other, ["ds.dm3.eth", "backup-ds.eth"], { nonce });
      expect(refProfile.checkUserProfileWithAddress(signedProfile, other.address)).to.equal(true);
      expect(refProfile.checkUserProfileWithAddress(signedProfile, wallet.address)).to.equal(false);
      expect(await verifyProfileSignature(signedProfile, other.address)).to.deep.equal({ valid: true, method: "eoa" });
    });
  }

  it("accepts profiles the reference creates, with identical keys and signature", async () => {
    const ref = await refProfile.createProfile(wallet.address, ["ds.dm3.eth"], undefined, {
      signer: (msg: string) => wallet.signMessage(msg),
    });
    const signed = ref.signedProfile as SignedUserProfile;
    expect(await verifyProfileSignature(signed, wallet.address)).to.deep.equal({ valid: true, method: "eoa" });
    const ours = await createProfile(wallet, ["ds.dm3.eth"]);
    expect(ours.signedProfile).to.deep.equal(signed);
    expect(ours.keys).to.deep.equal(ref.keys);
  });

  it("reports a profile signed by another account as a wrong signer", async () => {
    const { signedProfile } = await createProfile(other, ["ds.dm3.eth"]);
    // The message names the claimed account; another key signing it is named as the signer.
    const forged = await signProfile(other, signedProfile.profile, { account: wallet.address });
    const result = await verifyProfileSignature(forged, wallet.address);
    expect(result).to.include({ valid: false, method: "eoa" });
    expect(result.reason).to.match(new RegExp(`wrong signer: signed by ${other.address}, expected ${wallet.address}`));
    // other's own profile checked against wallet: the message differs, so an unrelated address recovers.
    expect((await verifyProfileSignature(signedProfile, wallet.address)).valid).to.equal(false);
    expect(refProfile.checkUserProfileWithAddress(forged, wallet.address)).to.equal(false);
  });

  it("reports a tampered profile and a malformed signature as invalid", async () => {
    const { signedProfile } = await createProfile(wallet, ["ds.dm3.eth"]);
    const tampered = { ...signedProfile, profile: { ...signedProfile.profile, deliveryServices: ["evil.eth"] } };
    expect((await verifyProfileSignature(tampered, wallet.address)).valid).to.equal(false);
    const short = await verifyProfileSignature({ ...signedProfile, signature: "0x1234" }, wallet.address);
    expect(short).to.include({ valid: false, method: "eoa" });
    expect(short.reason).to.match(/not a valid 65-byte ECDSA signature/);
    expect((await verifyProfileSignature({ ...signedProfile, signature: "hello" }, wallet.address)).reason).to.match(/not 0x-hex/);
  });

  it("throws typed errors for a non-profile or a non-address", async () => {
    const { signedProfile } = await createProfile(wallet, ["ds.dm3.eth"]);
    await expectRejection(verifyProfileSignature({ ...signedProfile, extra: 1 } as never, wallet.address), SchemaViolationError);
    await expectRejection(verifyProfileSignature(signedProfile, "0x1234"), InvalidAddressError);
  });

  it("refuses unnormalized delivery-service names", async () => {
    await expectRejection(createProfile(wallet, ["DS.dm3.eth"]), NameNotNormalizedError);
  });

  it("wraps a wallet's refusal to sign the profile in ProfileSigningFailedError", async () => {
    const keys = createProfileKeys(VECTOR.storageKey, DEFAULT_NONCE);
    const refusing = new Wallet(VECTOR.privateKey);
    refusing.signMessage = async () => {
      throw new Error("user rejected");
    };
    await expectRejection(createProfile(refusing, ["ds.dm3.eth"], { keys }), ProfileSigningFailedError);
    await expectRejection(
      signProfile(wallet, { publicEncryptionKey: "a", publicSigningKey: "b" } as never),
      SchemaViolationError,
    );
  });

  it("create → record → read → verify round-trips; any tampering is caught (property)", async () => {
    const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}[a-z0-9]$/).filter((l) => !/^..--/.test(l));
    const dsName = fc.tuple(label, fc.constantFrom("eth", "dm3.eth", "gno")).map(([l, tld]) => `${l}.${tld}`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(dsName, { maxLength: 4 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat({ max: 64 }),
        async (deliveryServices, seed, flip) => {
          const keys = createProfileKeys(Buffer.from(seed).toString("base64"), DEFAULT_NONCE);
          const { signedProfile, record } = await createProfile(other, deliveryServices, { keys });
          const read = await readProfileRecord(record);
          expect(read).to.deep.equal({ format: "data", signedProfile });
          expect((await verifyProfileSignature(read.signedProfile, other.address)).valid).to.equal(true);
          expect(refProfile.checkUserProfileWithAddress(read.signedProfile, other.address)).to.equal(true);

          const p = signedProfile.profile;
          const tamperedProfiles = [
            { ...p, deliveryServices: [...p.deliveryServices, "evil.eth"] },
            { ...p, publicEncryptionKey: keys.signingKeyPair.publicKey },
            { ...p, publicSigningKey: keys.encryptionKeyPair.publicKey },
          ];
          for (const profile of tamperedProfiles) {
            expect((await verifyProfileSignature({ profile, signature: signedProfile.signature }, other.address)).valid).to.equal(false);
          }
          // Flip one hex digit of r or s: either unrecoverable or another signer.
          const at = 2 + flip;
          const digit = signedProfile.signature[at];
          const flipped = signedProfile.signature.slice(0, at) + (digit === "0" ? "1" : "0") + signedProfile.signature.slice(at + 1);
          expect((await verifyProfileSignature({ profile: p, signature: flipped }, other.address)).valid).to.equal(false);
        },
      ),
      { numRuns: 25 },
    );
  });
});
