import { dnsEncode } from "../src/names/encode";
import { Dm3FirstComeRegistrar__factory, Dm3L2Registry__factory } from "../typechain-types";
import { DeployContext, deployOnce, persist, send } from "./context";

/** Parameters of the L2 registry deployment. */
export interface L2RegistryParams {
  /** Parent of every name, normalized, e.g. `l2.dm3.eth`. */
  parentName: string;
  /** Final owner of registry and registrar (approves registrars). Default: the deployer. Two-step: the new owner must call `acceptOwnership`. */
  owner?: string;
  /** Label length limits of the first-come registrar. Default 3..63. */
  minLength?: number;
  maxLength?: number;
  /** ERC-721 collection name and symbol. Default `dm3 names (<parent>)` / `DM3`. */
  tokenName?: string;
  tokenSymbol?: string;
}

/** What `deployL2Registry` produced. */
export interface L2RegistryDeployment {
  registry: string;
  registrar: string;
  chainId: number;
  parentName: string;
}

/**
 * Deploys (or reuses) `Dm3L2Registry` for `parentName` and its `Dm3FirstComeRegistrar` on the
 * context's chain (the L2), and approves the registrar. Idempotent: each step is skipped when
 * the chain already has it. Works on any chain whose context has a funded deployer.
 */
export async function deployL2Registry(ctx: DeployContext, params: L2RegistryParams): Promise<L2RegistryDeployment> {
  ctx.log(`dm3 L2 registry for ${params.parentName}`);
  const deployer = await ctx.deployer.getAddress();
  const chainId = Number((await ctx.provider.getNetwork()).chainId);
  const registry = await deployOnce(ctx, "dm3L2Registry", "Dm3L2Registry", new Dm3L2Registry__factory(ctx.deployer), [
    dnsEncode(params.parentName),
    deployer,
    params.tokenName ?? `dm3 names (${params.parentName})`,
    params.tokenSymbol ?? "DM3",
  ]);
  const owner = params.owner ?? deployer;
  const registrar = await deployOnce(ctx, "dm3FirstComeRegistrar", "Dm3FirstComeRegistrar", new Dm3FirstComeRegistrar__factory(ctx.deployer), [
    registry,
    params.minLength ?? 3,
    params.maxLength ?? 63,
    owner,
  ]);
  const reg = Dm3L2Registry__factory.connect(registry, ctx.deployer);
  if (!(await reg.isRegistrar(registrar))) {
    await send(reg.approveRegistrar(registrar));
    ctx.log(`  approved registrar ${registrar}`);
  }
  if ((await reg["owner()"]()).toLowerCase() === deployer.toLowerCase() && owner.toLowerCase() !== deployer.toLowerCase()) {
    if ((await reg.pendingOwner()).toLowerCase() !== owner.toLowerCase()) await send(reg.transferOwnership(owner));
    ctx.log(`  registry ownership offered to ${owner} (it must call acceptOwnership)`);
  }
  ctx.manifest.extra.l2Registry = { chainId, parentName: params.parentName, registry, registrar };
  persist(ctx);
  return { registry, registrar, chainId, parentName: params.parentName };
}
