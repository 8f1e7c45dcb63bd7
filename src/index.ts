// dm3kit SDK core: one module per capability (data flows names → ENS → profile → keys). It
// imports nothing from Hardhat or Node's servers and bundles for the browser; server and
// development code lives behind sub-paths: dm3kit/gateway, dm3kit/devnet.
export * from "./errors";
export * from "./shared/errors";
export * from "./shared/json";
export * from "./ens/constants";
export * from "./ens/provider";
export * from "./names";
export * from "./crypto";
export * from "./keys";
export * from "./profile";
export * from "./messaging";
export * from "./alias";
export * from "./resolution";
export * from "./registry";
export * from "./net/rpc";
export * from "./billboard";
export * from "./gate";
