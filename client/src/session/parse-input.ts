import type { z } from 'zod';
import { issueErrorCode } from '@spindle/chaincode/protocol';

import { SpindleError } from '../errors/spindle-error';

/**
 * Checks an input with the same schema the chaincode uses, before it is submitted.
 *
 * @throws SpindleError INVALID_ARGUMENT naming the first field that does not fit, or the code
 *   the schema gave it (MACHINE_TYPE_UNKNOWN).
 */
export function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown): z.output<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new SpindleError(issueErrorCode(issue), `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data as z.output<T>;
}
