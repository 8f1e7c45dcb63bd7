import hre from "hardhat";
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet, type Signer } from "ethers";
import { startLocalChain, type LocalChain } from "../../src/devnet/localChain";
import { evmStepEmitter, underCoverage } from "../helpers/coverage";

/** Chain id of the test L2 (Hardhat's in-process network is 31337 = L1). */
export const L2_CHAIN_ID = 31338;

/** The second chain, reached over HTTP like a real L2. */
export interface L2 {
  chain: LocalChain;
  provider: JsonRpcProvider;
  /** Hardhat's default accounts on L2 as local wallets (nonces managed by ethers). */
  accounts: Signer[];
}

let shared: Promise<L2> | undefined;

/**
 * The test L2, started once per test run and shared by the registry and gateway test files
 * (closed by the root `after` hook below). Tests deploy fresh contracts on it instead of snapshots.
 */
export function l2(): Promise<L2> {
  shared ??= (async () => {
    const chain = await startLocalChain(hre, { chainId: L2_CHAIN_ID });
    forwardCoverageSteps(chain.provider);
    const provider = new JsonRpcProvider(chain.url, L2_CHAIN_ID, { staticNetwork: true, polling: false, cacheTimeout: -1 });
    const keys = hardhatAccountKeys(8);
    return { chain, provider, accounts: keys.map((k) => new Wallet(k, provider)) };
  })();
  return shared;
}

/**
 * Under `hardhat coverage`, solidity-coverage listens to EVM steps of `hre.network.provider` only, so
 * contracts that live on the second chain would count as never run. Forward that chain's steps to
 * the same listener (the internals solidity-coverage itself uses). No effect in normal runs.
 */
function forwardCoverageSteps(provider: unknown): void {
  if (!underCoverage()) return;
  const collector = evmStepEmitter(hre.network.provider);
  evmStepEmitter(provider).on("step", (step: unknown) => collector.emit("step", step));
}

function hardhatAccountKeys(n: number): string[] {
  const accounts = hre.config.networks.hardhat.accounts as { mnemonic: string; path: string };
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(accounts.mnemonic), accounts.path);
  return Array.from({ length: n }, (_, i) => root.deriveChild(i).privateKey);
}

after(async () => {
  if (!shared) return;
  const { chain, provider } = await shared;
  provider.destroy();
  await chain.close();
});
