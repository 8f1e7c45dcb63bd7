export * from "./types";
export * from "./errors";
export * from "./messages";
export * from "./keyPairs";
export * from "./derive";
