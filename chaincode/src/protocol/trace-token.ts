import { z } from 'zod';
import { toCanonicalJson } from './canonical-json';
import { DomainError } from './domain-error';
import { idSchema } from './identifiers';
import { LIMITS } from './limits';

/** Characters of a trace continuation token at most: a path of `traceDepthMax` lot IDs fits. */
export const TRACE_TOKEN_CHARS_MAX = 8_192;

/**
 * Where a depth-first genealogy walk stopped: the trace it belongs to (root, direction, depth
 * limit) and the path of lot IDs from the root's neighbour down to the last lot the page listed.
 * It is all a page needs to go on, so a trace of any size resumes with bounded work.
 */
export const traceCursorSchema = z
    .object({
        v: z.literal(1),
        root: idSchema,
        direction: z.enum(['upstream', 'downstream']),
        maxDepth: z.number().int().min(1).max(LIMITS.traceDepthMax),
        path: z.array(idSchema).max(LIMITS.traceDepthMax),
    })
    .strict();

/** A trace cursor. */
export type TraceCursor = z.infer<typeof traceCursorSchema>;

/** The continuation token of a cursor: base64url of its canonical JSON, the same on every peer. */
export function toTraceToken(cursor: TraceCursor): string {
    return Buffer.from(toCanonicalJson(cursor), 'utf8').toString('base64url');
}

/**
 * The cursor of a continuation token, checked to belong to the trace of `root`, `direction` and
 * `maxDepth`. Whether its path is a path of the genealogy the walk checks as it resumes.
 *
 * @throws DomainError TRACE_TOKEN_INVALID when the token is not one Spindle made, or another trace's.
 */
export function fromTraceToken(token: string, trace: Omit<TraceCursor, 'v' | 'path'>): TraceCursor {
    let parsed: z.SafeParseReturnType<unknown, TraceCursor> | undefined;
    if (/^[A-Za-z0-9_-]+$/.test(token) && token.length <= TRACE_TOKEN_CHARS_MAX) {
        try {
            parsed = traceCursorSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
        } catch {
            parsed = undefined;
        }
    }
    if (parsed?.success !== true) {
        throw new DomainError('TRACE_TOKEN_INVALID', 'the continuation token is not one a trace returned');
    }
    const cursor = parsed.data;
    if (
        cursor.root !== trace.root ||
        cursor.direction !== trace.direction ||
        cursor.maxDepth !== trace.maxDepth ||
        cursor.path.length > cursor.maxDepth ||
        toTraceToken(cursor) !== token
    ) {
        throw new DomainError(
            'TRACE_TOKEN_INVALID',
            `the continuation token belongs to another trace than ${trace.direction} of ${trace.root} to depth ${trace.maxDepth}`,
        );
    }
    return cursor;
}
