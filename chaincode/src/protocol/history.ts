import { z } from 'zod';
import { timestampSchema } from './identifiers';

/** One change of a world-state key, newest first as Fabric returns them. */
export function historyEntrySchema<T extends z.ZodTypeAny>(value: T) {
    return z
        .object({
            transactionId: z.string(),
            timestamp: timestampSchema,
            isDelete: z.boolean(),
            value: value.optional(),
        })
        .strict();
}

/** One change of a key. */
export interface HistoryEntry<T> {
    transactionId: string;
    timestamp: string;
    isDelete: boolean;
    value?: T;
}
