// One module for everything dm3 encrypts, hashes or signs (dm3-protocol.md §2, §5, §6.1).
export * from "./errors";
export * from "./backend";
export * from "./encoding";
export * from "./padding";
export * from "./keys";
export * from "./encryption";
export * from "./signing";
export * from "./ecdsa";
export * from "./hash";
