import { Dm3AliasRegistry__factory, Dm3UniversalResolver__factory } from "../typechain-types";
import { DeployContext, deployOnce, persist, send } from "./context";
import type { EnsDeployment } from "./ens";
import type { NameEntry } from "./manifest";
import { ensureName } from "./names";

/** Manifest key of the top-level alias registry. */
export const ALIAS_REGISTRY_KEY = "dm3AliasRegistry";
/** Manifest key of the one-call dm3 resolver. */
export const UNIVERSAL_RESOLVER_KEY = "dm3UniversalResolver";

/** Addresses of the alias components. */
export interface AliasDeployment {
  aliasRegistry: string;
  universalResolver: string;
}

/** Options of {@link deployAlias}. */
export interface AliasDeployOptions {
  /** Default admin and first alias manager of the registry. Default: the deployer. */
  admin?: string;
  /** Seconds a default-admin transfer waits before it can be accepted. Default 0 on a Hardhat chain, 2 days elsewhere. */
  adminTransferDelay?: number;
}

/**
 * Deploys the alias registry and the universal resolver reading `ens.registry`, each once: a
 * re-run (or a chain whose manifest already names them with code) reuses them.
 */
export async function deployAlias(ctx: DeployContext, ens: EnsDeployment, opts: AliasDeployOptions = {}): Promise<AliasDeployment> {
  ctx.log("dm3 top-level aliases");
  const admin = opts.admin ?? (await ctx.deployer.getAddress());
  const delay = opts.adminTransferDelay ?? (ctx.isHardhatChain ? 0 : 2 * 24 * 3600);
  const aliasRegistry = await deployOnce(ctx, ALIAS_REGISTRY_KEY, "Dm3AliasRegistry", new Dm3AliasRegistry__factory(ctx.deployer), [
    ens.registry,
    admin,
    delay,
  ]);
  const universalResolver = await deployOnce(ctx, UNIVERSAL_RESOLVER_KEY, "Dm3UniversalResolver", new Dm3UniversalResolver__factory(ctx.deployer), [
    ens.registry,
    aliasRegistry,
  ]);
  return { aliasRegistry, universalResolver };
}

/** One alias the devnet maps, and the demo name below it. */
export interface DevnetAliasSpec {
  /** Top-level alias, e.g. `gno`. */
  topLevel: string;
  /** ENS parent it stands for, e.g. `gnosis.dm3.eth` (its parent must exist or be `dm3.eth`). */
  parent: string;
  /** Account index owning the parent. */
  parentAccount: number;
  /** A user name below the parent, e.g. `dave.gnosis.dm3.eth`. */
  user: string;
  /** Account index owning the user name (its primary name too). */
  userAccount: number;
}

/** The devnet's alias: `gno` → `gnosis.dm3.eth` (account 1, owner of dm3.eth), with `dave.gnosis.dm3.eth` (account 5). */
export const DEVNET_ALIAS: DevnetAliasSpec = {
  topLevel: "gno",
  parent: "gnosis.dm3.eth",
  parentAccount: 1,
  user: "dave.gnosis.dm3.eth",
  userAccount: 5,
};

/** What {@link setupDevnetAlias} made sure of. */
export interface DevnetAlias {
  topLevel: string;
  parent: NameEntry;
  user: NameEntry;
  /** The user name as people type it, e.g. `dave.gno`. */
  userAlias: string;
}

/**
 * Devnet demo data for aliases, idempotent: registers `dm3.eth` (account 1, as the devnet does)
 * and the parent without a reverse record, maps the alias to it (deployer = alias manager), and
 * registers the user name with its reverse record. Profiles are published by the caller.
 * Records `extra.aliases` in the manifest.
 */
export async function setupDevnetAlias(
  ctx: DeployContext,
  ens: EnsDeployment,
  alias: AliasDeployment,
  spec: DevnetAliasSpec = DEVNET_ALIAS,
): Promise<DevnetAlias> {
  ctx.log(`  alias ${spec.topLevel} -> ${spec.parent}`);
  const grandParent = spec.parent.slice(spec.parent.indexOf(".") + 1);
  if (grandParent === "dm3.eth" && !ctx.manifest.names["dm3.eth"]) {
    await ensureName(ctx, ens, { name: "dm3.eth", owner: ctx.accounts[spec.parentAccount] });
  }
  const parent = await ensureName(ctx, ens, { name: spec.parent, owner: ctx.accounts[spec.parentAccount], reverse: false });

  const registry = Dm3AliasRegistry__factory.connect(alias.aliasRegistry, ctx.deployer);
  if ((await registry.aliases(spec.topLevel)) !== spec.parent) await send(registry.setAlias(spec.topLevel, spec.parent));
  const aliases = (ctx.manifest.extra.aliases ?? {}) as Record<string, string>;
  ctx.manifest.extra.aliases = { ...aliases, [spec.topLevel]: spec.parent };
  persist(ctx);

  const user = await ensureName(ctx, ens, { name: spec.user, owner: ctx.accounts[spec.userAccount] });
  const userAlias = `${spec.user.slice(0, spec.user.length - spec.parent.length)}${spec.topLevel}`;
  return { topLevel: spec.topLevel, parent, user, userAlias };
}
