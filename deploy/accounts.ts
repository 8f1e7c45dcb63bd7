import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress, type ContractRunner, type Signer } from "ethers";
import { namehash } from "../src/names/encode";
import { ENSRegistry__factory } from "../typechain-types";

/** The index of `address` among `accounts` (any case), or -1. */
export async function accountIndexOf(accounts: Signer[], address: string): Promise<number> {
  const all = await Promise.all(accounts.map((a) => a.getAddress()));
  return all.findIndex((a) => a.toLowerCase() === address.toLowerCase());
}

/** Who owns a name in the ENS registry, and the account that can act for the owner. */
export interface NameOwnerSigner {
  /** The owner in the registry (the zero address when nobody owns the name). */
  owner: string;
  /** An account that signs for the owner; undefined when none of the accounts is the owner. */
  signer?: Signer;
  /** Index of that account among the accounts given; -1 when impersonated or none. */
  accountIndex: number;
}

/** Options of {@link nameOwnerSigner}. */
export interface NameOwnerSignerOptions {
  /** The ENS registry. */
  ensRegistry: string;
  /** Normalized name. */
  name: string;
  /** The accounts that may act (e.g. `hre.ethers.getSigners()`). */
  accounts: Signer[];
  /** Reads the registry (default: the first account's runner). */
  runner?: ContractRunner;
  /**
   * On a Hardhat chain (in-process, `hardhat node`, a fork): when no account owns the name,
   * impersonate the owner (funded with 1 ETH) through this `hre`. Leave unset elsewhere.
   */
  impersonateWith?: HardhatRuntimeEnvironment;
}

/**
 * The signer that owns `name`: the one of `accounts` that is its owner in the ENS registry, or on
 * a Hardhat chain the impersonated owner. Tasks, scripts and deploy modules all find a name's
 * owner through this. A result without `signer` means nobody here can act for the name.
 */
export async function nameOwnerSigner(opts: NameOwnerSignerOptions): Promise<NameOwnerSigner> {
  const runner = opts.runner ?? opts.accounts[0];
  const owner = await ENSRegistry__factory.connect(opts.ensRegistry, runner).owner(namehash(opts.name));
  if (owner === ZeroAddress) return { owner, accountIndex: -1 };
  const accountIndex = await accountIndexOf(opts.accounts, owner);
  if (accountIndex >= 0) return { owner, signer: opts.accounts[accountIndex], accountIndex };
  const hre = opts.impersonateWith;
  if (!hre) return { owner, accountIndex: -1 };
  await hre.network.provider.request({ method: "hardhat_setBalance", params: [owner, "0xDE0B6B3A7640000"] });
  return { owner, signer: await hre.ethers.getImpersonatedSigner(owner), accountIndex: -1 };
}
