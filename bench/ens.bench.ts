import type { HardhatRuntimeEnvironment } from "hardhat/types";
import os from "node:os";
import path from "node:path";
import { createDeployContext } from "../deploy/context";
import { deployEns } from "../deploy/ens";
import { emptyManifest } from "../deploy/manifest";
import { ensureName } from "../deploy/names";
import { PROFILE_RECORD_KEY } from "../src/ens/constants";
import { ensBrowserProvider } from "../src/ens/provider";
import { PublicResolver__factory } from "../typechain-types";
import { namehash } from "ethers";
import { CountingProvider, throughput } from "./util";

export const description = "ENS resolution through ethers v6 on the genuine ENS contracts: JSON-RPC requests and time per lookup";

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const ctx = await createDeployContext(hre, emptyManifest("bench", 31337), path.join(os.tmpdir(), "dm3kit-bench-ens.json"));
  const ens = await deployEns(ctx);
  const alice = ctx.accounts[2];
  const aliceAddress = await alice.getAddress();
  await ensureName(ctx, ens, { name: "alice.eth", owner: alice });
  await (await PublicResolver__factory.connect(ens.resolver, alice).setText(namehash("alice.eth"), PROFILE_RECORD_KEY, "x".repeat(415))).wait();

  const counting = new CountingProvider(hre.network.provider);
  const provider = ensBrowserProvider(counting, 31337);
  await provider.getNetwork();

  const measure = async (label: string, fn: () => Promise<unknown>) => {
    counting.reset();
    await fn();
    const requests = counting.total();
    const timing = await throughput(50, fn);
    return { label, rpcRequests: requests, ...timing };
  };
  return {
    getResolverGetText: await measure("getResolver + getText", async () => (await provider.getResolver("alice.eth"))!.getText(PROFILE_RECORD_KEY)),
    resolveName: await measure("resolveName", () => provider.resolveName("alice.eth")),
    lookupAddress: await measure("lookupAddress", () => provider.lookupAddress(aliceAddress)),
    missDeep: await measure("getResolver miss a.b.c.nobody.eth", () => provider.getResolver("a.b.c.nobody.eth")),
  };
}
