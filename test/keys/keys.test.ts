import { expect } from "chai";
import { Wallet } from "ethers";
import fc from "fast-check";
import {
  createKeyPair,
  createProfileKeys,
  createSigningKeyPair,
  createStorageKey,
  DEFAULT_NONCE,
  deriveProfileKeys,
  getStorageKeyCreationMessage,
  InvalidKeyMaterialError,
  KeySigningFailedError,
} from "../../src/keys";
import { VECTOR } from "../fixtures/dm3-vectors";
import { refCrypto, refProfile } from "../fixtures/reference";
import { expectRejection } from "../helpers/expect";

describe("keys (dm3 key derivation, dm3-protocol.md §5)", () => {
  const wallet = new Wallet(VECTOR.privateKey);

  it("DEFAULT_NONCE is sha256('dm3_default_nonce') and equals the reference's", () => {
    expect(DEFAULT_NONCE).to.equal(VECTOR.defaultNonce);
    expect(DEFAULT_NONCE).to.equal(refProfile.DEFAULT_NONCE);
  });

  it("builds the exact key-derivation message of the reference", () => {
    for (const nonce of [DEFAULT_NONCE, "0x123", "any nonce"]) {
      expect(getStorageKeyCreationMessage(nonce, wallet.address.toLowerCase())).to.equal(
        refCrypto.getStorageKeyCreationMessage(nonce, wallet.address),
      );
    }
    expect(getStorageKeyCreationMessage("N", wallet.address)).to.match(/^dm3\.chat wants you to sign in with your Ethereum account:\n0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A\n\n/);
    expect(getStorageKeyCreationMessage("N", wallet.address)).to.match(/\nNonce: N$/);
  });

  it("reproduces the §5.4 vectors (signature, storage key, X25519 and Ed25519 pairs)", async () => {
    expect(wallet.address).to.equal(VECTOR.address);
    const sig = await wallet.signMessage(getStorageKeyCreationMessage(DEFAULT_NONCE, wallet.address));
    expect(sig).to.equal(VECTOR.storageKeySignature);
    expect(createStorageKey(sig)).to.equal(VECTOR.storageKey);
    expect(createKeyPair(VECTOR.storageKey)).to.deep.equal(VECTOR.encryptionKeyPair);
    expect(createSigningKeyPair(VECTOR.storageKey)).to.deep.equal(VECTOR.signingKeyPair);
    expect(await deriveProfileKeys(wallet)).to.deep.equal({
      encryptionKeyPair: VECTOR.encryptionKeyPair,
      signingKeyPair: VECTOR.signingKeyPair,
      storageEncryptionKey: VECTOR.storageKey,
      storageEncryptionNonce: DEFAULT_NONCE,
    });
  });

  for (const nonce of [DEFAULT_NONCE, "0x123"]) {
    it(`gives the reference's keys for the same wallet signature (nonce ${nonce.slice(0, 10)})`, async () => {
      const other = Wallet.createRandom();
      const sig = await other.signMessage(refCrypto.getStorageKeyCreationMessage(nonce, other.address));
      const refSeed = await refCrypto.createStorageKey(sig);
      expect(createStorageKey(sig)).to.equal(refSeed);
      expect(createKeyPair(refSeed)).to.deep.equal(await refCrypto.createKeyPair(refSeed));
      expect(createSigningKeyPair(refSeed)).to.deep.equal(await refCrypto.createSigningKeyPair(refSeed));
      expect(createProfileKeys(refSeed, nonce)).to.deep.equal(await refProfile.createProfileKeys(refSeed, nonce));
      expect(await deriveProfileKeys(other, nonce)).to.deep.equal(await refProfile.createProfileKeys(refSeed, nonce));
    });
  }

  it("honours the caller's nonce: another nonce gives other keys", async () => {
    const a = await deriveProfileKeys(wallet, DEFAULT_NONCE);
    const b = await deriveProfileKeys(wallet, "0x123");
    expect(b.storageEncryptionNonce).to.equal("0x123");
    expect(b.storageEncryptionKey).not.to.equal(a.storageEncryptionKey);
    expect(b.signingKeyPair.publicKey).not.to.equal(a.signingKeyPair.publicKey);
  });

  it("agrees with the reference on random seeds (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (bytes) => {
        const seed = Buffer.from(bytes).toString("base64");
        expect(createKeyPair(seed)).to.deep.equal(await refCrypto.createKeyPair(seed));
        expect(createSigningKeyPair(seed)).to.deep.equal(await refCrypto.createSigningKeyPair(seed));
      }),
      { numRuns: 30 },
    );
  });

  it("refuses seeds that are not 32 bytes of standard base64", () => {
    expect(() => createKeyPair(Buffer.alloc(31).toString("base64"))).to.throw(InvalidKeyMaterialError).with.property("code", "KEY_MATERIAL_INVALID");
    expect(() => createSigningKeyPair("not base64!")).to.throw(InvalidKeyMaterialError);
    expect(() => createKeyPair("6v99uQB7s0ga0rFCKRp_6vNW8lrJnzDR-qLU1baJkQ4=")).to.throw(InvalidKeyMaterialError);
    expect(() => createStorageKey("")).to.throw(InvalidKeyMaterialError);
  });

  it("reports a wallet that refuses to sign as KeySigningFailedError", async () => {
    const refusing = new Wallet(VECTOR.privateKey);
    refusing.signMessage = async () => {
      throw new Error("user rejected");
    };
    await expectRejection(deriveProfileKeys(refusing), KeySigningFailedError, /user rejected/);
  });
});
