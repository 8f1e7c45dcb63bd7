import { Dm3BillboardAnchor__factory } from "../typechain-types";
import { namehash } from "../src/names";
import { DeployContext, deployOnce, persist, send } from "./context";
import type { EnsDeployment } from "./ens";

/** Manifest key of the billboard anchor contract. */
export const BILLBOARD_ANCHOR_KEY = "dm3BillboardAnchor";

/**
 * Deploys the billboard anchor contract reading `ens.registry`, once: a re-run (or a chain whose
 * manifest already names one with code) reuses it. Returns its address.
 */
export async function deployBillboardAnchor(ctx: DeployContext, ens: EnsDeployment): Promise<string> {
  ctx.log("dm3 billboard anchors");
  return deployOnce(ctx, BILLBOARD_ANCHOR_KEY, "Dm3BillboardAnchor", new Dm3BillboardAnchor__factory(ctx.deployer), [ens.registry]);
}

/** A billboard of the devnet: its name (registered by the caller, with a profile) and mediators. */
export interface DevnetBillboardSpec {
  name: string;
  /** Account index owning the name. */
  ownerAccount: number;
  /** Account indexes the owner approves as mediators. */
  mediatorAccounts: number[];
}

/** The devnet's billboard: `billboard.dm3.eth` (account 6) with alice.eth's account (2) as mediator. */
export const DEVNET_BILLBOARD: DevnetBillboardSpec = { name: "billboard.dm3.eth", ownerAccount: 6, mediatorAccounts: [2] };

/** What the manifest says about a billboard (`extra.billboard`). */
export interface BillboardManifestEntry {
  name: string;
  node: string;
  owner: string;
  anchor: string;
  mediators: string[];
}

/**
 * Devnet demo data for the billboard, idempotent: the owner approves each mediator on the anchor
 * contract (skipped when already approved). The name itself must already be registered to the
 * owner. Records `extra.billboard` in the manifest.
 */
export async function setupDevnetBillboard(ctx: DeployContext, anchor: string, spec: DevnetBillboardSpec = DEVNET_BILLBOARD): Promise<BillboardManifestEntry> {
  const node = namehash(spec.name);
  const owner = ctx.accounts[spec.ownerAccount];
  const contract = Dm3BillboardAnchor__factory.connect(anchor, owner);
  const mediators: string[] = [];
  for (const index of spec.mediatorAccounts) {
    const mediator = await ctx.accounts[index].getAddress();
    if (!(await contract.isMediator(node, mediator))) await send(contract.addMediator(node, mediator));
    mediators.push(mediator);
    ctx.log(`  ${spec.name}: mediator ${mediator} (account #${index})`);
  }
  const entry: BillboardManifestEntry = { name: spec.name, node, owner: await owner.getAddress(), anchor, mediators };
  ctx.manifest.extra.billboard = entry;
  persist(ctx);
  return entry;
}
