// Token-gated access: rule sets stored in Dm3RuleSets, evaluated on-chain as a view and off-chain here
// with the same semantics. Browser-safe (ethers and the TypeChain factories only).
export * from "./types";
export * from "./errors";
export * from "./validate";
export * from "./builders";
export * from "./json";
export * from "./evaluate";
export * from "./admin";
export * from "./format";
export * from "./checker";
export * from "./spamFilter";
