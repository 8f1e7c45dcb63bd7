import { InvalidKeyError, signEd25519, verifyEd25519 } from "../crypto";
import { sha256, stringify } from "../shared/json";

// Mediator signatures of the billboard service API (DM3BMP, dm3-protocol.md §13.1). The
// specification writes them as `sign(sha256(safe-stable-stringify(idBillboard + idMessage)))` and
// `sign(sha256(blockedSender))`, signed with the mediator's dm3 profile signing key. dm3's
// `sha256` returns the `0x` + 64 lower-case hex text and dm3's `sign` signs the UTF-8 bytes of the
// text it gets (as for postmarks), so the signed bytes are that 66-character text:
// - deletion: `stringify` of the concatenated string is its JSON form, quotes included;
// - suspension: the sender's name or address as given, without stringify.
// The strings are taken exactly as the mediator sends them (no normalization before hashing).

/** The text a mediator signs to delete message `idMessage` of billboard `idBillboard`. */
export function deletionSigningText(idBillboard: string, idMessage: string): string {
  return sha256(stringify(idBillboard + idMessage));
}

/** The text a mediator signs to suspend `blockedSender` (an ENS name or an address). */
export function suspensionSigningText(blockedSender: string): string {
  return sha256(blockedSender);
}

/**
 * The mediator's signature of a deletion (`dm3_billboard_deleteMessage`), base64.
 * @param signingPrivateKey the mediator's dm3 profile Ed25519 key (base64, `signingKeyPair.privateKey`)
 * @throws InvalidKeyError
 */
export function signDeletion(signingPrivateKey: string, idBillboard: string, idMessage: string): string {
  return signEd25519(signingPrivateKey, deletionSigningText(idBillboard, idMessage));
}

/** The mediator's signature of a suspension (`dm3_billboard_suspendSender`), base64. @throws InvalidKeyError */
export function signSuspension(signingPrivateKey: string, blockedSender: string): string {
  return signEd25519(signingPrivateKey, suspensionSigningText(blockedSender));
}

/** True when `signature` is a deletion signed by `publicSigningKey` (a malformed key or signature is false). */
export function isDeletionSignatureValid(publicSigningKey: string, idBillboard: string, idMessage: string, signature: string): boolean {
  return verifyQuietly(publicSigningKey, deletionSigningText(idBillboard, idMessage), signature);
}

/** True when `signature` is a suspension signed by `publicSigningKey` (a malformed key or signature is false). */
export function isSuspensionSignatureValid(publicSigningKey: string, blockedSender: string, signature: string): boolean {
  return verifyQuietly(publicSigningKey, suspensionSigningText(blockedSender), signature);
}

function verifyQuietly(publicKey: string, text: string, signature: string): boolean {
  try {
    return verifyEd25519(publicKey, text, signature);
  } catch (e) {
    if (e instanceof InvalidKeyError) return false;
    throw e;
  }
}
