// dm3kit delivery service (server code, Node only): `dm3kit/delivery`.
export * from "./errors";
export * from "./types";
export * from "./schema";
export * from "./jwt";
export * from "./auth";
export * from "./keys";
export * from "./envelopeCrypto";
export * from "./directory";
export * from "./spam";
export * from "./submit";
export * from "./storage";
export * from "./jsonRpc";
export * from "./throttle";
export * from "./server";
export * from "./client";
export * from "./messages";
