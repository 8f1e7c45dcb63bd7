import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { BrowserProvider, Contract, Wallet } from "ethers";
import { Dm3GateTestERC1155__factory, Dm3GateTestERC20__factory, Dm3GateTestERC721__factory, Dm3RuleSets__factory } from "../typechain-types";
import {
  allOf,
  anyOf,
  createGateChecker,
  createRuleSet,
  erc1155Balance,
  erc20Balance,
  erc721Balance,
  explainAccess,
  nativeBalance,
  ruleSetRef,
  spamFilterRulesToRuleSet,
} from "../src/gate";
import { CountingProvider, throughput } from "./util";

export const description =
  "token-gated access: JSON-RPC requests and time per check for the SDK's off-chain evaluation (stored and mapped spam-filter sets), the cached checker, the contract's explain in one eth_call, and one eth_call per token read";

export async function run(hre: HardhatRuntimeEnvironment): Promise<Record<string, unknown>> {
  const [deployer] = await hre.ethers.getSigners();
  const ruleSets = await (await new Dm3RuleSets__factory(deployer).deploy()).getAddress();
  const erc20 = await new Dm3GateTestERC20__factory(deployer).deploy("A", "A");
  const erc20b = await new Dm3GateTestERC20__factory(deployer).deploy("B", "B");
  const erc721 = await new Dm3GateTestERC721__factory(deployer).deploy("P", "P");
  const erc1155 = await new Dm3GateTestERC1155__factory(deployer).deploy();
  const account = Wallet.createRandom().address;
  await (await erc20.mint(account, 500n)).wait();
  await (await erc1155.mint(account, 3n, 1n)).wait();
  const [a, b, nft, multi] = await Promise.all([erc20, erc20b, erc721, erc1155].map((t) => t.getAddress()));

  // 5 token reads + 1 native read over two nesting levels.
  const inner = (await createRuleSet(deployer, ruleSets, anyOf(erc721Balance(nft), erc1155Balance(multi, [1, 2, 3])))).ruleSetId;
  const top = (await createRuleSet(deployer, ruleSets, allOf(erc20Balance(a, { min: 100 }), nativeBalance({ min: 0 }), ruleSetRef(inner), erc20Balance(b, { min: 0 })))).ruleSetId;
  const spam = spamFilterRulesToRuleSet({ minBalance: "0", minTokenBalance: { address: a, amount: "100" } }).definition!;

  const counting = new CountingProvider(hre.network.provider);
  const provider = new BrowserProvider(counting, 31337);
  await provider.getNetwork();
  const measure = async (fn: () => Promise<unknown>, iterations = 100) => {
    counting.reset();
    await fn();
    const rpcRequests = counting.total();
    return { rpcRequests, ...(await throughput(iterations, fn)) };
  };

  const contract = Dm3RuleSets__factory.connect(ruleSets, provider);
  const tokenAbi = ["function balanceOf(address) view returns (uint256)", "function balanceOf(address,uint256) view returns (uint256)"];
  const perRead = async () => {
    // What a client without readHoldings does: one request per read, each level after the previous one.
    await contract.getRuleSet(top);
    await contract.getRuleSet(inner);
    const t20 = (t: string) => new Contract(t, tokenAbi, provider)["balanceOf(address)"](account);
    return Promise.all([t20(a), t20(b), t20(nft), provider.getBalance(account), ...[1, 2, 3].map((id) => new Contract(multi, tokenAbi, provider)["balanceOf(address,uint256)"](account, id))]);
  };
  const checker = createGateChecker({ provider, ruleSets });
  await checker.isAllowed(top, account);

  return {
    ruleSet: "AND(ERC-20 >= 100, native >= 0, ANY(ERC-721, ERC-1155 of 3 ids), ERC-20 #2 >= 0): 7 holding reads, 2 stored sets",
    sdkExplainAccess: await measure(() => explainAccess(provider, top, account, { ruleSets })),
    sdkMappedSpamFilter: await measure(() => explainAccess(provider, spam, account, { ruleSets })),
    onChainExplain: await measure(() => contract.explain(top, account)),
    onePerRead: await measure(perRead),
    cachedChecker: await measure(() => checker.isAllowed(top, account), 2000),
    note: "over EIP-1193 (no JSON-RPC batching) every request is one round trip; over a batching JsonRpcProvider the SDK's concurrent requests of a round share one HTTP request",
  };
}
