import { ed25519 } from "@noble/curves/ed25519";
import { decodeBase64, encodeBase64, toUtf8Bytes, type Signer } from "ethers";
import { Dm3BillboardAnchor, Dm3BillboardAnchor__factory } from "../../typechain-types";
import { deployBillboardAnchor } from "../../deploy/billboard";
import { ensureName } from "../../deploy/names";
import { deriveProfileKeys } from "../../src/keys";
import { stringify } from "../../src/shared/json";
import type { BillboardMessage } from "../../src/billboard";
import { ensFixture, registerName, type EnsFixture } from "../helpers/ens";

/** The billboard the tests post to, its owner's account index, and a second billboard. */
export const BILLBOARD = "billboard.dm3.eth";
export const OTHER_BILLBOARD = "other.dm3.eth";
/** Fixed message times (ms), so roots and gas figures do not depend on the clock. */
export const T0 = 1_750_000_000_000;

/** Someone who posts: a name and the Ed25519 seed of its dm3 profile signing key. */
export interface Poster {
  name: string;
  publicSigningKey: string;
  seed: Uint8Array;
}

export interface BillboardFixture extends EnsFixture {
  anchor: Dm3BillboardAnchor;
  anchorAddress: string;
  /** ENS owner of billboard.dm3.eth (account 6). */
  owner: Signer;
  /** ENS owner of other.dm3.eth (account 3). */
  otherOwner: Signer;
  /** Accounts with no rights (mediator candidates, strangers). */
  mediator: Signer;
  stranger: Signer;
  alice: Poster;
  bob: Poster;
}

/** ENS with `dm3.eth` (account 1), the two billboards, alice.eth and bob.eth, and the anchor contract deployed by `deploy/billboard.ts`. */
export async function billboardFixture(): Promise<BillboardFixture> {
  const f = await ensFixture();
  const [, dm3Owner, alice, bob, , mediator, owner, stranger] = f.accounts;
  await registerName(f, "dm3.eth", dm3Owner);
  // No reverse record: the billboard's name needs none, and account 6's reverse node stays untouched
  // for the ENS gas test that measures a first setName with it.
  await ensureName(f.ctx, f.ens, { name: BILLBOARD, owner, reverse: false });
  await registerName(f, OTHER_BILLBOARD, bob);
  await registerName(f, "alice.eth", alice);
  await registerName(f, "bob.eth", bob);
  const anchorAddress = await deployBillboardAnchor(f.ctx, f.ens);
  return {
    ...f,
    anchor: Dm3BillboardAnchor__factory.connect(anchorAddress, owner),
    anchorAddress,
    owner,
    otherOwner: bob,
    mediator,
    stranger,
    alice: await poster(alice, "alice.eth"),
    bob: await poster(bob, "bob.eth"),
  };
}

/** A poster whose signing key is derived from `signer`'s wallet signature, as the dm3 app does. */
export async function poster(signer: Signer, name: string): Promise<Poster> {
  const keys = await deriveProfileKeys(signer);
  return { name, publicSigningKey: keys.signingKeyPair.publicKey, seed: decodeBase64(keys.signingKeyPair.privateKey).slice(0, 32) as Uint8Array };
}

/** A dm3 message (type NEW) from `from` to `to`, signed as dm3 signs: Ed25519 over `stringify(message without signature)`. */
export function signedMessage(from: Poster, to: string, text: string, timestamp: number): BillboardMessage {
  const unsigned = { message: text, metadata: { to, from: from.name, timestamp, type: "NEW" } };
  const signature = encodeBase64(ed25519.sign(toUtf8Bytes(stringify(unsigned)), from.seed));
  return { ...unsigned, signature };
}

/** `count` messages to `to`, alternating between `posters`, one millisecond apart from `start`. */
export function signedMessages(posters: Poster[], to: string, count: number, start = T0): BillboardMessage[] {
  return Array.from({ length: count }, (_, i) => signedMessage(posters[i % posters.length], to, `post #${i}`, start + i));
}
