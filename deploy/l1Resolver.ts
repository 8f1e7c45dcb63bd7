import { getAddress } from "ethers";
import { namehash } from "../src/names/encode";
import { Dm3L1Resolver__factory, Dm3SignatureGatewayVerifier__factory, ENSRegistry__factory } from "../typechain-types";
import { nameOwnerSigner } from "./accounts";
import { DeployContext, deployOnce, persist, send } from "./context";
import { DeployConfigError } from "./errors";

/** Parameters of the L1 resolver deployment. */
export interface L1ResolverParams {
  /** The name whose subnames live on L2, e.g. `l2.dm3.eth`. */
  parentName: string;
  /** L2 chain id and registry address. */
  targetChainId: number | bigint;
  registry: string;
  /** EIP-3668 URL templates, e.g. `https://gw.example/{sender}/{data}.json`. */
  gatewayUrls: string[];
  /** Addresses whose signatures the verifier accepts (the gateway keys). */
  signers: string[];
  /** The ENS registry on L1. */
  ensRegistry: string;
}

/** What `deployL1Resolver` produced. */
export interface L1ResolverDeployment {
  resolver: string;
  verifier: string;
  /** True when the parent name's resolver is (now) this resolver. */
  resolverSet: boolean;
}

/**
 * Deploys (or reuses) the signed-gateway verifier and the `Dm3L1Resolver` on the context's chain
 * (L1), brings signers, URLs and target up to date, and sets the resolver of `parentName` when
 * one of the context's accounts owns that name in the ENS registry. The verifier's signer set is
 * made exactly `params.signers` (missing ones added, unlisted ones removed), so a rotation is a
 * re-run with the new list. Idempotent: a re-run with the same parameters sends no transaction.
 */
export async function deployL1Resolver(ctx: DeployContext, params: L1ResolverParams): Promise<L1ResolverDeployment> {
  ctx.log(`dm3 L1 resolver for ${params.parentName}`);
  // Converging to an empty list would remove every signer and silently break resolution.
  if (params.signers.length === 0) throw new DeployConfigError("deployL1Resolver: params.signers needs at least one gateway signer");
  const deployer = await ctx.deployer.getAddress();
  const verifier = await deployOnce(ctx, "dm3GatewayVerifier", "Dm3SignatureGatewayVerifier", new Dm3SignatureGatewayVerifier__factory(ctx.deployer), [
    deployer,
    params.signers,
  ]);
  await convergeSigners(ctx, verifier, params.signers);

  const resolver = await deployOnce(ctx, "dm3L1Resolver", "Dm3L1Resolver", new Dm3L1Resolver__factory(ctx.deployer), [
    deployer,
    params.targetChainId,
    params.registry,
    verifier,
    params.gatewayUrls,
  ]);
  const r = Dm3L1Resolver__factory.connect(resolver, ctx.deployer);
  const [chainId, registry] = await r.l2Target();
  if (chainId !== BigInt(params.targetChainId) || getAddress(registry) !== getAddress(params.registry)) {
    await send(r.setTarget(params.targetChainId, params.registry));
    ctx.log(`  target set to ${params.registry} on chain ${params.targetChainId}`);
  }
  if (JSON.stringify(await r.gatewayUrls()) !== JSON.stringify(params.gatewayUrls)) {
    await send(r.setGatewayUrls(params.gatewayUrls));
    ctx.log(`  gateway URLs set to ${params.gatewayUrls.join(", ")}`);
  }
  if (getAddress(await r.verifier()) !== getAddress(verifier)) await send(r.setVerifier(verifier));

  const resolverSet = await setParentResolver(ctx, params, resolver);
  ctx.manifest.extra.l1Resolver = {
    parentName: params.parentName,
    resolver,
    verifier,
    targetChainId: Number(params.targetChainId),
    registry: params.registry,
    gatewayUrls: params.gatewayUrls,
  };
  const entry = ctx.manifest.names[params.parentName];
  if (entry && resolverSet) entry.resolver = resolver;
  persist(ctx);
  return { resolver, verifier, resolverSet };
}

/**
 * Makes the verifier's signer set exactly `wanted`: adds the missing signers first, then removes
 * the ones not listed (so the set is never empty mid-rotation). Sends nothing when it matches.
 */
async function convergeSigners(ctx: DeployContext, verifier: string, wanted: string[]): Promise<void> {
  const v = Dm3SignatureGatewayVerifier__factory.connect(verifier, ctx.deployer);
  const target = [...new Set(wanted.map((s) => getAddress(s)))];
  let listed: string[];
  try {
    listed = await v.signers();
  } catch (e) {
    // A verifier deployed before signers() existed cannot be listed, so retired keys would stay valid.
    throw new DeployConfigError(
      `the gateway verifier at ${verifier} cannot list its signers (no signers() getter): remove contracts.dm3GatewayVerifier from ${ctx.manifestFile} to deploy a current one (the resolver is then pointed at it)`,
      { cause: e },
    );
  }
  const current = listed.map((s) => getAddress(s));
  for (const signer of target.filter((s) => !current.includes(s))) {
    await send(v.addSigner(signer));
    ctx.log(`  added gateway signer ${signer}`);
  }
  for (const signer of current.filter((s) => !target.includes(s))) {
    await send(v.removeSigner(signer));
    ctx.log(`  removed gateway signer ${signer}`);
  }
}

async function setParentResolver(ctx: DeployContext, params: L1ResolverParams, resolver: string): Promise<boolean> {
  const node = namehash(params.parentName);
  const ens = ENSRegistry__factory.connect(params.ensRegistry, ctx.deployer);
  if (getAddress(await ens.resolver(node)) === getAddress(resolver)) return true;
  const { owner, signer } = await nameOwnerSigner({ ensRegistry: params.ensRegistry, name: params.parentName, accounts: ctx.accounts, runner: ctx.deployer });
  if (!signer) {
    ctx.log(`  ${params.parentName} is owned by ${owner}, not by an account of this network: set its resolver to ${resolver} yourself`);
    return false;
  }
  await send(ENSRegistry__factory.connect(params.ensRegistry, signer).setResolver(node, resolver));
  ctx.log(`  resolver of ${params.parentName} set to ${resolver}`);
  return true;
}
