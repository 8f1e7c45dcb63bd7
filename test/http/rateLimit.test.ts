import { expect } from "chai";
import { DEFAULT_RATE_LIMIT, RateLimitConfigError, RateLimiter, clientKey } from "../../src/http";

describe("RateLimiter: a token bucket per client, bounded memory", () => {
  it("lets a client send its burst at once, then refuses with the time until the next request, and refills at perSecond", () => {
    let t = 1_000_000;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => t);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).to.deep.equal([0, 0, 0]);
    expect(limiter.take("a")).to.equal(500); // one token every 500 ms
    t += 499;
    expect(limiter.take("a")).to.equal(1);
    t += 1;
    expect(limiter.take("a")).to.equal(0);
    expect(limiter.take("a")).to.equal(500);
    t += 60_000; // a long pause refills to the burst, not beyond
    expect(Array.from({ length: 4 }, () => limiter.take("a"))).to.deep.equal([0, 0, 0, 500]);
  });

  it("keeps separate buckets per client", () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, () => 0);
    expect(limiter.take("a")).to.equal(0);
    expect(limiter.take("a")).to.equal(1000);
    expect(limiter.take("b")).to.equal(0);
    expect(limiter.take("b")).to.equal(1000);
  });

  it("tracks at most maxClients, forgetting the least recently seen first", () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1, maxClients: 3 }, () => 0);
    for (const c of ["a", "b", "c"]) limiter.take(c);
    limiter.take("a"); // refused, but seen: b is now the least recently seen
    for (let i = 0; i < 1000; i++) limiter.take(`flood-${i % 2}`);
    expect(limiter.clients).to.equal(3);
    expect(limiter.take("a")).to.equal(1000); // still tracked (empty bucket)
    expect(limiter.take("b")).to.equal(0); // forgotten: a full bucket again
    expect(limiter.clients).to.equal(3);
  });

  it("takes the defaults for missing settings and refuses settings out of range", () => {
    expect(new RateLimiter({ burst: 5 }).options).to.deep.equal({ ...DEFAULT_RATE_LIMIT, burst: 5 });
    for (const bad of [{ perSecond: 0 }, { perSecond: -1 }, { perSecond: Number.NaN }, { burst: 0.5 }, { maxClients: 0 }, { maxClients: 1.5 }]) {
      expect(() => new RateLimiter(bad), JSON.stringify(bad)).to.throw(RateLimitConfigError);
    }
  });
});

describe("clientKey: whose address a request counts against", () => {
  it("ignores X-Forwarded-For unless the proxy is trusted", () => {
    expect(clientKey("10.0.0.1", "203.0.113.9")).to.equal("10.0.0.1");
    expect(clientKey("10.0.0.1", "203.0.113.9", false)).to.equal("10.0.0.1");
    expect(clientKey("10.0.0.1", "203.0.113.9", 0)).to.equal("10.0.0.1");
  });

  it("with trusted proxies, takes the entry the nearest trusted proxy appended (not what the client sent), falling back to the peer for garbage", () => {
    // The client sent "1.1.1.1" itself; the proxy appended the address it saw.
    expect(clientKey("10.0.0.1", "1.1.1.1, 203.0.113.9", true)).to.equal("203.0.113.9");
    expect(clientKey("10.0.0.1", ["1.1.1.1", "203.0.113.9, 10.0.0.2"], 2)).to.equal("203.0.113.9");
    expect(clientKey("10.0.0.1", "203.0.113.9", 3)).to.equal("203.0.113.9"); // fewer entries than proxies: the first
    expect(clientKey("10.0.0.1", "not-an-address", true)).to.equal("10.0.0.1");
    expect(clientKey("10.0.0.1", "", true)).to.equal("10.0.0.1");
    expect(clientKey("10.0.0.1", undefined, true)).to.equal("10.0.0.1");
  });

  it("counts an IPv4-mapped address as IPv4 and an IPv6 address by its /64", () => {
    expect(clientKey("::ffff:127.0.0.1", undefined)).to.equal("127.0.0.1");
    expect(clientKey("2001:db8:1:2:aaaa::1", undefined)).to.equal("2001:db8:1:2::/64");
    expect(clientKey("2001:0db8:0001:0002:ffff:1:2:3", undefined)).to.equal("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1", undefined)).to.equal("2001:db8:0:0::/64");
    expect(clientKey("::1", undefined)).to.equal("0:0:0:0::/64");
    expect(clientKey("fe80::1%eth0", undefined)).to.equal("fe80:0:0:0::/64");
    expect(clientKey("64:ff9b::192.0.2.1", undefined)).to.equal("64:ff9b:0:0::/64");
    expect(clientKey("10.0.0.1", "2001:db8:1:2::7", true)).to.equal("2001:db8:1:2::/64");
    expect(clientKey(undefined, undefined)).to.equal("unknown");
  });
});
