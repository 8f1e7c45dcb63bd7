/* eslint-disable @typescript-eslint/no-require-imports */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Signer } from "ethers";
import { deriveProfileKeys } from "../../src/keys";
import { buildEnvelope, createMessage } from "../../src/messaging";
import { createProfile, publishDeliveryServiceProfile, publishProfile } from "../../src/profile";
import type { DeliveryServiceProfile, ProfileKeys, SignedUserProfile } from "../../src/profile/types";
import { createGateChecker } from "../../src/gate";
import { deployRuleSets } from "../../deploy/gate";
import {
  CachedChainReader,
  DeliveryServiceClient,
  EnsDirectory,
  SqliteStore,
  startDeliveryService,
  type DeliveryService,
  type DeliveryServiceKeys,
  type DeliveryServiceOptions,
  type EncryptionEnvelope,
  type NpmEncryptionEnvelope,
  type MessageStore,
  type TokenGate,
  tokenGateFromChecker,
} from "../../src/delivery";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { ensFixture, registerName, type EnsFixture } from "../helpers/ens";

// The reference libraries (npm 1.7.1) as oracles and as the sender/receiver side of tests.
export const refMessaging = require("@dm3-org/dm3-lib-messaging");
export const refCryptoLib = require("@dm3-org/dm3-lib-crypto");
export const refServerSide = require("@dm3-org/dm3-lib-server-side");

export { referenceEnvelopeCrypto, refDelivery } from "./referenceCrypto";

export interface TestUser {
  name: string;
  signer: Signer;
  address: string;
  keys: ProfileKeys;
  signedProfile: SignedUserProfile;
}

export interface DeliveryFixture {
  f: EnsFixture;
  users: Record<"alice" | "bob" | "mallory" | "erin", TestUser>;
  /** Registered with an address but no dm3 profile. */
  carol: { name: string; address: string };
  dsKeys: DeliveryServiceKeys;
  /** The seed of `dsKeys` (what DM3_DS_KEY_SEED holds). */
  dsSeed: string;
  dsProfile: DeliveryServiceProfile;
  /** The Dm3RuleSets contract the delivery service's token gate reads (spam settings map onto its rules). */
  ruleSets: string;
}

export const DS_NAME = "ds.dm3.eth";

/**
 * A fresh chain for the files that follow (ENS records outlive a registry redeployment in the
 * same storage): call in an `after` hook of each describe that used {@link deliveryFixture}.
 */
export async function leaveCleanChain(): Promise<void> {
  await reset();
}

/**
 * Genuine ENS with alice, bob, mallory and erin (signed dm3 profiles listing ds.dm3.eth), carol
 * (no profile), ds.dm3.eth publishing the delivery service's profile (keys from account #4) and
 * the token-gate rule-set contract (deployed last: the other addresses stay as they were).
 */
export async function deliveryFixture(): Promise<DeliveryFixture> {
  await reset(); // a fresh chain: earlier files may have left ENS records in the registry's storage
  const f = await ensFixture();
  const dsOwner = f.accounts[4];
  await registerName(f, DS_NAME.split(".").slice(1).join("."), f.accounts[1]);
  await registerName(f, DS_NAME, dsOwner);
  const dsSeedKeys = await deriveProfileKeys(dsOwner);
  const dsKeys = { encryptionKeyPair: dsSeedKeys.encryptionKeyPair, signingKeyPair: dsSeedKeys.signingKeyPair };
  const dsProfile = { publicEncryptionKey: dsKeys.encryptionKeyPair.publicKey, publicSigningKey: dsKeys.signingKeyPair.publicKey, url: "http://127.0.0.1:1" };
  await publishDeliveryServiceProfile(dsOwner, DS_NAME, dsProfile, { ensAddress: f.ens.registry });
  const users = {} as DeliveryFixture["users"];
  const accounts = { alice: 2, bob: 3, mallory: 5, erin: 6 } as const;
  for (const [label, index] of Object.entries(accounts)) {
    const signer = f.accounts[index];
    const name = `${label}.eth`;
    await registerName(f, name, signer);
    const { signedProfile, keys } = await createProfile(signer, [DS_NAME]);
    await publishProfile(signer, name, signedProfile, { ensAddress: f.ens.registry });
    users[label as keyof typeof accounts] = { name, signer, address: await signer.getAddress(), keys, signedProfile };
  }
  await registerName(f, "carol.eth", f.accounts[7]);
  const ruleSets = await deployRuleSets(f.ctx);
  return { f, users, carol: { name: "carol.eth", address: await f.accounts[7].getAddress() }, dsKeys, dsSeed: dsSeedKeys.storageEncryptionKey, dsProfile, ruleSets };
}

