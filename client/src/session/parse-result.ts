import type { z } from 'zod';

import { SpindleError } from '../errors/spindle-error';

const utf8 = new TextDecoder();

/**
 * Parses a transaction's JSON answer with the protocol's schema.
 *
 * @throws SpindleError UNEXPECTED when the chaincode answered something else.
 */
export function parseResult<T extends z.ZodTypeAny>(schema: T, bytes: Uint8Array): z.output<T> {
    let raw: unknown;
    try {
        raw = JSON.parse(utf8.decode(bytes));
    } catch {
        throw new SpindleError('UNEXPECTED', 'the chaincode answered with something that is not JSON');
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
        throw new SpindleError('UNEXPECTED', `the chaincode's answer does not fit its schema: ${parsed.error.message}`);
    }
    return parsed.data as z.output<T>;
}
