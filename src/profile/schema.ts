import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import type { DeliveryServiceProfile, SignedUserProfile, UserProfile } from "./types";
import { SchemaViolationError } from "./errors";

// The reference's JSON schemas (dm3-lib-profile 1.7.1, draft-07): every field required,
// every object closed (additionalProperties: false), strings and arrays of strings.
const userProfileSchema = {
  type: "object",
  properties: {
    publicEncryptionKey: { type: "string" },
    publicSigningKey: { type: "string" },
    deliveryServices: { type: "array", items: { type: "string" } },
  },
  required: ["publicEncryptionKey", "publicSigningKey", "deliveryServices"],
  additionalProperties: false,
} as const;

const signedUserProfileSchema = {
  type: "object",
  properties: { profile: userProfileSchema, signature: { type: "string" } },
  required: ["profile", "signature"],
  additionalProperties: false,
} as const;

const deliveryServiceProfileSchema = {
  type: "object",
  properties: {
    publicSigningKey: { type: "string" },
    publicEncryptionKey: { type: "string" },
    url: { type: "string" },
  },
  required: ["publicSigningKey", "publicEncryptionKey", "url"],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = {
  UserProfile: ajv.compile<UserProfile>(userProfileSchema),
  SignedUserProfile: ajv.compile<SignedUserProfile>(signedUserProfileSchema),
  DeliveryServiceProfile: ajv.compile<DeliveryServiceProfile>(deliveryServiceProfileSchema),
};

/** Names of the dm3 profile schemas. */
export type ProfileSchemaName = keyof typeof validators;

/** Ajv errors as short human-readable lines (`/path is missing "x"`, `has unexpected field "y"`). */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath || "(root)";
    if (e.keyword === "additionalProperties") return `${at} has unexpected field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === "required") return `${at} is missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    return `${at} ${e.message ?? e.keyword}`;
  });
}

function check<T>(name: ProfileSchemaName, validate: ValidateFunction<T>, value: unknown): T {
  if (!validate(value)) throw new SchemaViolationError(name, describeSchemaErrors(validate.errors));
  return value;
}

/** True when `value` is a schema-valid {@link UserProfile}. */
export function isUserProfile(value: unknown): value is UserProfile {
  return validators.UserProfile(value);
}

/** True when `value` is a schema-valid {@link SignedUserProfile}. */
export function isSignedUserProfile(value: unknown): value is SignedUserProfile {
  return validators.SignedUserProfile(value);
}

/** True when `value` is a schema-valid {@link DeliveryServiceProfile}. */
export function isDeliveryServiceProfile(value: unknown): value is DeliveryServiceProfile {
  return validators.DeliveryServiceProfile(value);
}

/** Returns `value` typed when it is a valid {@link UserProfile}. @throws SchemaViolationError */
export function assertUserProfile(value: unknown): UserProfile {
  return check("UserProfile", validators.UserProfile, value);
}

/** Returns `value` typed when it is a valid {@link SignedUserProfile}. @throws SchemaViolationError */
export function assertSignedUserProfile(value: unknown): SignedUserProfile {
  return check("SignedUserProfile", validators.SignedUserProfile, value);
}

/** Returns `value` typed when it is a valid {@link DeliveryServiceProfile}. @throws SchemaViolationError */
export function assertDeliveryServiceProfile(value: unknown): DeliveryServiceProfile {
  return check("DeliveryServiceProfile", validators.DeliveryServiceProfile, value);
}
