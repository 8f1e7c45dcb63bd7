import { expect } from "chai";
import { TtlCache } from "../../src/shared/ttlCache";
import { expectRejection } from "../helpers/expect";

describe("TtlCache", () => {
  it("keeps values for the TTL, evicts the oldest entry when full, and keeps Infinity entries until evicted", () => {
    let now = 0;
    const cache = new TtlCache<number>(100, () => now, 2);
    cache.set("a", 1);
    cache.set("b", 2, Infinity);
    expect([cache.get("a"), cache.get("b")]).to.deep.equal([1, 2]);
    now = 100;
    expect([cache.get("a"), cache.get("b")]).to.deep.equal([undefined, 2]);
    cache.set("c", 3);
    cache.set("d", 4);
    expect([cache.get("b"), cache.get("c"), cache.get("d"), cache.size]).to.deep.equal([undefined, 3, 4, 2]);
    const off = new TtlCache<number>(0);
    off.set("x", 1);
    expect(off.get("x")).to.equal(undefined);
  });

  it("shares one load between concurrent misses and does not keep failures", async () => {
    const cache = new TtlCache<number>(1_000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return 7;
    };
    expect(await Promise.all([cache.getOrLoad("k", load), cache.getOrLoad("k", load)])).to.deep.equal([7, 7]);
    expect(loads).to.equal(1);
    await expectRejection(cache.getOrLoad("bad", () => Promise.reject(new RangeError("down"))), RangeError);
    expect(await cache.getOrLoad("bad", async () => 8)).to.equal(8);
  });
});
