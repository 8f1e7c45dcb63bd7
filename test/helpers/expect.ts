import { expect } from "chai";

/**
 * The one way tests assert that an async call fails: `promise` must reject with an instance of
 * `type` (and a message matching `message`). Returns the error, typed, for further checks
 * (`code`, fields). Fails when the promise resolves. Contract reverts keep hardhat-chai-matchers'
 * `revertedWithCustomError`; synchronous throws keep chai's `.to.throw`.
 */
export async function expectRejection<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T, message?: RegExp): Promise<T> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(type);
    if (message) expect((e as Error).message).to.match(message);
    return e as T;
  }
  expect.fail(`expected a rejection with ${type.name}, but the promise resolved`);
}
