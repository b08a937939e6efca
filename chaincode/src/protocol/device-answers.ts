import { z } from 'zod';
import { readingSchema, variableSchema } from './device-reading';
import { evidenceSchema } from './device-evidence';
import { ERROR_CODES } from './error-code';
import { idSchema, timestampSchema, transactionIdSchema } from './identifiers';
import { MAILBOXES } from './communication';
import { MATERIAL_FORMS } from './material';
import { PROCESS_STEPS } from './machine-types';
import { PACKET_TYPES } from './packet';
import { parseJsonText, parseValue } from './parse-input';

const figure = z.number().finite().nullable();

/**
 * One bucket of an aggregated `readings` answer: `[start, end)` of one variable. An empty bucket
 * has `count` 0 and null figures; `cvPercent` (sample standard deviation / mean × 100) is null
 * under two readings or for a zero mean; `p95` is by nearest rank.
 */
export const readingBucketSchema = z
    .object({
        variable: variableSchema,
        start: timestampSchema,
        end: timestampSchema,
        count: z.number().int().min(0),
        min: figure,
        max: figure,
        mean: figure,
        p95: figure,
        cvPercent: figure,
    })
    .strict();

/** A bucket of an aggregated answer. */
export type ReadingBucket = z.infer<typeof readingBucketSchema>;

/** The answer to `status`. `latest` keeps whole readings, so a proof can be attached to each. */
export const statusAnswerSchema = z
    .object({
        kind: z.literal('status'),
        machineId: idSchema,
        answeredAt: timestampSchema,
        machine: z
            .object({ status: z.string(), machineType: z.string(), processStep: z.string(), line: z.string() })
            .strict()
            .optional(),
        chainLength: z.number().int().min(0),
        sealedThrough: z.number().int().min(0),
        latest: z.array(readingSchema),
        truncated: z.boolean(),
        /** Proofs of `latest` back to sealed roots on the chain (see `evidenceSchema`). */
        evidence: evidenceSchema.optional(),
    })
    .strict();

/**
 * The answer to `readings`: `rows` (whole readings, each with its seq, oldest first per variable
 * in the question's order) for `raw`, `buckets` for `aggregate`; the other list is empty.
 * `sealedThrough` is the seq of the last sealed reading: a row past it is not sealed yet.
 */
export const readingsAnswerSchema = z
    .object({
        kind: z.literal('readings'),
        machineId: idSchema,
        answeredAt: timestampSchema,
        mode: z.enum(['raw', 'aggregate']),
        from: timestampSchema,
        to: timestampSchema,
        everySeconds: z.number().int().min(1).optional(),
        units: z.record(variableSchema, z.string().max(16)),
        sealedThrough: z.number().int().min(0),
        rows: z.array(readingSchema),
        buckets: z.array(readingBucketSchema),
        truncated: z.boolean(),
        /** Proofs of `rows`, or the sealed batches `buckets` were computed from (see `evidenceSchema`). */
        evidence: evidenceSchema.optional(),
    })
    .strict();

/** The answer to `lot-quality`: the lot, the transform that produced it, and its quality figures. */
export const lotQualityAnswerSchema = z
    .object({
        kind: z.literal('lot-quality'),
        machineId: idSchema,
        answeredAt: timestampSchema,
        lotId: idSchema,
        form: z.enum(MATERIAL_FORMS),
        quantityGrams: z.number().int().min(1),
        remainingGrams: z.number().int().min(0),
        status: z.enum(['AVAILABLE', 'CONSUMED']),
        transformId: idSchema,
        processStep: z.enum(PROCESS_STEPS),
        recordedAt: timestampSchema,
        inputs: z.array(z.object({ lotId: idSchema, quantityGrams: z.number().int().min(1) }).strict()),
        tolerancePermille: z.number().int().min(0),
        quality: z.record(z.string(), z.union([z.number().finite(), z.string()])),
    })
    .strict();

/** One entry of the machine's communication chain, without its (encrypted) content. */
export const chainMessageSchema = z
    .object({
        blockSeq: z.number().int().min(1),
        messageId: transactionIdSchema,
        mailbox: z.enum(MAILBOXES),
        type: z.enum(PACKET_TYPES),
        senderId: idSchema,
        receiverId: idSchema,
        recordedAt: timestampSchema,
        size: z.number().int().min(0),
    })
    .strict();

/** A chain message. */
export type ChainMessage = z.infer<typeof chainMessageSchema>;

/** The answer to `messages`: matching entries, oldest first. */
export const messagesAnswerSchema = z
    .object({
        kind: z.literal('messages'),
        machineId: idSchema,
        answeredAt: timestampSchema,
        from: timestampSchema,
        to: timestampSchema,
        type: z.enum(PACKET_TYPES).optional(),
        messages: z.array(chainMessageSchema),
        truncated: z.boolean(),
    })
    .strict();

/** An agent's refusal of a question, e.g. `QUESTION_INVALID` for plaintext that is not a question. */
export const errorAnswerSchema = z
    .object({
        kind: z.literal('error'),
        machineId: idSchema,
        answeredAt: timestampSchema,
        code: z.enum(ERROR_CODES),
        message: z.string().max(512),
    })
    .strict();

/** An answer to a device question, matching the question's kind, or an error. */
export const answerSchema = z.discriminatedUnion('kind', [
    statusAnswerSchema,
    readingsAnswerSchema,
    lotQualityAnswerSchema,
    messagesAnswerSchema,
    errorAnswerSchema,
]);

/** An answer. */
export type Answer = z.infer<typeof answerSchema>;
/** A `status` answer. */
export type StatusAnswer = z.infer<typeof statusAnswerSchema>;
/** A `readings` answer. */
export type ReadingsAnswer = z.infer<typeof readingsAnswerSchema>;
/** A `lot-quality` answer. */
export type LotQualityAnswer = z.infer<typeof lotQualityAnswerSchema>;
/** A `messages` answer. */
export type MessagesAnswer = z.infer<typeof messagesAnswerSchema>;
/** An error answer. */
export type ErrorAnswer = z.infer<typeof errorAnswerSchema>;

/**
 * Reads a reply's plaintext as an answer (the requester's side).
 *
 * @throws DomainError INVALID_ARGUMENT when the text is not JSON or not an answer.
 */
export function parseAnswer(plaintext: string | Uint8Array): Answer {
    return parseValue(answerSchema, parseJsonText(plaintext, 'the answer'), 'answer');
}
