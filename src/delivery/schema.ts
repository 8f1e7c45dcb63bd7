import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { InvalidInputError } from "./errors";
import type { Acknowledgement, EncryptionEnvelope, SpamFilterRules } from "./types";

const str = { type: "string" } as const;

const deliveryInformationSchema = {
  type: "object",
  properties: { to: str, from: str, deliveryInstruction: str },
  required: ["to", "from"],
  additionalProperties: false,
} as const;

/**
 * The submitted envelope: closed objects as in the reference schema, with exactly one of
 * `messageHash` (git variant) and `encryptedMessageHash` (npm 1.7.1 variant).
 */
const envelopeSchema = {
  type: "object",
  properties: {
    message: str,
    postmark: str,
    metadata: {
      type: "object",
      properties: {
        version: str,
        encryptionScheme: str,
        deliveryInformation: { anyOf: [str, deliveryInformationSchema] },
        messageHash: str,
        encryptedMessageHash: str,
        signature: str,
      },
      required: ["version", "deliveryInformation", "signature"],
      oneOf: [{ required: ["messageHash"] }, { required: ["encryptedMessageHash"] }],
      additionalProperties: false,
    },
  },
  required: ["message", "metadata"],
  additionalProperties: false,
} as const;

const acknowledgementsSchema = {
  type: "object",
  properties: {
    acknowledgements: {
      type: "array",
      maxItems: 1000,
      items: {
        type: "object",
        properties: { contactAddress: { type: "string", maxLength: 512 }, messageHash: { type: "string", maxLength: 128 } },
        required: ["contactAddress", "messageHash"],
        additionalProperties: false,
      },
    },
  },
  required: ["acknowledgements"],
  additionalProperties: false,
} as const;

const uintString = { type: "string", pattern: "^(0|[1-9][0-9]{0,77}|0x[0-9a-fA-F]{1,64})$" } as const;

const spamFilterRulesSchema = {
  type: "object",
  properties: {
    minNonce: { type: "integer", minimum: 0, maximum: 2 ** 53 - 1 },
    minBalance: uintString,
    minTokenBalance: {
      type: "object",
      properties: { address: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" }, amount: uintString },
      required: ["address", "amount"],
      additionalProperties: false,
    },
    tokenGate: {
      type: "object",
      properties: { ruleSetId: { type: "string", minLength: 1, maxLength: 256 } },
      required: ["ruleSetId"],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

const authBodySchema = {
  type: "object",
  properties: { signature: { type: "string", maxLength: 256 }, challenge: { type: "string", maxLength: 2048 } },
  required: ["signature", "challenge"],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });
const validators = {
  envelope: ajv.compile<EncryptionEnvelope>(envelopeSchema),
  acknowledgements: ajv.compile<{ acknowledgements: Acknowledgement[] }>(acknowledgementsSchema),
  spamFilterRules: ajv.compile<SpamFilterRules>(spamFilterRulesSchema),
  authBody: ajv.compile<{ signature: string; challenge: string }>(authBodySchema),
};

function describe(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return "invalid";
  const at = e.instancePath || "(root)";
  if (e.keyword === "additionalProperties") return `${at} has unexpected field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === "required") return `${at} is missing "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === "oneOf") return `${at} needs exactly one of messageHash and encryptedMessageHash`;
  return `${at} ${e.message ?? e.keyword}`;
}

function check<T>(what: string, validate: ValidateFunction<T>, value: unknown): T {
  if (!validate(value)) throw new InvalidInputError(`not a valid ${what}: ${describe(validate.errors)}`);
  return value;
}

/** @throws InvalidInputError when `value` is not an encrypted envelope */
export function assertEnvelope(value: unknown): EncryptionEnvelope {
  return check("encryption envelope", validators.envelope, value);
}

/** @throws InvalidInputError when `value` is not `{ acknowledgements: Acknowledgement[] }` */
export function assertAcknowledgements(value: unknown): Acknowledgement[] {
  return check("acknowledgement list", validators.acknowledgements, value).acknowledgements;
}

/** @throws InvalidInputError when `value` is not a spam filter rule set */
export function assertSpamFilterRules(value: unknown): SpamFilterRules {
  return check("spam filter rule set", validators.spamFilterRules, value);
}

/** @throws InvalidInputError when `value` is not `{ signature, challenge }` */
export function assertAuthBody(value: unknown): { signature: string; challenge: string } {
  return check("challenge answer", validators.authBody, value);
}
