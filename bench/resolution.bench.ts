import type { HardhatRuntimeEnvironment } from "hardhat/types";
import os from "node:os";
import path from "node:path";
import { namehash, type BrowserProvider } from "ethers";
import { createDeployContext } from "../deploy/context";
import { deployEns } from "../deploy/ens";
import { emptyManifest } from "../deploy/manifest";
import { ensureName } from "../deploy/names";
import { deployAlias, setupDevnetAlias } from "../deploy/alias";
import { PROFILE_RECORD_KEY } from "../src/ens/constants";
import { AliasCache, resolveName } from "../src/alias";
import { resolveDm3Name } from "../src/resolution";
import { Dm3FirstComeRegistrar__factory, Dm3AliasRegistry__factory, PublicResolver__factory } from "../typechain-types";
import { countingEnsProvider, throughput } from "./util";

export const description =
  "dm3 name resolution: one call to Dm3UniversalResolver vs ethers' getResolver + getText + resolveName (on-chain, aliased and CCIP-Read names): JSON-RPC requests, gateway requests and time per resolution";

const RECORD = "data:application/json," + "x".repeat(390); // ~415 bytes, the size of a real profile record

interface Measured {
  rpcRequests: number;
  httpRequests: number;
  iterations: number;
  opsPerSec: number;
  meanMs: number;
}

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const ctx = await createDeployContext(hre, emptyManifest("bench", 31337), path.join(os.tmpdir(), `dm3kit-bench-resolution-${process.pid}.json`));
  const ens = await deployEns(ctx);
  const alias = await deployAlias(ctx, ens);
  await ensureName(ctx, ens, { name: "alice.eth", owner: ctx.accounts[2] });
  await setupDevnetAlias(ctx, ens, alias);
  const setText = async (name: string, account: number) =>
    (await PublicResolver__factory.connect(ens.resolver, ctx.accounts[account]).setText(namehash(name), PROFILE_RECORD_KEY, RECORD)).wait();
  await setText("alice.eth", 2);
  await setText("dave.gnosis.dm3.eth", 5);

  const { provider, counting, http, reset } = await countingEnsProvider(hre.network.provider);

  const measure = async (fn: () => Promise<unknown>, iterations = 50): Promise<Measured> => {
    reset();
    await fn();
    const rpcRequests = counting.total();
    const httpRequests = http();
    return { rpcRequests, httpRequests, ...(await throughput(iterations, fn)) };
  };
  const ours = (name: string) => () => resolveDm3Name(provider, name, { universalResolver: alias.universalResolver });
  const ethers = (name: string) => async () => {
    const resolver = await provider.getResolver(name);
    return [await resolver?.getText(PROFILE_RECORD_KEY), await provider.resolveName(name)];
  };
  // The ethers route for an alias needs the alias first: a registry read (cached by the SDK after the first).
  // Note: on Hardhat's in-process chain a reverting eth_call (the OffchainLookup) is slow (the node builds a
  // Solidity stack trace for it), so CCIP wall times here overstate the revert; BENCH_TRACE=1 prints a timeline.
  const coldCache = () => new AliasCache(0);
  const warmCache = new AliasCache();
  const ethersAliased = (cache: AliasCache) => async () => {
    const { name } = await resolveName(provider, "dave.gno", { aliasRegistry: alias.aliasRegistry, cache });
    return ethers(name)();
  };

  const compare = (one: Measured, other: Measured) => ({
    rpcRatio: Number((other.rpcRequests / one.rpcRequests).toFixed(2)),
    timeRatio: Number((other.meanMs / one.meanMs).toFixed(2)),
  });

  const onchain = { ours: await measure(ours("alice.eth")), ethers: await measure(ethers("alice.eth")) };
  const aliased = {
    ours: await measure(ours("dave.gno")),
    ethersAliasUncached: await measure(ethersAliased(coldCache())),
    ethersAliasCached: await ethersAliased(warmCache)().then(() => measure(ethersAliased(warmCache))),
  };

  let ccip: Record<string, unknown> = { skipped: "L2 stack not available" };
  try {
    ccip = await measureCcip(hre, ctx, alias.aliasRegistry, provider, measure, ours, ethers, compare);
  } catch (e) {
    ccip = { skipped: `L2 stack failed: ${(e as Error).message}` };
  }

  return {
    onchainName: { name: "alice.eth", ...onchain, ...compare(onchain.ours, onchain.ethers) },
    aliasedName: {
      name: "dave.gno -> dave.gnosis.dm3.eth",
      ...aliased,
      uncached: compare(aliased.ours, aliased.ethersAliasUncached),
      cached: compare(aliased.ours, aliased.ethersAliasCached),
    },
    ccipName: ccip,
  };
}

async function measureCcip(
  hre: HardhatRuntimeEnvironment,
  ctx: Awaited<ReturnType<typeof createDeployContext>>,
  aliasRegistry: string,
  provider: BrowserProvider,
  measure: (fn: () => Promise<unknown>, iterations?: number) => Promise<Measured>,
  ours: (name: string) => () => Promise<unknown>,
  ethers: (name: string) => () => Promise<unknown>,
  compare: (a: Measured, b: Measured) => { rpcRatio: number; timeRatio: number },
): Promise<Record<string, unknown>> {
  const { startLocalChain } = await import("../src/devnet/localChain");
  const { deployL2Stack } = await import("../deploy/l2Stack");
  const { encodeRecords } = await import("../src/registry/records");
  const { JsonRpcProvider, Wallet, HDNodeWallet, Mnemonic } = await import("ethers");
  const chain = await startLocalChain(hre, { chainId: 31338 });
  await ensureName(ctx, (await deployEns(ctx)), { name: "l2.dm3.eth", owner: ctx.accounts[1], reverse: false });
  const stack = await deployL2Stack({ l1Ctx: ctx, l2: { url: chain.url, manifestFile: ctx.manifestFile.replace(/\.json$/, "-l2.json") }, parentName: "l2.dm3.eth" });
  const l2Provider = new JsonRpcProvider(chain.url, 31338, { staticNetwork: true });
  try {
    const accounts = hre.config.networks.hardhat.accounts as { mnemonic: string; path: string };
    const carol = new Wallet(HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(accounts.mnemonic), accounts.path).deriveChild(4).privateKey, l2Provider);
    const registrar = Dm3FirstComeRegistrar__factory.connect(stack.registrar, carol);
    await (await registrar.register("carol", carol.address, encodeRecords(namehash("carol.l2.dm3.eth"), { addr: carol.address, texts: { [PROFILE_RECORD_KEY]: RECORD } }))).wait();
    await (await Dm3AliasRegistry__factory.connect(aliasRegistry, ctx.deployer).setAlias("op", "l2.dm3.eth")).wait();
    if (process.env.BENCH_TRACE) {
      const t0 = Date.now();
      const trace = (e: { action?: string }) => console.log(`  +${Date.now() - t0} ms ${e.action}`);
      await provider.on("debug", trace);
      await ours("carol.op")();
      console.log("  -- ethers");
      await ethers("carol.l2.dm3.eth")();
      await provider.off("debug", trace);
    }
    const result = { ours: await measure(ours("carol.op"), 20), ethers: await measure(ethers("carol.l2.dm3.eth"), 20) };
    return { name: "carol.op -> carol.l2.dm3.eth (L2 registry via gateway)", ...result, ...compare(result.ours, result.ethers) };
  } finally {
    l2Provider.destroy();
    await stack.close();
    await chain.close();
  }
}
