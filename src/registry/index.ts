export * from "./errors";
export * from "./labels";
export * from "./records";
export * from "./read";
export * from "./consent";
export * from "./register";
