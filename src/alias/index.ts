export * from "./errors";
export * from "./cache";
export * from "./dns";
export * from "./resolve";
export * from "./admin";
