import Ajv, { type ValidateFunction } from "ajv";
import { describeSchemaErrors } from "../profile/schema";
import { InvalidInputError } from "./errors";
import type { Acknowledgement, SpamFilterRules } from "./types";

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

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
const validators = {
  acknowledgements: ajv.compile<{ acknowledgements: Acknowledgement[] }>(acknowledgementsSchema),
  spamFilterRules: ajv.compile<SpamFilterRules>(spamFilterRulesSchema),
  authBody: ajv.compile<{ signature: string; challenge: string }>(authBodySchema),
};

function check<T>(what: string, validate: ValidateFunction<T>, value: unknown): T {
  if (!validate(value)) throw new InvalidInputError(`not a valid ${what}: ${describeSchemaErrors(validate.errors)[0] ?? "invalid"}`);
  return value;
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
