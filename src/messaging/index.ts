// dm3 message transfer (DM3MTP): messages, envelopes, postmarks (dm3-protocol.md §6, Part A §2, §6).
export * from "./types";
export * from "./errors";
export * from "./schema";
export * from "./message";
export * from "./envelope";
export * from "./postmark";
export * from "./send";
export * from "./open";
