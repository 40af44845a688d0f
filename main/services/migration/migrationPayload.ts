import protobuf from 'protobufjs';
import { z } from 'zod';

/**
 * Google Authenticator's export format ("otpauth-migration://offline?data=…"), a protobuf message
 * Google never published; field numbers and enum values as its app writes them (reverse-engineered,
 * and agreed on by Aegis, 2FAS and others). Declared with protobufjs's reflection API.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    MigrationPayload: {
      fields: {
        otpParameters: { rule: 'repeated', type: 'OtpParameters', id: 1 },
        version: { type: 'int32', id: 2 },
        batchSize: { type: 'int32', id: 3 },
        batchIndex: { type: 'int32', id: 4 },
        batchId: { type: 'int32', id: 5 },
      },
      nested: {
        Algorithm: { values: { ALGORITHM_UNSPECIFIED: 0, SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 } },
        DigitCount: { values: { DIGIT_COUNT_UNSPECIFIED: 0, SIX: 1, EIGHT: 2, SEVEN: 3 } },
        OtpType: { values: { OTP_TYPE_UNSPECIFIED: 0, HOTP: 1, TOTP: 2 } },
        OtpParameters: {
          fields: {
            secret: { type: 'bytes', id: 1 },
            name: { type: 'string', id: 2 },
            issuer: { type: 'string', id: 3 },
            algorithm: { type: 'Algorithm', id: 4 },
            digits: { type: 'DigitCount', id: 5 },
            type: { type: 'OtpType', id: 6 },
            counter: { type: 'int64', id: 7 },
          },
        },
      },
    },
  },
});

const MigrationPayloadType = root.lookupType('MigrationPayload');

export const MIGRATION_ALGORITHM = { UNSPECIFIED: 0, SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 } as const;
export const MIGRATION_DIGITS = { UNSPECIFIED: 0, SIX: 1, EIGHT: 2, SEVEN: 3 } as const;
export const MIGRATION_TYPE = { UNSPECIFIED: 0, HOTP: 1, TOTP: 2 } as const;

/** The decoded message: enums as their numbers (unknown ones kept, to be refused by name later). */
const RawOtpParametersSchema = z.object({
  secret: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes'),
  name: z.string(),
  issuer: z.string(),
  algorithm: z.number().int(),
  digits: z.number().int(),
  type: z.number().int(),
  /** int64 as a decimal string: a JS number would silently round counters above 2^53. */
  counter: z.string().regex(/^-?\d+$/),
});
const RawMigrationPayloadSchema = z.object({
  otpParameters: z.array(RawOtpParametersSchema),
  version: z.number().int(),
  batchSize: z.number().int(),
  batchIndex: z.number().int(),
  batchId: z.number().int(),
});
export type RawOtpParameters = z.infer<typeof RawOtpParametersSchema>;
export type RawMigrationPayload = z.infer<typeof RawMigrationPayloadSchema>;

/** Throws on anything that is not such a message (protobufjs's own errors, or a shape zod refuses). */
export function decodeMigrationPayload(bytes: Uint8Array): RawMigrationPayload {
  const message = MigrationPayloadType.decode(bytes);
  const plain = MigrationPayloadType.toObject(message, { longs: String, enums: Number, defaults: true, arrays: true });
  return RawMigrationPayloadSchema.parse(plain);
}

export function encodeMigrationPayload(payload: RawMigrationPayload): Uint8Array {
  const message = MigrationPayloadType.fromObject(payload);
  return MigrationPayloadType.encode(message).finish();
}
