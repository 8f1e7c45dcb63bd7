import type { HardhatUserConfig, NetworksUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-toolbox";
import "./tasks";

// Compilers come from npm packages (no download): see tasks/compilers.ts.
const OPTIMIZER = { enabled: true, runs: 200 };

/** Real networks are opt-in: each appears when its RPC URL is set in the environment. */
function remoteNetworks(): NetworksUserConfig {
  const accounts = process.env.DEPLOYER_PRIVATE_KEY ? [process.env.DEPLOYER_PRIVATE_KEY] : [];
  const known: Record<string, string | undefined> = {
    mainnet: process.env.MAINNET_RPC_URL,
    sepolia: process.env.SEPOLIA_RPC_URL,
    gnosis: process.env.GNOSIS_RPC_URL,
    optimism: process.env.OPTIMISM_RPC_URL,
    remote: process.env.RPC_URL,
  };
  const out: NetworksUserConfig = {};
  for (const [name, url] of Object.entries(known)) if (url) out[name] = { url, accounts };
  return out;
}

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      // Hardhat 2 forces "paris" for solc >= 0.8.20 unless set; OpenZeppelin 5 needs mcopy (cancun).
      { version: "0.8.30", settings: { evmVersion: "cancun", optimizer: OPTIMIZER } },
      // The genuine ENS 0.7 sources. Never viaIR here (solc 0.7 cannot).
      { version: "0.7.6", settings: { optimizer: OPTIMIZER } },
    ],
  },
  networks: {
    hardhat: {
      chainId: 31337,
      ...(process.env.FORK_URL
        ? {
            forking: {
              url: process.env.FORK_URL,
              blockNumber: process.env.FORK_BLOCK ? Number(process.env.FORK_BLOCK) : undefined,
            },
          }
        : {}),
    },
    localhost: { url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
    // The devnet's second chain (the layer-2 registry), e.g. for scripts/register-l2-name.ts.
    localhostL2: { url: process.env.LOCALHOST_L2_RPC_URL ?? "http://127.0.0.1:8546", chainId: 31338 },
    ...remoteNetworks(),
  },
  gasReporter: {
    enabled: !!process.env.REPORT_GAS,
    offline: true,
    currency: "USD",
    excludeContracts: ["contracts/test/"],
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 120_000 },
};

export default config;
