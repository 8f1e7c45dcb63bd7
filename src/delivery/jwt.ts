import { createHmac, timingSafeEqual } from "node:crypto";

// HS256 JSON Web Tokens (RFC 7519) with Node's HMAC: only what the dm3 delivery service needs
// (one algorithm, one fixed header, our own claims), so there is no algorithm negotiation to
// get wrong (no "none", no key confusion). Interoperable with the reference's jsonwebtoken
// tokens (checked in tests against @dm3-org/dm3-lib-server-side).

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/** The reference derives the HMAC secret from the DS signing key; see `serverSecret`. */
export type JwtSecret = string | Uint8Array;

/** Signs `payload` (claims `iat`, `nbf` = now and `exp` = now + `validForSeconds` are added). */
export function signJwt(payload: Record<string, unknown>, secret: JwtSecret, validForSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const claims = { ...payload, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + validForSeconds };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

/** Why a token was refused. */
export type JwtFailure = "malformed" | "bad-signature" | "expired" | "not-yet-valid";

/**
 * Verifies an HS256 token: header exactly HS256, signature (constant time), `nbf`/`iat` not in
 * the future, `exp` in the future. Returns the claims or the reason it failed.
 */
export function verifyJwt(token: string, secret: JwtSecret, nowSeconds = Math.floor(Date.now() / 1000)): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: JwtFailure } {
  if (typeof token !== "string" || token.length > 4096) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const h = header as { alg?: unknown; typ?: unknown };
  if (typeof header !== "object" || header === null || h.alg !== "HS256" || (h.typ !== undefined && h.typ !== "JWT")) return { ok: false, reason: "malformed" };
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad-signature" };
  const c = claims as Record<string, unknown>;
  if (typeof c.exp !== "number" || c.exp <= nowSeconds) return { ok: false, reason: "expired" };
  if ((typeof c.nbf === "number" && c.nbf > nowSeconds) || (typeof c.iat === "number" && c.iat > nowSeconds)) return { ok: false, reason: "not-yet-valid" };
  return { ok: true, claims: c };
}
