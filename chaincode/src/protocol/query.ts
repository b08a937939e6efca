import { z } from 'zod';
import { idSchema, sha256HexSchema, textSchema, timestampSchema, transactionIdSchema } from './identifiers';
import { LIMITS } from './limits';

/**
 * Statuses of a query: REQUESTED once delivered to the responder (step 4), ANSWERED once its
 * reply is delivered (step 8), DENIED when the responder refuses it (step 5), REPLY_REJECTED when
 * the requester finds the reply illegal and asks for it again (step 9 back to 6), FAILED for good
 * when its reply was rejected `LIMITS.queryRejectionsMax` times.
 */
export const QUERY_STATUSES = ['REQUESTED', 'ANSWERED', 'DENIED', 'REPLY_REJECTED', 'FAILED'] as const;

/** Why a query ended FAILED: its reply was rejected as often as `LIMITS.queryRejectionsMax` allows. */
export const QUERY_FAILURES = ['REJECTIONS_EXHAUSTED'] as const;

/** Why a responder denies a query (step 5). */
export const DENIAL_REASONS = [
    'SIGNATURE_INVALID',
    'REPLAYED',
    'EXPIRED',
    'NOT_AUTHORIZED',
    'UNSUPPORTED_QUERY',
    'OVERLOADED',
] as const;

/** Why a requester rejects a reply (step 9). */
export const REJECTION_REASONS = [
    'SIGNATURE_INVALID',
    'DECRYPTION_FAILED',
    'MALFORMED_REPLY',
    'EVIDENCE_INVALID',
] as const;

/** The public record of a query: IDs, status and hashes, never the query or its answer. */
export const queryRecordSchema = z
    .object({
        queryId: transactionIdSchema,
        requesterId: idSchema,
        responderId: idSchema,
        status: z.enum(QUERY_STATUSES),
        requestedAt: timestampSchema,
        requestInspection: sha256HexSchema,
        replyMessageId: transactionIdSchema.optional(),
        answeredAt: timestampSchema.optional(),
        denial: z
            .object({ reason: z.enum(DENIAL_REASONS), detail: textSchema.optional(), at: timestampSchema })
            .strict()
            .optional(),
        rejections: z
            .array(
                z
                    .object({
                        replyMessageId: transactionIdSchema,
                        reason: z.enum(REJECTION_REASONS),
                        detail: textSchema.optional(),
                        at: timestampSchema,
                    })
                    .strict(),
            )
            .max(LIMITS.queryRejectionsMax),
        failure: z
            .object({ code: z.enum(QUERY_FAILURES), at: timestampSchema })
            .strict()
            .optional(),
        updatedAt: timestampSchema,
    })
    .strict();

/** A query record. */
export type QueryRecord = z.infer<typeof queryRecordSchema>;

/** The argument of `QueryFlow:deny`. */
export const denialCommandSchema = z
    .object({ queryId: transactionIdSchema, reason: z.enum(DENIAL_REASONS), detail: textSchema.optional() })
    .strict();

/** A denial. */
export type DenialCommand = z.infer<typeof denialCommandSchema>;

/** The argument of `QueryFlow:rejectReply`. */
export const rejectionCommandSchema = z
    .object({ queryId: transactionIdSchema, reason: z.enum(REJECTION_REASONS), detail: textSchema.optional() })
    .strict();

/** A reply rejection. */
export type RejectionCommand = z.infer<typeof rejectionCommandSchema>;
