import { randomUUID } from "node:crypto";
import { UnauthorizedError } from "./errors";
import { signJwt, verifyJwt, type JwtSecret } from "./jwt";
import { InvalidKeyError, verifyEd25519 } from "../crypto";
import type { MessageStore } from "./storage/types";

/** Validity of a challenge, in seconds (the reference's 15 minutes). */
export const CHALLENGE_TTL_SECONDS = 15 * 60;
/**
 * How long a used challenge stays recorded past its expiry, in ms: instances whose clocks differ
 * by less than this cannot accept it again after the record is purged.
 */
export const CONSUMED_CHALLENGE_MARGIN_MS = 60_000;
/** Validity of an auth token, in seconds (the reference's hour). */
export const TOKEN_TTL_SECONDS = 60 * 60;

const CHALLENGE_CLAIMS = ["account", "challenge", "exp", "iat", "nbf"];
const TOKEN_CLAIMS = ["account", "exp", "iat", "nbf"];

function exactly(claims: Record<string, unknown>, keys: string[]): boolean {
  const got = Object.keys(claims).sort();
  return got.length === keys.length && got.every((k, i) => k === keys[i]) && typeof claims.account === "string";
}

/** A challenge JWT for `account` (HS256, payload `{account, challenge: uuid, iat, nbf, exp}`). */
export function createChallenge(account: string, secret: JwtSecret): string {
  return signJwt({ account, challenge: randomUUID() }, secret, CHALLENGE_TTL_SECONDS);
}

/** An auth token for `account` (HS256, payload `{account, iat, nbf, exp}`). */
export function createAuthToken(account: string, secret: JwtSecret, validForSeconds = TOKEN_TTL_SECONDS): string {
  return signJwt({ account }, secret, validForSeconds);
}

/**
 * Checks a challenge answer: the challenge is ours, unexpired, for `account`, and `signature`
 * is the Ed25519 signature of the whole challenge string by `publicSigningKey`. Returns the
 * challenge's uuid and expiry (ms).
 * @throws UnauthorizedError
 */
export function checkChallengeAnswer(account: string, challenge: string, signature: string, publicSigningKey: string, secret: JwtSecret): { id: string; expiresAt: number } {
  const v = verifyJwt(challenge, secret);
  if (!v.ok) throw new UnauthorizedError(`the challenge is not valid (${v.reason})`);
  if (!exactly(v.claims, CHALLENGE_CLAIMS) || typeof v.claims.challenge !== "string") throw new UnauthorizedError("the challenge is not valid (unexpected claims)");
  if (v.claims.account !== account) throw new UnauthorizedError("the challenge was issued for another account");
  let valid: boolean;
  try {
    valid = verifyEd25519(publicSigningKey, challenge, signature);
  } catch (e) {
    if (!(e instanceof InvalidKeyError)) throw e;
    valid = false; // the published profile carries a malformed key
  }
  if (!valid) throw new UnauthorizedError("Signature invalid");
  return { id: v.claims.challenge, expiresAt: (v.claims.exp as number) * 1000 };
}

/**
 * Checks a challenge answer ({@link checkChallengeAnswer}), then records its challenge as used in
 * `store`: each challenge is redeemed once, across every instance sharing the store. Nothing is
 * recorded for an invalid answer.
 * @throws UnauthorizedError (also "the challenge was already used"), StorageError
 */
export async function redeemChallengeAnswer(store: Pick<MessageStore, "consumeChallenge">, account: string, challenge: string, signature: string, publicSigningKey: string, secret: JwtSecret): Promise<void> {
  const { id, expiresAt } = checkChallengeAnswer(account, challenge, signature, publicSigningKey, secret);
  if (!(await store.consumeChallenge(id, expiresAt + CONSUMED_CHALLENGE_MARGIN_MS))) throw new UnauthorizedError("the challenge was already used");
}

/**
 * Checks an `Authorization: Bearer <token>` header (or a bare token) for `account`.
 * @throws UnauthorizedError (missing, malformed, expired, wrong signature, another account's token)
 */
export function checkAuthToken(authorization: string | undefined, account: string, secret: JwtSecret): void {
  if (!authorization) throw new UnauthorizedError("missing auth token (Authorization: Bearer <token>)");
  const token = authorization.startsWith("Bearer ") ? authorization.slice(7).trim() : authorization;
  const v = verifyJwt(token, secret);
  if (!v.ok) throw new UnauthorizedError(v.reason === "expired" ? "the auth token has expired" : `the auth token is not valid (${v.reason})`);
  if (!exactly(v.claims, TOKEN_CLAIMS)) throw new UnauthorizedError("the auth token is not valid (unexpected claims)");
  if (v.claims.account !== account) throw new UnauthorizedError("the auth token belongs to another account");
}
