import { Dm3Error } from "../errors";

/** Codes of the HTTP-server helper errors. */
export type HttpErrorCode = "HTTP_CORS_CONFIG" | "HTTP_ORIGIN_REFUSED" | "HTTP_RATE_LIMIT_CONFIG";

declare module "../errors" {
  interface Dm3ErrorCodes extends Record<HttpErrorCode, true> {}
}

/** An allowed-origins list holds something that is not an origin (`scheme://host[:port]`). */
export class CorsConfigError extends Dm3Error {
  constructor(message: string) {
    super("HTTP_CORS_CONFIG", message);
  }
}

/** A rate limit's settings are out of range. */
export class RateLimitConfigError extends Dm3Error {
  constructor(message: string) {
    super("HTTP_RATE_LIMIT_CONFIG", message);
  }
}
