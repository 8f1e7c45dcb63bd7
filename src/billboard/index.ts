// Billboard anchoring (DM3BMP + on-chain anchors): leaves, batch trees and proofs, the anchor contract.
export * from "./errors";
export * from "./leaf";
export * from "./tree";
export * from "./anchor";
