import { BaseWallet, JsonRpcProvider, SigningKey } from "ethers";
import { PROFILE_RECORD_KEY, deriveProfileKeys, ensNetwork, type ProfileKeys } from "../../src";
import type { DemoAccount, ExplorerConfig } from "./config";

/** What every view gets. */
export interface ExplorerContext {
  config: ExplorerConfig;
  /** The devnet's L1 with ENS (the registry from the manifest). */
  l1: JsonRpcProvider;
  /** Announces a short status text to screen readers and in the status line. */
  announce(text: string): void;
}

/** An ENS-enabled provider for the devnet's L1 (fixed network, no chain-id polling). */
export function l1Provider(config: ExplorerConfig): JsonRpcProvider {
  const network = ensNetwork(config.chainId, config.contracts.ensRegistry.address);
  return new JsonRpcProvider(config.rpcUrl, network, { staticNetwork: network });
}

/** Record-reading options for the devnet: its links are plain http on 127.0.0.1. */
export const DEVNET_RECORD_OPTIONS = { allowInsecure: true, allowPrivateNetwork: true } as const;

/** What kind of resolver an address is, by the manifest's contracts. */
export function resolverKind(config: ExplorerConfig, resolver: string | null | undefined): string {
  if (!resolver) return "none";
  const lower = resolver.toLowerCase();
  if (config.extra.l2?.l1Resolver.toLowerCase() === lower) return "dm3 L1 resolver (ENSIP-10 + CCIP-Read → layer 2)";
  for (const [key, c] of Object.entries(config.contracts)) {
    if (c.address.toLowerCase() !== lower) continue;
    if (key === "publicResolver") return "ENS PublicResolver (on-chain records)";
    return `${c.contract}`;
  }
  return "unknown resolver";
}

/** The demo accounts that own a name with a dm3 profile, one entry per such name (`except` left out). */
export function profileAccounts(config: ExplorerConfig, except: readonly string[] = []): Array<{ account: DemoAccount; name: string }> {
  return config.demoAccounts.flatMap((account) => account.names.filter((n) => config.names[n]?.records?.[PROFILE_RECORD_KEY] && !except.includes(n)).map((name) => ({ account, name })));
}

/** A demo account's dm3 keys, derived here from its (public, test-only) private key as a wallet would. */
export function demoAccountKeys(account: DemoAccount): Promise<ProfileKeys> {
  return deriveProfileKeys(new BaseWallet(new SigningKey(account.privateKey)));
}
