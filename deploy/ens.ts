import { AbiCoder, ZeroHash, id, keccak256, namehash, zeroPadValue } from "ethers";
import {
  ENSRegistry__factory,
  FIFSRegistrar__factory,
  PublicResolver__factory,
  ReverseRegistrar__factory,
} from "../typechain-types";
import { ENS_REGISTRY_ADDRESS } from "../src/ens/constants";
import { DeployContext, deployOnce, persist, send } from "./context";

/** Addresses of the ENS contracts a deployment uses. */
export interface EnsDeployment {
  registry: string;
  resolver: string;
  reverseRegistrar: string;
  /** First-come registrar for `.eth` (devnet only); undefined where `.eth` belongs to someone else. */
  ethRegistrar?: string;
}

/**
 * Deploys (or adopts) the genuine ENS contracts.
 *
 * - If a registry already has code at the canonical address (mainnet, testnets, forks, or a
 *   re-run), it is adopted as is and nothing there is overwritten.
 * - Otherwise, on a Hardhat chain, the registry is deployed and its code placed at the
 *   canonical address with `hardhat_setCode`, so unmodified ENS clients work on chain 31337.
 * - On a chain that has neither, the registry is deployed at an ordinary address.
 * The public resolver, the reverse registrar and a first-come `.eth` registrar follow,
 * each deployed once.
 */
export async function deployEns(ctx: DeployContext): Promise<EnsDeployment> {
  ctx.log("ENS");
  const deployerAddress = await ctx.deployer.getAddress();
  const registry = await deployRegistry(ctx, deployerAddress);
  const ens = ENSRegistry__factory.connect(registry, ctx.deployer);
  const external = ctx.manifest.contracts.ensRegistry.external === true;

  const resolver = await deployOnce(ctx, "publicResolver", "PublicResolver", new PublicResolver__factory(ctx.deployer), [registry]);

  if (external) {
    // Real ENS: the reverse registrar is whoever owns addr.reverse; `.eth` is not ours.
    const reverseRegistrar = await ens.owner(namehash("addr.reverse"));
    ctx.manifest.contracts.reverseRegistrar = { address: reverseRegistrar, contract: "ReverseRegistrar", external: true };
    persist(ctx);
    return { registry, resolver, reverseRegistrar };
  }

  const reverseRegistrar = await deployOnce(ctx, "reverseRegistrar", "ReverseRegistrar", new ReverseRegistrar__factory(ctx.deployer), [registry, resolver]);
  await ensureSubnodeOwner(ctx, ZeroHash, "reverse", deployerAddress);
  await ensureSubnodeOwner(ctx, namehash("reverse"), "addr", reverseRegistrar);

  const ethRegistrar = await deployOnce(ctx, "ethRegistrar", "FIFSRegistrar", new FIFSRegistrar__factory(ctx.deployer), [registry, namehash("eth")]);
  await ensureSubnodeOwner(ctx, ZeroHash, "eth", ethRegistrar);
  return { registry, resolver, reverseRegistrar, ethRegistrar };
}

async function deployRegistry(ctx: DeployContext, deployerAddress: string): Promise<string> {
  const canonicalCode = await ctx.provider.getCode(ENS_REGISTRY_ADDRESS);
  if (canonicalCode !== "0x") {
    const known = ctx.manifest.contracts.ensRegistry;
    const ours = known?.address === ENS_REGISTRY_ADDRESS && known.external !== true;
    ctx.manifest.contracts.ensRegistry = { address: ENS_REGISTRY_ADDRESS, contract: "ENSRegistry", external: !ours };
    ctx.log(`  ensRegistry: ${ours ? "already placed" : "using the existing registry"} at ${ENS_REGISTRY_ADDRESS}`);
    persist(ctx);
    return ENS_REGISTRY_ADDRESS;
  }
  if (!ctx.isHardhatChain) {
    return deployOnce(ctx, "ensRegistry", "ENSRegistry", new ENSRegistry__factory(ctx.deployer), []);
  }
  // Deploy once to get the runtime code, then place it at the canonical address and
  // reproduce the constructor's only storage write: records[0x0].owner = deployer (slot 0 mapping).
  const template = await new ENSRegistry__factory(ctx.deployer).deploy();
  await template.waitForDeployment();
  const code = await ctx.provider.getCode(await template.getAddress());
  const rootOwnerSlot = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [ZeroHash, 0]));
  await ctx.hre.network.provider.request({ method: "hardhat_setCode", params: [ENS_REGISTRY_ADDRESS, code] });
  await ctx.hre.network.provider.request({
    method: "hardhat_setStorageAt",
    params: [ENS_REGISTRY_ADDRESS, rootOwnerSlot, zeroPadValue(deployerAddress, 32)],
  });
  ctx.manifest.contracts.ensRegistry = { address: ENS_REGISTRY_ADDRESS, contract: "ENSRegistry" };
  persist(ctx);
  ctx.log(`  ensRegistry: placed ENSRegistry at the canonical address ${ENS_REGISTRY_ADDRESS}`);
  return ENS_REGISTRY_ADDRESS;
}

/** Makes `owner` the owner of `label.parent` unless it already is; the deployer must own `parent`. */
async function ensureSubnodeOwner(ctx: DeployContext, parent: string, label: string, owner: string): Promise<void> {
  const ens = ENSRegistry__factory.connect(ctx.manifest.contracts.ensRegistry.address, ctx.deployer);
  const node = keccak256(parent + id(label).slice(2));
  if ((await ens.owner(node)).toLowerCase() === owner.toLowerCase()) return;
  await send(ens.setSubnodeOwner(parent, id(label), owner));
}
