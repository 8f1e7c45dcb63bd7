// Billboards (DM3BMP + on-chain anchors): leaves, batch trees and proofs, the anchor contract,
// mediator signatures, and the client of a billboard service (posting, messages, proofs).
export * from "./errors";
export * from "./leaf";
export * from "./tree";
export * from "./anchor";
export * from "./mediation";
export * from "./client";
