// dm3kit SDK: everything public, one module per capability (data flows names → ENS → profile → keys).
export * from "./errors";
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
export * from "./gateway";
export * from "./net/rpc";
export * from "./net/jsonRpcServer";
export * from "./net/localChain";
export * from "./billboard";
