// dm3kit billboard service (server code, Node only): `dm3kit/billboard-service`. The billboard
// SDK (leaves, trees, proofs, anchoring, the service's client) is in the core: `dm3kit`.
export * from "./errors";
export * from "./anchorer";
export * from "./service";
