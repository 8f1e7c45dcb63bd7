import { expect } from "chai";
import fc from "fast-check";
import { ValueNotJsonError } from "../../src/shared/errors";
import { sha256, stringify } from "../../src/shared/json";
import { refShared } from "../fixtures/reference";

describe("shared/json (dm3 canonical JSON)", () => {
  it("sorts keys recursively, drops undefined, keeps array order, no whitespace", () => {
    expect(stringify({ b: 1, a: { d: [3, 1], c: undefined, b: "x" } })).to.equal('{"a":{"b":"x","d":[3,1]},"b":1}');
    expect(stringify("s")).to.equal('"s"');
  });

  it("throws a typed error for values without a JSON form", () => {
    expect(() => stringify(undefined)).to.throw(ValueNotJsonError, /type undefined has no JSON form/).with.property("code", "VALUE_NOT_JSON");
    expect(() => stringify(() => 1)).to.throw(ValueNotJsonError, /function/);
  });

  it("sha256 is 0x + lowercase hex of the UTF-8 bytes", () => {
    expect(sha256("dm3_default_nonce")).to.equal("0xa1b38837dd52e70a250ac2bf3e19f1599833e9d30662bf69a1c12e5747ed9f65");
    expect(sha256("é")).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("equals the reference's stringify and sha256 on arbitrary JSON (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const ours = stringify(value);
        expect(ours).to.equal(refShared.stringify(value));
        expect(sha256(ours)).to.equal(refShared.sha256(ours));
      }),
      { numRuns: 200 },
    );
  });
});
