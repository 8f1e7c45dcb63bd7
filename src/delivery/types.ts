import type { Dm3SpamFilterRules, RuleSetDefinition } from "../gate";
import type { SignedUserProfile } from "../profile/types";

export type { AnyEncryptionEnvelope, DeliveryInformation, EncryptionEnvelope, NpmEncryptionEnvelope } from "../messaging";

/** What a receiver sends to drop delivered envelopes (dm3 `Acknowledgement`). */
export interface Acknowledgement {
  /** The sender's ENS name (the conversation). */
  contactAddress: string;
  /** The envelope's `metadata.messageHash` (or `encryptedMessageHash`). */
  messageHash: string;
}

/**
 * A receiver's spam filter rules: dm3's `SpamFilterRules` (`minNonce`, `minBalance`,
 * `minTokenBalance`) plus a token-gate rule set; all optional, all must pass.
 */
export interface SpamFilterRules extends Dm3SpamFilterRules {
  /** A token-gate rule set the sender must satisfy, evaluated by the configured {@link TokenGate}. */
  tokenGate?: { ruleSetId: string };
}

/** A receiver's per-delivery-service settings, served by `dm3_getProfileExtension`. */
export interface ProfileExtension {
  encryptionAlgorithm?: string[];
  notSupportedMessageTypes: string[];
  /** The receiver's spam filter rules, so senders can check them before sending. */
  spamFilterRules?: SpamFilterRules;
}

/** The default extension of a new account (the reference's `getDefaultProfileExtension`). */
export function defaultProfileExtension(): ProfileExtension {
  return { encryptionAlgorithm: ["x25519-chacha20-poly1305"], notSupportedMessageTypes: [] };
}

/** What `dm3_getDeliveryServiceProperties` exposes (nothing else: no notification secrets). */
export interface DeliveryServiceProperties {
  /** How long an undelivered envelope is kept, in milliseconds (0: forever), as the reference. */
  messageTTL: number;
  /** Largest accepted envelope, in bytes (UTF-8 length of its canonical JSON). */
  sizeLimit: number;
}

/** An account at the delivery service. */
export interface DeliveryAccount {
  /** Storage id: the lower-case address the name resolved to at sign-up. */
  id: string;
  /** The ENS name the account signed up with. */
  name: string;
  signedUserProfile: SignedUserProfile;
  profileExtension: ProfileExtension;
  createdAt: number;
}

/**
 * Where token-gated access plugs in (`tokenGateFromChecker` over src/gate's `createGateChecker`):
 * the delivery service asks it whether a sender satisfies the receiver's stored rule set and the
 * rules its `minBalance` / `minTokenBalance` settings map onto. Implementations cache their answers.
 */
export interface TokenGate {
  /** True when the rule set exists (checked when a receiver sets it). */
  hasRuleSet(ruleSetId: string): Promise<boolean>;
  /** True when `senderAddress` passes the rule set. */
  check(ruleSetId: string, senderAddress: string): Promise<boolean>;
  /** For each rule of `definition` (a set that is not stored), whether `senderAddress` passes it. */
  checkRules(definition: RuleSetDefinition, senderAddress: string): Promise<boolean[]>;
}
