import { z } from 'zod';
import { LIMITS } from './limits';
import { timestampSchema } from './identifiers';

/** The argument of `Housekeeping:prune`: how many keys the call may delete at most. */
export const pruneCommandSchema = z
    .object({ maxKeys: z.number().int().min(1).max(LIMITS.pruneKeysMax).optional() })
    .strict();

/** A prune command. */
export type PruneCommand = z.infer<typeof pruneCommandSchema>;

/**
 * The public watermark of pruning: every nonce of a packet stamped before `prunedBefore` may be
 * gone, so every packet stamped before it is refused `EXPIRED`. It only moves forward.
 */
export const pruneWatermarkSchema = z.object({ prunedBefore: timestampSchema }).strict();

/** The prune watermark. */
export type PruneWatermark = z.infer<typeof pruneWatermarkSchema>;

/**
 * What `Housekeeping:prune` answers: the keys it deleted, the watermark after it, and whether
 * keys below the watermark are left for another call (`more`).
 */
export const pruneResultSchema = z
    .object({
        deletedNonces: z.number().int().min(0),
        deletedRateSlots: z.number().int().min(0),
        prunedBefore: timestampSchema.optional(),
        more: z.boolean(),
    })
    .strict();

/** A prune result. */
export type PruneResult = z.infer<typeof pruneResultSchema>;
