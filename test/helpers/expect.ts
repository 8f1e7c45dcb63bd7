import { expect } from "chai";

/** Asserts that `promise` rejects with an instance of `type` (and a message matching `message`); returns the error. */
export async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error, message?: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(type);
    if (message) expect((e as Error).message).to.match(message);
    return e as Error;
  }
  expect.fail(`expected ${type.name}`);
}
