import { HDNodeWallet, type Signer } from "ethers";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { parseUnits } from "ethers";
import { spawnChild, type Child } from "../helpers/process";
import { Dm3BillboardAnchor__factory, Dm3GateTestERC20__factory } from "../../typechain-types";
import { deployBillboardAnchor } from "../../deploy/billboard";
import { deployRuleSets } from "../../deploy/gate";
import { ensureName } from "../../deploy/names";
import { createRuleSet, createGateChecker, erc20Balance, allOf } from "../../src/gate";
import { createProfile, publishDeliveryServiceProfile, publishProfile } from "../../src/profile";
import type { ProfileKeys } from "../../src/profile/types";
import { namehash } from "../../src/names";
import { EnsDirectory, SqliteStore, tokenGateFromChecker, type MessageStore } from "../../src/delivery";
import { startBillboardService, type BillboardService, type BillboardServiceOptions } from "../../src/billboardService";
import { BillboardServiceClient } from "../../src/billboard";
import { ensFixture, registerName, type EnsFixture } from "../helpers/ens";
import { freePort } from "../helpers/process";
import { tempDir } from "../delivery/fixtures";

/** The open billboard and the token-gated one, both served by one service published as billboard.dm3.eth's delivery service. */
export const BOARD = "billboard.dm3.eth";
export const GATED = "gated.dm3.eth";
/** Tokens a poster of the gated billboard needs (18 decimals). */
export const GATE_MIN = 100n;

export interface ServiceUser {
  name: string;
  signer: Signer;
  address: string;
  keys: ProfileKeys;
}

export interface ServiceFixture extends EnsFixture {
  anchorAddress: string;
  ruleSets: string;
  ruleSetId: string;
  /** Keys of billboard.dm3.eth's (and gated.dm3.eth's) owner, account #6: profile and delivery-service keys. */
  boardKeys: ProfileKeys;
  owner: Signer;
  /** alice (mediator of both billboards on and off chain, 500 tokens), bob (0 tokens), mallory, erin (mediator of the gated billboard only). */
  users: Record<"alice" | "bob" | "mallory" | "erin", ServiceUser>;
  /** Where the service must listen: the URL billboard.dm3.eth's delivery-service profile publishes. */
  port: number;
}

/**
 * Genuine ENS with billboard.dm3.eth and gated.dm3.eth (account #6; dm3 profiles listing
 * billboard.dm3.eth as their delivery service, which publishes a delivery-service profile with
 * the service's URL), four posters with dm3 profiles, the anchor contract (alice approved as
 * mediator of both billboards), and Dm3RuleSets with a rule set "at least 100 GATE" that alice
 * passes and bob fails.
 */
export async function serviceFixture(): Promise<ServiceFixture> {
  const f = await ensFixture();
  const [deployer, dm3Owner, aliceSigner, bobSigner, erinSigner, mallorySigner, owner] = f.accounts;
  await registerName(f, "dm3.eth", dm3Owner);
  for (const name of [BOARD, GATED]) await ensureName(f.ctx, f.ens, { name, owner, reverse: false });
  const port = await freePort();
  const boardKeys = (await createProfile(owner, [BOARD])).keys;
  for (const name of [BOARD, GATED]) {
    const { signedProfile } = await createProfile(owner, [BOARD]);
    await publishProfile(owner, name, signedProfile, { ensAddress: f.ens.registry });
  }
  await publishDeliveryServiceProfile(
    owner,
    BOARD,
    { publicEncryptionKey: boardKeys.encryptionKeyPair.publicKey, publicSigningKey: boardKeys.signingKeyPair.publicKey, url: `http://127.0.0.1:${port}` },
    { ensAddress: f.ens.registry },
  );

  const users = {} as ServiceFixture["users"];
  const signers = { alice: aliceSigner, bob: bobSigner, erin: erinSigner, mallory: mallorySigner } as const;
  for (const [label, signer] of Object.entries(signers)) {
    const name = `${label}.eth`;
    await registerName(f, name, signer);
    const { signedProfile, keys } = await createProfile(signer, [BOARD]);
    await publishProfile(signer, name, signedProfile, { ensAddress: f.ens.registry });
    users[label as keyof typeof signers] = { name, signer, address: await signer.getAddress(), keys };
  }

  const anchorAddress = await deployBillboardAnchor(f.ctx, f.ens);
  const anchor = Dm3BillboardAnchor__factory.connect(anchorAddress, owner);
  for (const name of [BOARD, GATED]) await (await anchor.addMediator(namehash(name), users.alice.address)).wait();

  const ruleSets = await deployRuleSets(f.ctx);
  const token = await new Dm3GateTestERC20__factory(deployer).deploy("Gate Test", "GATE");
  await (await token.mint(users.alice.address, parseUnits("500", 18))).wait();
  const { ruleSetId } = await createRuleSet(deployer, ruleSets, allOf(erc20Balance(await token.getAddress(), { min: parseUnits(GATE_MIN.toString(), 18) })));
  return { ...f, anchorAddress, ruleSets, ruleSetId: ruleSetId.toString(), boardKeys, owner, users, port };
}

