import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { BaseContract, ContractTransactionResponse, Provider, Signer } from "ethers";
import { TransactionFailedError } from "../src/errors";
import { AccountNotFoundError } from "./errors";
import { Manifest, saveManifest } from "./manifest";

/** What every deploy module gets: the chain, the accounts, the manifest and a logger. */
export interface DeployContext {
  hre: HardhatRuntimeEnvironment;
  provider: Provider;
  /** Account that deploys and owns dm3kit contracts (account #0). */
  deployer: Signer;
  /** All accounts the network config has, in order (Hardhat's default funded accounts on a devnet). */
  accounts: Signer[];
  manifest: Manifest;
  manifestFile: string;
  /** True on Hardhat's own chain (in-process, `hardhat node`, or a fork): hardhat_* RPC methods work. */
  isHardhatChain: boolean;
  log: (line: string) => void;
}

/** Builds a context for `hre`'s current network. */
export async function createDeployContext(
  hre: HardhatRuntimeEnvironment,
  manifest: Manifest,
  manifestFile: string,
  log: (line: string) => void = () => {},
): Promise<DeployContext> {
  const accounts = await hre.ethers.getSigners();
  if (accounts.length === 0) {
    throw new AccountNotFoundError(`network ${hre.network.name} has no accounts: set DEPLOYER_PRIVATE_KEY`);
  }
  const client = String(await hre.network.provider.request({ method: "web3_clientVersion" }).catch(() => ""));
  return {
    hre,
    provider: hre.ethers.provider,
    deployer: accounts[0],
    accounts,
    manifest,
    manifestFile,
    isHardhatChain: client.startsWith("HardhatNetwork"),
    log,
  };
}

/** Persists the manifest now (modules call this after each step, so a failed run keeps its progress). */
export function persist(ctx: DeployContext): void {
  saveManifest(ctx.manifestFile, ctx.manifest);
}

/** Waits for a transaction and fails on revert. */
export async function send(tx: Promise<ContractTransactionResponse>): Promise<void> {
  const sent = await tx;
  const receipt = await sent.wait();
  if (!receipt || receipt.status !== 1) throw new TransactionFailedError(sent.hash, "deploying");
}

interface Deployable<T extends BaseContract> {
  deploy(...args: never[]): Promise<T>;
}

/**
 * Deploys `contract` under manifest key `key` unless the manifest already names an address
 * with code for that key, in which case the existing contract is reused. Returns the address.
 */
export async function deployOnce<T extends BaseContract>(
  ctx: DeployContext,
  key: string,
  contract: string,
  factory: Deployable<T>,
  args: unknown[],
): Promise<string> {
  const known = ctx.manifest.contracts[key];
  if (known && (await ctx.provider.getCode(known.address)) !== "0x") {
    ctx.log(`  ${key}: already deployed at ${known.address}`);
    return known.address;
  }
  const deployed = await (factory.deploy as (...a: unknown[]) => Promise<T>)(...args);
  await deployed.waitForDeployment();
  const address = await deployed.getAddress();
  ctx.manifest.contracts[key] = {
    address,
    contract,
    txHash: deployed.deploymentTransaction()?.hash,
    args: args.map((a) => (typeof a === "bigint" ? a.toString() : a)),
  };
  persist(ctx);
  ctx.log(`  ${key}: deployed ${contract} at ${address}`);
  return address;
}
