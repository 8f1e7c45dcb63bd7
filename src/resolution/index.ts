export * from "./errors";
export * from "./resolveDm3Name";
