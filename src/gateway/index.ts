// dm3kit/gateway: the EIP-3668 (CCIP-Read) gateway for the layer-2 registry. Server code
// (express, node:http), so it is a sub-path of its own and never part of the core.
export * from "./errors";
export * from "./protocol";
export * from "./server";
