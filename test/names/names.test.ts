import { expect } from "chai";
import { dnsEncode as ethersDnsEncode, namehash as ethersNamehash } from "ethers";
import {
  assertNormalized,
  dnsEncode,
  EmptyNameError,
  InvalidNameError,
  isNormalized,
  namehash,
  NameNotNormalizedError,
  NameTooLongError,
  normalizeName,
} from "../../src/names";

describe("names (ENSIP-15)", () => {
  it("accepts a normalized name unchanged", () => {
    expect(assertNormalized("alice.eth")).to.equal("alice.eth");
    expect(assertNormalized("💩.eth")).to.equal("💩.eth");
    expect(isNormalized("ds.dm3.eth")).to.equal(true);
  });

  it("refuses an unnormalized name and shows its normalized form", () => {
    try {
      assertNormalized("Alice.ETH");
      expect.fail("no error");
    } catch (e) {
      expect(e).to.be.instanceOf(NameNotNormalizedError);
      const err = e as NameNotNormalizedError;
      expect(err.code).to.equal("NAME_NOT_NORMALIZED");
      expect(err.normalized).to.equal("alice.eth");
      expect(err.message).to.contain('"alice.eth"');
    }
    expect(isNormalized("Alice.eth")).to.equal(false);
  });

  it("normalizes typed input (ethers ensNormalize)", () => {
    expect(normalizeName("ALICE.eth")).to.equal("alice.eth");
  });

  it("refuses the empty name with a typed error", () => {
    expect(() => assertNormalized("")).to.throw(EmptyNameError).with.property("code", "NAME_EMPTY");
    expect(() => namehash("")).to.throw(EmptyNameError);
  });

  it("refuses names ENSIP-15 rejects (empty label, disallowed character)", () => {
    expect(() => assertNormalized("a..eth")).to.throw(InvalidNameError).with.property("code", "NAME_INVALID");
    expect(() => assertNormalized("a b.eth")).to.throw(InvalidNameError);
    expect(() => dnsEncode("bad\u0000.eth")).to.throw(InvalidNameError);
  });

  it("namehash and dnsEncode equal ethers' for normalized names", () => {
    for (const name of ["eth", "alice.eth", "ds.dm3.eth", "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a.addr.dm3.eth"]) {
      expect(namehash(name)).to.equal(ethersNamehash(name));
      expect(dnsEncode(name)).to.equal(ethersDnsEncode(name, 255));
    }
    expect(dnsEncode("alice.eth")).to.equal("0x05616c6963650365746800");
  });

  it("namehash and dnsEncode refuse unnormalized names", () => {
    expect(() => namehash("Alice.eth")).to.throw(NameNotNormalizedError);
    expect(() => dnsEncode("Alice.eth")).to.throw(NameNotNormalizedError);
  });

  it("accepts a 255-byte DNS name and refuses a 256-byte one", () => {
    // Three 63-byte labels (3 × 64 bytes with their length bytes) + a 61-byte label (62) + the final 0 = 255.
    const label = "a".repeat(63);
    const fits = [label, label, label, "b".repeat(61)].join(".");
    expect(dnsEncode(fits).length).to.equal(2 + 2 * 255);
    const over = [label, label, label, "b".repeat(62)].join(".");
    expect(() => dnsEncode(over)).to.throw(NameTooLongError).with.property("byteLength", 256);
    // Labels longer than DNS's 63 bytes are fine in ENS, as long as the whole name fits.
    expect(() => dnsEncode("c".repeat(100) + ".eth")).not.to.throw();
    expect(() => dnsEncode("c".repeat(300) + ".eth")).to.throw(NameTooLongError);
  });
});
