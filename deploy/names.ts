import { Signer, ZeroAddress, id, namehash } from "ethers";
import { ENSRegistry__factory, FIFSRegistrar__factory, PublicResolver__factory, ReverseRegistrar__factory } from "../typechain-types";
import { accountIndexOf, nameOwnerSigner } from "./accounts";
import { DeployContext, persist, send } from "./context";
import { DeployConfigError, NameOwnerNotAccountError } from "./errors";
import type { EnsDeployment } from "./ens";
import type { NameEntry } from "./manifest";

/** A name the deployment should own and point at its owner. */
export interface NameSpec {
  name: string;
  owner: Signer;
  /** Also set the owner's primary name (reverse record). Default true. */
  reverse?: boolean;
  /** Point the name at the deployment's public resolver with an `addr` record. Default true;
   *  false takes ownership only (for a name that gets another resolver, e.g. a CCIP-Read one). */
  records?: boolean;
}

/**
 * Makes `spec.owner` own `spec.name`, with the deployment's public resolver, an `addr` record
 * pointing at the owner and (by default) the reverse record. Each step is skipped when the
 * chain already has it, so re-running changes nothing. The parent name must exist.
 */
export async function ensureName(ctx: DeployContext, ens: EnsDeployment, spec: NameSpec): Promise<NameEntry> {
  const owner = await spec.owner.getAddress();
  const node = namehash(spec.name);
  const registry = ENSRegistry__factory.connect(ens.registry, spec.owner);

  if (!sameAddress(await registry.owner(node), owner)) await takeOwnership(ctx, ens, spec.name, owner, spec.owner);
  const withRecords = spec.records !== false;
  if (withRecords) {
    if (!sameAddress(await registry.resolver(node), ens.resolver)) await send(registry.setResolver(node, ens.resolver));
    const resolver = PublicResolver__factory.connect(ens.resolver, spec.owner);
    if (!sameAddress(await resolver["addr(bytes32)"](node), owner)) await send(resolver["setAddr(bytes32,address)"](node, owner));
  }

  const reverse = spec.reverse !== false;
  if (reverse && (await currentReverseName(ctx, ens, owner)) !== spec.name) {
    await send(ReverseRegistrar__factory.connect(ens.reverseRegistrar, spec.owner).setName(spec.name));
  }

  const index = await accountIndexOf(ctx.accounts, owner);
  const entry: NameEntry = {
    node,
    owner,
    ...(index >= 0 ? { ownerAccountIndex: index } : {}),
    resolver: withRecords ? ens.resolver : await registry.resolver(node),
    ...(withRecords ? { addr: owner } : {}),
    reverse,
    records: ctx.manifest.names[spec.name]?.records ?? {},
  };
  ctx.manifest.names[spec.name] = entry;
  persist(ctx);
  ctx.log(`  ${spec.name} -> ${owner}${index >= 0 ? ` (account #${index})` : ""}`);
  return entry;
}

async function takeOwnership(ctx: DeployContext, ens: EnsDeployment, name: string, owner: string, ownerSigner: Signer): Promise<void> {
  const dot = name.indexOf(".");
  if (dot < 0) throw new DeployConfigError(`${name} is a top-level name; dm3kit registers names below one`);
  const label = id(name.slice(0, dot));
  const parentName = name.slice(dot + 1);
  const parent = await nameOwnerSigner({
    ensRegistry: ens.registry,
    name: parentName,
    accounts: ctx.accounts,
    impersonateWith: ctx.isHardhatChain ? ctx.hre : undefined,
  });

  if (ens.ethRegistrar && sameAddress(parent.owner, ens.ethRegistrar)) {
    await send(FIFSRegistrar__factory.connect(ens.ethRegistrar, ownerSigner).register(label, owner));
    return;
  }
  if (!parent.signer) throw new NameOwnerNotAccountError(parentName, parent.owner, ctx.hre.network.name, `: cannot register ${name} below it`);
  await send(ENSRegistry__factory.connect(ens.registry, parent.signer).setSubnodeOwner(namehash(parentName), label, owner));
}

async function currentReverseName(ctx: DeployContext, ens: EnsDeployment, address: string): Promise<string> {
  const node = namehash(`${address.slice(2).toLowerCase()}.addr.reverse`);
  const resolverAddress = await ENSRegistry__factory.connect(ens.registry, ctx.deployer).resolver(node);
  if (resolverAddress === ZeroAddress) return "";
  return PublicResolver__factory.connect(resolverAddress, ctx.deployer).name(node);
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
