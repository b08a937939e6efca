import { z } from 'zod';

/**
 * The whitelist for every machine, lot, transform and line ID. Lower-case letters, digits and
 * hyphens only, so an ID can never contain the `\u0000` separator of a composite key and two
 * different IDs can never build the same key.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A Fabric transaction ID: 64 lower-case hex digits. Messages and queries are named by theirs. */
export const TRANSACTION_ID_PATTERN = /^[0-9a-f]{64}$/;

/** An MSP ID such as `MillAMSP`. */
export const MSP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

/** An ID that matches {@link ID_PATTERN}. */
export const idSchema = z.string().regex(ID_PATTERN, `must match ${ID_PATTERN.source}`);

/** A transaction ID that matches {@link TRANSACTION_ID_PATTERN}. */
export const transactionIdSchema = z
    .string()
    .regex(TRANSACTION_ID_PATTERN, `must match ${TRANSACTION_ID_PATTERN.source}`);

/** An MSP ID that matches {@link MSP_ID_PATTERN}. */
export const mspIdSchema = z.string().regex(MSP_ID_PATTERN, `must match ${MSP_ID_PATTERN.source}`);

/** A short human text (vendor, origin, reason): no control characters, 1 to 128 characters. */
export const textSchema = z
    .string()
    .min(1)
    .max(128)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** An ISO 8601 UTC timestamp with a `Z` suffix, as Spindle stores every time. */
export const timestampSchema = z.string().datetime();

/** A lower-case hex SHA-256 digest. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256 digest');
