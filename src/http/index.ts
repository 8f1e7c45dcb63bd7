// Helpers shared by dm3kit's HTTP servers (gateway, devnet JSON-RPC, delivery and billboard
// services). Server code: never part of the core.
export * from "./errors";
export * from "./cors";
export * from "./listen";
export * from "./rateLimit";
