import Ajv, { type ValidateFunction } from "ajv";
import { describeSchemaErrors } from "../profile/schema";
import { MESSAGE_TYPES } from "./types";
import type { DeliveryInformation, EncryptionEnvelope, Message, NpmEncryptionEnvelope, Postmark, ProxyEnvelope } from "./types";
import type { EncryptedPayload } from "../crypto";
import { InvalidEnvelopeError, InvalidMessageError } from "./errors";

// The reference's JSON schemas (dm3-lib-messaging 1.7.1, draft-07, every object closed), plus the
// git 1.7.1 envelope (messageHash instead of encryptedMessageHash) and the parts the reference
// parses without a schema (encrypted payloads, postmarks, proxy envelopes), equally strict.
const str = { type: "string" } as const;

const attachment = {
  type: "object",
  properties: { name: str, data: str },
  required: ["data"],
  additionalProperties: false,
} as const;

const messageMetadata = {
  type: "object",
  properties: {
    to: str,
    from: str,
    timestamp: { type: "number" },
    type: { type: "string", enum: [...MESSAGE_TYPES] },
    referenceMessageHash: str,
    replyDeliveryInstruction: str,
  },
  required: ["to", "from", "timestamp", "type"],
  additionalProperties: false,
} as const;

const message = {
  type: "object",
  properties: { message: str, metadata: messageMetadata, attachments: { type: "array", items: attachment }, signature: str },
  required: ["metadata", "signature"],
  additionalProperties: false,
} as const;

const deliveryInformation = {
  type: "object",
  properties: { to: str, from: str, deliveryInstruction: str },
  required: ["to", "from"],
  additionalProperties: false,
} as const;

function envelopeSchema(hashField: "messageHash" | "encryptedMessageHash") {
  return {
    type: "object",
    properties: {
      message: str,
      metadata: {
        type: "object",
        properties: {
          version: str,
          encryptionScheme: str,
          deliveryInformation: { anyOf: [str, deliveryInformation] },
          [hashField]: str,
          signature: str,
        },
        required: ["version", "deliveryInformation", hashField, "signature"],
        additionalProperties: false,
      },
      postmark: str,
    },
    required: ["message", "metadata"],
    additionalProperties: false,
  } as const;
}

const encryptedPayload = {
  type: "object",
  properties: { ciphertext: str, nonce: str, ephemPublicKey: str },
  required: ["ciphertext", "nonce"],
  additionalProperties: false,
} as const;

const postmark = {
  type: "object",
  properties: { messageHash: str, incommingTimestamp: { type: "number" }, signature: str },
  required: ["messageHash", "incommingTimestamp", "signature"],
  additionalProperties: false,
} as const;

const gitEnvelope = envelopeSchema("messageHash");
const proxyEnvelope = {
  type: "object",
  properties: {
    to: str,
    encryptedMessage: str,
    encryptionEnvelops: {
      type: "array",
      items: {
        type: "object",
        properties: {
          encryptionEnvelop: {
            type: "object",
            properties: { metadata: gitEnvelope.properties.metadata },
            required: ["metadata"],
            additionalProperties: false,
          },
          deliveryServiceEnsName: str,
        },
        required: ["encryptionEnvelop", "deliveryServiceEnsName"],
        additionalProperties: false,
      },
    },
  },
  required: ["to", "encryptedMessage", "encryptionEnvelops"],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const validators = {
  Message: ajv.compile<Message>(message),
  EncryptionEnvelope: ajv.compile<EncryptionEnvelope>(gitEnvelope),
  NpmEncryptionEnvelope: ajv.compile<NpmEncryptionEnvelope>(envelopeSchema("encryptedMessageHash")),
  DeliveryInformation: ajv.compile<DeliveryInformation>(deliveryInformation),
  EncryptedPayload: ajv.compile<EncryptedPayload>(encryptedPayload),
  Postmark: ajv.compile<Postmark>(postmark),
  ProxyEnvelope: ajv.compile<ProxyEnvelope>(proxyEnvelope),
};

/** Names of the messaging schemas. */
export type MessagingSchemaName = keyof typeof validators;

function check<T>(name: MessagingSchemaName, validate: ValidateFunction<T>, value: unknown): T {
  if (validate(value)) return value;
  const violations = describeSchemaErrors(validate.errors);
  if (name === "Message") throw new InvalidMessageError(violations);
  throw new InvalidEnvelopeError(name, violations);
}

/** True when `value` matches the named schema. */
export function matchesSchema(name: MessagingSchemaName, value: unknown): boolean {
  return validators[name](value);
}

/** Returns `value` typed when it is a schema-valid {@link Message}. @throws InvalidMessageError */
export function assertMessage(value: unknown): Message {
  return check("Message", validators.Message, value);
}

/** Returns `value` typed when it is a schema-valid git-variant envelope. @throws InvalidEnvelopeError */
export function assertEncryptionEnvelope(value: unknown): EncryptionEnvelope {
  return check("EncryptionEnvelope", validators.EncryptionEnvelope, value);
}

/** Returns `value` typed when it is a schema-valid npm-variant envelope. @throws InvalidEnvelopeError */
export function assertNpmEncryptionEnvelope(value: unknown): NpmEncryptionEnvelope {
  return check("NpmEncryptionEnvelope", validators.NpmEncryptionEnvelope, value);
}

/** Returns `value` typed when it is schema-valid delivery information. @throws InvalidEnvelopeError */
export function assertDeliveryInformation(value: unknown): DeliveryInformation {
  return check("DeliveryInformation", validators.DeliveryInformation, value);
}

/** Returns `value` typed when it is a schema-valid encrypted payload. @throws InvalidEnvelopeError */
export function assertEncryptedPayload(value: unknown): EncryptedPayload {
  return check("EncryptedPayload", validators.EncryptedPayload, value);
}

/** Returns `value` typed when it is a schema-valid postmark. @throws InvalidEnvelopeError */
export function assertPostmark(value: unknown): Postmark {
  return check("Postmark", validators.Postmark, value);
}

/** Returns `value` typed when it is a schema-valid proxy envelope. @throws InvalidEnvelopeError */
export function assertProxyEnvelope(value: unknown): ProxyEnvelope {
  return check("ProxyEnvelope", validators.ProxyEnvelope, value);
}

/**
 * Parses JSON text and checks it against a schema: for the stringified payloads inside envelopes.
 * @throws InvalidEnvelopeError (also for text that is not JSON)
 */
export function parseJsonAs<T>(text: string, what: string, assert: (v: unknown) => T): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidEnvelopeError(what, ["not JSON"]);
  }
  return assert(value);
}

/**
 * Validates an envelope of either variant and says which one it is (Part A §2: dm3kit writes
 * the git variant and reads both).
 * @throws InvalidEnvelopeError with the git variant's violations when it matches neither
 */
export function validateEnvelope(value: unknown): { variant: "git"; envelope: EncryptionEnvelope } | { variant: "npm"; envelope: NpmEncryptionEnvelope } {
  if (validators.EncryptionEnvelope(value)) return { variant: "git", envelope: value };
  if (validators.NpmEncryptionEnvelope(value)) return { variant: "npm", envelope: value };
  return { variant: "git", envelope: assertEncryptionEnvelope(value) };
}
