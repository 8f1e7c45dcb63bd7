import type { Signer } from "ethers";
import { Dm3BillboardAnchor__factory } from "../typechain-types";
import { anchorBatch, buildBatch, type BillboardMessage } from "../src/billboard";
import { deriveProfileKeys } from "../src/keys";
import { createMessage } from "../src/messaging";
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

/** A demo wall: messages posted to the billboard, some anchored in batches (`extra.billboard.wall`). */
export interface DevnetWall {
  batches: Array<{ sequence: number; root: string; messages: BillboardMessage[] }>;
  /** Posted but not anchored yet. */
  pending: BillboardMessage[];
}

/** Who posts what on the devnet's wall, and whether it goes into the anchored batch. */
const DEVNET_WALL_POSTS: ReadonlyArray<{ name: string; account: number; text: string; anchored: boolean }> = [
  { name: "alice.eth", account: 2, text: "Welcome to the billboard of the dm3kit devnet.", anchored: true },
  { name: "bob.eth", account: 3, text: "Hello from bob.eth: this message is in an anchored batch.", anchored: true },
  { name: "alice.eth", account: 2, text: "Each batch's Merkle root is stored by Dm3BillboardAnchor; any message proves its inclusion against it.", anchored: true },
  { name: "bob.eth", account: 3, text: "Posted after the batch: not anchored yet.", anchored: false },
];

/**
 * Posts the devnet's demo wall to the billboard: messages signed with the posters' dm3 profile
 * keys (derived from their accounts, as their published profiles), the first ones anchored as one
 * batch by `mediator` (a mediator of the billboard), the last one left pending. Stands in for a
 * billboard service until one runs on the devnet. Records `extra.billboard.wall`.
 */
export async function postDevnetWall(ctx: DeployContext, anchor: string, billboard: BillboardManifestEntry, mediator: Signer): Promise<DevnetWall> {
  const keys = new Map<number, Awaited<ReturnType<typeof deriveProfileKeys>>>();
  const start = Math.floor(Date.now() / 1000) * 1000;
  const anchored: BillboardMessage[] = [];
  const pending: BillboardMessage[] = [];
  for (const [i, post] of DEVNET_WALL_POSTS.entries()) {
    if (!keys.has(post.account)) keys.set(post.account, await deriveProfileKeys(ctx.accounts[post.account]));
    const message = createMessage(billboard.name, post.name, post.text, keys.get(post.account)!.signingKeyPair.privateKey, undefined, start + i * 1000) as BillboardMessage;
    (post.anchored ? anchored : pending).push(message);
  }
  const batch = buildBatch(billboard.name, anchored);
  const result = await anchorBatch(mediator, anchor, batch);
  const wall: DevnetWall = { batches: [{ sequence: result.sequence, root: result.root, messages: [...batch.messages] }], pending };
  ctx.manifest.extra.billboard = { ...billboard, wall };
  persist(ctx);
  ctx.log(`  wall: ${anchored.length} messages anchored in batch #${result.sequence} (root ${result.root.slice(0, 10)}…), ${pending.length} pending`);
  return wall;
}
