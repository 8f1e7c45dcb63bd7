// The page's configuration: the devnet manifest as the explorer server hands it over
// (GET /manifest.json), with the demo accounts' keys (Hardhat's public test accounts).
import type { DemoAccount } from "../../deploy/explorer";
import type { Manifest } from "../../deploy/manifest";

export type { DemoAccount };

/** The manifest's `extra` facts the page reads. */
export interface ExplorerExtra {
  l2?: { chainId: number; rpcUrl: string; parentName: string; registry: string; l1Resolver: string };
  gateway?: { url: string; signer: string };
  deliveryService?: { name: string; url: string; running: boolean };
  /** The devnet's billboard (deploy/billboard.ts) and its service (the page reads the wall from it). */
  billboard?: {
    name: string;
    node: string;
    owner: string;
    anchor: string;
    mediators: string[];
    service?: { url: string; running: boolean; storage?: string; mediators?: string[] };
  };
  aliases?: Record<string, string>;
  /** The devnet's token-gated access example (deploy/gate.ts). */
  gate?: { ruleSets: string; tokens: { erc20: string; erc721: string; erc1155: string }; badgesRuleSetId: string; exampleRuleSetId: string; passes: string[]; fails: string[] };
  explorer?: { url: string };
}

/** What the page reads from the served manifest. */
export type ExplorerConfig = Omit<Manifest, "extra" | "rpcUrl"> & { rpcUrl: string; extra: ExplorerExtra; demoAccounts: DemoAccount[] };

/** Loads the configuration from the server that serves the page (retries while the devnet starts). */
export async function loadConfig(signal?: AbortSignal): Promise<ExplorerConfig> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch("manifest.json", { cache: "no-store", signal });
    if (res.status === 503 && attempt < 120) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (!res.ok) throw new Error(`manifest.json: HTTP ${res.status}`);
    return (await res.json()) as ExplorerConfig;
  }
}