export interface RunningService {
  service: BillboardService;
  client: BillboardServiceClient;
  store: MessageStore;
}

/**
 * Starts the billboard service for the fixture on its published port: both billboards (alice
 * mediates both, erin the gated one), SQLite in a temp dir unless a store is given, anchored by
 * alice with batches of 4 and no timer (tests flush), silent.
 */
export async function startTestService(fx: ServiceFixture, options: Partial<BillboardServiceOptions> = {}): Promise<RunningService> {
  const store = options.store ?? SqliteStore.open(tempDir("dm3kit-bb-service-"));
  const service = await startBillboardService({
    billboards: [
      { name: BOARD, encryptionKeyPair: fx.boardKeys.encryptionKeyPair, mediators: ["alice.eth"], displayName: "dm3kit test wall", minPostIntervalSeconds: 30 },
      { name: GATED, encryptionKeyPair: fx.boardKeys.encryptionKeyPair, mediators: ["alice.eth", "erin.eth"], ruleSetId: fx.ruleSetId },
    ],
    deliveryServiceKeys: { encryptionKeyPair: fx.boardKeys.encryptionKeyPair, signingKeyPair: fx.boardKeys.signingKeyPair },
    store,
    directory: new EnsDirectory(fx.provider, { ttlMs: 0, negativeTtlMs: 0 }),
    tokenGate: tokenGateFromChecker(createGateChecker({ provider: fx.provider, ruleSets: fx.ruleSets, ttlMs: 0 })),
    anchoring: { signer: fx.users.alice.signer, anchor: fx.anchorAddress, batchSize: 4, batchIntervalMs: 0 },
    port: fx.port,
    logger: "silent",
    ...options,
  });
  return { service, client: new BillboardServiceClient(service.url), store };
}

/**
 * For a describe block: a function that starts the service for a test (see {@link startTestService})
 * and closes it after the test; the chain is reset after the block (ENS records outlive a redeployment).
 */
export function serviceUnderTest(): (fx: ServiceFixture, options?: Partial<BillboardServiceOptions>) => Promise<RunningService> {
  const running: RunningService[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.service.close();
  });
  after(() => reset());
  return async (fx, options) => {
    const r = await startTestService(fx, options);
    running.push(r);
    return r;
  };
}

/** Hardhat's default account #2 (alice, the billboards' mediator): its key is public, for local tests only. */
export const ALICE_TEST_KEY = HDNodeWallet.fromPhrase("test test test test test test test test test test test junk", undefined, "m/44'/60'/0'/0/2").privateKey;

/**
 * Starts the billboard service for billboard.dm3.eth in its own process (test/billboard/serviceChild.ts)
 * on the fixture's published port, anchored by alice, over the chain served at `rpcUrl`.
 * @param storage SQLite directory or PostgreSQL URL
 * @param env more BB_* settings (BB_BATCH_SIZE, BB_BATCH_INTERVAL_MS, BB_CRASH_AT)
 */
export function startServiceChild(fx: ServiceFixture, rpcUrl: string, storage: { dataDir?: string; databaseUrl?: string }, env: Record<string, string>): Child {
  return spawnChild(process.execPath, ["-r", "ts-node/register/transpile-only", "test/billboard/serviceChild.ts"], {
    BB_RPC_URL: rpcUrl,
    BB_PORT: String(fx.port),
    BB_BILLBOARD: BOARD,
    BB_KEY_SEED: fx.boardKeys.storageEncryptionKey,
    BB_ANCHOR_KEY: ALICE_TEST_KEY,
    BB_ANCHOR: fx.anchorAddress,
    ...(storage.dataDir ? { BB_DATA_DIR: storage.dataDir } : { BB_DATABASE_URL: storage.databaseUrl! }),
    ...env,
  });
}