/** A message from `from` to `to` in an envelope for the fixture's delivery service, built by the reference library. */
export async function referenceEnvelope(
  fx: DeliveryFixture,
  from: TestUser,
  to: Pick<TestUser, "name" | "signedProfile">,
  text: string,
  options: { claimedFrom?: string; dsProfile?: DeliveryServiceProfile } = {},
): Promise<NpmEncryptionEnvelope> {
  const fromName = options.claimedFrom ?? from.name;
  const message = await refMessaging.createMessage(to.name, fromName, text, from.keys.signingKeyPair.privateKey);
  const { encryptedEnvelop } = await refMessaging.buildEnvelop(message, refCryptoLib.encryptAsymmetric, {
    to: { ensName: to.name, profile: to.signedProfile.profile },
    from: { ensName: fromName, profile: from.signedProfile.profile },
    deliverServiceProfile: options.dsProfile ?? fx.dsProfile,
    keys: from.keys,
  });
  return encryptedEnvelop as NpmEncryptionEnvelope;
}

/** The same with dm3kit's messaging module (git variant, what the running network uses). */
export function sdkEnvelope(fx: DeliveryFixture, from: TestUser, to: Pick<TestUser, "name" | "signedProfile">, text: string): EncryptionEnvelope {
  const message = createMessage(to.name, from.name, text, from.keys.signingKeyPair.privateKey);
  return buildEnvelope(message, {
    from: from.name,
    to: to.name,
    receiverEncryptionKey: to.signedProfile.profile.publicEncryptionKey,
    deliveryService: fx.dsProfile,
    senderSigningKey: from.keys.signingKeyPair.privateKey,
  }).envelope;
}

/** A fresh temporary directory. */
export function tempDir(prefix = "dm3kit-ds-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunningDs {
  ds: DeliveryService;
  client: DeliveryServiceClient;
  store: MessageStore;
}

/** The fixture's token gate as the delivery service uses it (`ttlMs` 0: every check reads the chain; `now` a test clock). */
export function testTokenGate(fx: DeliveryFixture, options: { ttlMs?: number; now?: () => number } = {}): TokenGate {
  return tokenGateFromChecker(createGateChecker({ provider: fx.f.provider, ruleSets: fx.ruleSets, ttlMs: options.ttlMs ?? 0, now: options.now }));
}

/**
 * Starts a delivery service for the fixture (SQLite in a temp dir unless a store is given), silent,
 * with uncached chain reads and the fixture's token gate.
 */
export async function startTestDs(fx: DeliveryFixture, options: Partial<DeliveryServiceOptions> = {}): Promise<RunningDs> {
  const store = options.store ?? SqliteStore.open(tempDir());
  const ds = await startDeliveryService({
    keys: fx.dsKeys,
    store,
    directory: new EnsDirectory(fx.f.provider),
    chain: new CachedChainReader(fx.f.provider, 0),
    tokenGate: testTokenGate(fx),
    logger: "silent",
    name: DS_NAME,
    ...options,
  });
  return { ds, client: new DeliveryServiceClient(ds.url), store };
}

/** Signs `user` up at the delivery service and logs in; returns the auth token. */
export async function signUpAndLogin(client: DeliveryServiceClient, user: TestUser): Promise<string> {
  await client.signUp(user.name, user.signedProfile);
  return client.login(user.name, user.keys.signingKeyPair.privateKey);
}

/** POSTs `body` (a string is sent as is) to `<url>/rpc`; returns the HTTP status and the parsed answer. */
export async function postRpc(url: string, body: unknown): Promise<{ status: number; json: { jsonrpc?: string; id?: unknown; result?: unknown; error?: { code: number; message: string } } }> {
  const res = await fetch(`${url}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as never };
}

/** A dm3_submitMessage request as the reference client sends it (envelope as a JSON string). */
export function submitRequest(envelope: unknown, id: unknown = 1): Record<string, unknown> {
  return { jsonrpc: "2.0", id, method: "dm3_submitMessage", params: [typeof envelope === "string" ? envelope : JSON.stringify(envelope)] };
}
