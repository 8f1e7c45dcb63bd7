import { expect } from "chai";
import { Signature, Wallet } from "ethers";
import { getProfileCreationMessage, verifyProfileSignature } from "../../src/profile";
import { stringify } from "../../src/shared/json";
import { refProfile } from "../fixtures/reference";

// The reference verifies with ethers 5's recoverAddress, which accepts several encodings of the
// same ECDSA signature. A profile the running dm3 network accepts must verify with us too, and
// a signature it rejects must not.
describe("profile signature encodings (same answer as the reference)", () => {
  const wallet = new Wallet("0x" + "11".repeat(32));
  const profile = { deliveryServices: ["ds.dm3.eth"], publicEncryptionKey: "a", publicSigningKey: "b" };
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  let forms: Record<string, string>;

  before(async () => {
    const sig = Signature.from(await wallet.signMessage(getProfileCreationMessage(stringify(profile), wallet.address)));
    const highS = (N - BigInt(sig.s)).toString(16).padStart(64, "0");
    const flipped = sig.v === 27 ? 28 : 27;
    const vByte = (v: number) => v.toString(16).padStart(2, "0");
    forms = {
      "canonical (v 27/28)": sig.serialized,
      "v as 0/1": sig.r + sig.s.slice(2) + vByte(sig.v - 27),
      "v + 2 (29/30)": sig.r + sig.s.slice(2) + vByte(sig.v + 2),
      "EIP-2098 compact (64 bytes)": sig.compactSerialized,
      "high s with the recovery bit flipped": sig.r + highS + vByte(flipped),
      "high s with the recovery bit unchanged (another signer)": sig.r + highS + vByte(sig.v),
      "v = 2 (invalid)": sig.r + sig.s.slice(2) + "02",
      "truncated": sig.serialized.slice(0, 100),
    };
  });

  it("accepts exactly the encodings the reference accepts", async () => {
    const answers = new Set<boolean>();
    for (const [label, signature] of Object.entries(forms)) {
      let reference: boolean;
      try {
        reference = refProfile.checkUserProfileWithAddress({ profile, signature }, wallet.address);
      } catch {
        reference = false;
      }
      const ours = await verifyProfileSignature({ profile, signature }, wallet.address);
      expect(ours.valid, `${label}: ours ${ours.valid} (${ours.reason}), reference ${reference}`).to.equal(reference);
      answers.add(reference);
    }
    // The set is not trivial: the reference accepts some encodings and rejects others.
    expect([...answers].sort()).to.deep.equal([false, true]);
  });
});
