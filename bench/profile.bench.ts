/* eslint-disable @typescript-eslint/no-require-imports */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import os from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { createDeployContext } from "../deploy/context";
import { deployEns } from "../deploy/ens";
import { emptyManifest } from "../deploy/manifest";
import { ensureName } from "../deploy/names";
import { ensureUserProfile } from "../deploy/demoProfiles";
import { ensBrowserProvider } from "../src/ens/provider";
import { createProfileKeys, createStorageKey, DEFAULT_NONCE } from "../src/keys";
import { createProfile, resolveProfile, verifyProfileSignature } from "../src/profile";
import { compareThroughput, CountingProvider, throughput, type Comparison } from "./util";

export const description =
  "dm3 profiles: signature verification and key derivation throughput, ours vs the reference (@dm3-org 1.7.1), and JSON-RPC requests of resolveProfile";

const refProfile = require("@dm3-org/dm3-lib-profile");
const refCrypto = require("@dm3-org/dm3-lib-crypto");

/** Alternating rounds per comparison: the ratio reported is the median round's. */
const ROUNDS = 5;

/** Adds the goal for a comparison and whether this run met it. */
function goal(c: Comparison, target: number): Comparison & { goal: number; met: boolean } {
  return { ...c, goal: target, met: c.oursOverReference >= target };
}

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  // Offline parts: one fixed wallet and profile, both implementations in this process.
  const wallet = new Wallet("0x" + "11".repeat(32));
  const { signedProfile } = await createProfile(wallet, ["ds.dm3.eth"]);
  const sigHex = await wallet.signMessage(refCrypto.getStorageKeyCreationMessage(DEFAULT_NONCE, wallet.address));

  const verify = await compareThroughput(
    ROUNDS,
    { iterations: 100, fn: () => verifyProfileSignature(signedProfile, wallet.address) },
    { iterations: 100, fn: () => refProfile.checkUserProfileWithAddress(signedProfile, wallet.address) },
  );
  const keys = await compareThroughput(
    ROUNDS,
    { iterations: 100, fn: () => createProfileKeys(createStorageKey(sigHex), DEFAULT_NONCE) },
    { iterations: 100, fn: async () => refProfile.createProfileKeys(await refCrypto.createStorageKey(sigHex), DEFAULT_NONCE) },
  );

  // resolveProfile on the genuine ENS: count JSON-RPC requests of one resolution.
  const ctx = await createDeployContext(hre, emptyManifest("bench", 31337), path.join(os.tmpdir(), "dm3kit-bench-profile.json"));
  const ens = await deployEns(ctx);
  await ensureName(ctx, ens, { name: "alice.eth", owner: ctx.accounts[2] });
  await ensureUserProfile(ctx, ens, "alice.eth", ctx.accounts[2], ["ds.dm3.eth"]);
  const counting = new CountingProvider(hre.network.provider);
  const provider = ensBrowserProvider(counting, 31337);
  await provider.getNetwork();
  counting.reset();
  const resolved = await resolveProfile(provider, "alice.eth");
  if (!resolved.valid) throw new Error(`bench setup: alice.eth did not verify: ${resolved.reason}`);
  const requests = counting.total();
  const byMethod = Object.fromEntries(counting.counts);
  const resolveTiming = await throughput(30, () => resolveProfile(provider, "alice.eth"));

  return {
    rounds: ROUNDS,
    verifyProfileSignature: goal(verify, 2),
    keyDerivationFromSignature: goal(keys, 1),
    resolveProfileOnChainName: { rpcRequests: requests, byMethod, ...resolveTiming },
  };
}
