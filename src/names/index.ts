export * from "./errors";
export * from "./normalize";
export * from "./encode";
