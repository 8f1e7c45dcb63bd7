import { defaultBackend } from "./native";
import { nobleBackend } from "./noble";
import type { CryptoBackend } from "./types";

export type { CryptoBackend } from "./types";
export { nobleBackend } from "./noble";

let current: CryptoBackend = defaultBackend;

/**
 * The back-end every dm3kit crypto function uses: native under Node (sodium-native + libsecp256k1,
 * chosen by measurement, see bench/crypto.bench.ts), `@noble/*` in a browser bundle (package.json
 * "browser" maps the native module away) or where a native module does not load.
 */
export function cryptoBackend(): CryptoBackend {
  return current;
}

/**
 * Switches the back-end (`"noble"` forces pure JS, `"default"` restores the automatic choice).
 * For tests and benchmarks that compare implementations; both produce identical bytes.
 */
export function useCryptoBackend(which: "default" | "noble" | CryptoBackend): void {
  current = which === "default" ? defaultBackend : which === "noble" ? nobleBackend : which;
}
