import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { io as connect, type Socket } from "socket.io-client";
import { hashMessage } from "ethers";
import { sha256, stringify } from "../../src/shared/json";
import { DeliveryRequestError, RPC_ERROR, type EncryptionEnvelope } from "../../src/delivery";
import {
  deliveryFixture,
  postRpc,
  referenceEnvelope,
  refCryptoLib,
  refMessaging,
  signUpAndLogin,
  startTestDs,
  submitRequest,
  type RunningDs,
} from "./fixtures";

function waitFor<T>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe("delivery service: submit, fetch, acknowledge (reference interop)", function () {
  this.timeout(60_000);
  let run: RunningDs | undefined;
  afterEach(async () => {
    await run?.ds.close();
    run = undefined;
  });

  it("an envelope built by the reference library reaches bob's inbox with a postmark, and bob's reference client decrypts and verifies it", async () => {
    const fx = await loadFixture(deliveryFixture);
    const { alice, bob } = fx.users;
    run = await startTestDs(fx);
    const token = await signUpAndLogin(run.client, bob);
    const envelope = await referenceEnvelope(fx, alice, bob, "hello bob");

    const answer = await postRpc(run.ds.url, submitRequest(envelope, 7));
    expect(answer).to.deep.equal({ status: 200, json: { jsonrpc: "2.0", id: 7, result: "success" } });

    const inbox = await run.client.incoming(bob.name, token);
    expect(inbox).to.have.length(1);
    const stored = inbox[0];
    expect(stored.message).to.equal(envelope.message);
    expect(stored.metadata.deliveryInformation).to.deep.equal({ to: bob.name, from: alice.name });
    // The reference receiver: decrypt message and postmark, check the sender's signature and the DS's postmark signature.
    const opened = await refMessaging.decryptEnvelop(stored, bob.keys.encryptionKeyPair);
    expect(opened.message.message).to.equal("hello bob");
    expect(await refMessaging.checkMessageSignature(opened.message, alice.signedProfile.profile.publicSigningKey, alice.name)).to.equal(true);
    const { signature, ...postmark } = opened.postmark as { signature: string; messageHash: string; incommingTimestamp: number };
    expect(postmark.messageHash).to.equal(hashMessage(stringify(envelope.message)));
    expect(postmark.incommingTimestamp).to.be.closeTo(Date.now(), 60_000);
    expect(await refCryptoLib.checkSignature(fx.dsKeys.signingKeyPair.publicKey, sha256(stringify(postmark)), signature)).to.equal(true);
  });
});
