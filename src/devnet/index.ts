// dm3kit/devnet: local chains for development and tests. Needs Hardhat's internals (its EDR
// provider and JSON-RPC server), so it is a sub-path of its own and never part of the core.
export * from "./errors";
export * from "./jsonRpcServer";
export * from "./localChain";
export * from "./explorer";
