import { z } from 'zod';
import { LIMITS } from './limits';

/** Page size and bookmark of a list read; an empty bookmark starts at the beginning. */
export const pageRequestShape = {
    pageSize: z.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
    bookmark: z.string().max(512).default(''),
};

/** A page of `items`; `bookmark` is empty on the last page and otherwise starts the next one. */
export function pageSchema<T extends z.ZodTypeAny>(item: T) {
    return z.object({ items: z.array(item), bookmark: z.string() }).strict();
}

/** A page of results. */
export interface Page<T> {
    items: T[];
    bookmark: string;
}
