import { z } from 'zod';
import { DomainError } from './domain-error';
import { isErrorCode, type ErrorCode } from './error-code';
import { ID_PATTERN, TRANSACTION_ID_PATTERN } from './identifiers';
import { LIMITS } from './limits';

/**
 * Parses a JSON transaction argument with its schema: the one way an argument enters Spindle.
 *
 * @throws DomainError PAYLOAD_TOO_LARGE over `LIMITS.argumentBytes`; INVALID_ARGUMENT when the
 *   text is not JSON or does not match the schema.
 */
export function parseArgument<S extends z.ZodTypeAny>(schema: S, text: string, what: string): z.output<S> {
    if (Buffer.byteLength(text, 'utf8') > LIMITS.argumentBytes) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `${what} is larger than ${LIMITS.argumentBytes} bytes`);
    }
    return parseValue(schema, parseJsonText(text, what), what);
}

/**
 * Decodes JSON from a transaction argument, a transient field or a packet's plaintext (bytes
 * must be UTF-8).
 *
 * @throws DomainError `code` (INVALID_ARGUMENT by default) when it is not UTF-8 JSON.
 */
export function parseJsonText(input: string | Uint8Array, what: string, code: ErrorCode = 'INVALID_ARGUMENT'): unknown {
    try {
        const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
        return JSON.parse(text) as unknown;
    } catch {
        throw new DomainError(code, `${what} is not UTF-8 JSON`);
    }
}

/**
 * Parses an already decoded value with its schema.
 *
 * @throws DomainError INVALID_ARGUMENT naming the first offending field, or the code the schema
 *   gave that field's issue (e.g. MACHINE_TYPE_UNKNOWN, see {@link issueErrorCode}).
 */
export function parseValue<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.output<S> {
    const result = schema.safeParse(value);
    if (!result.success) {
        const issue = result.error.issues[0];
        const path = issue === undefined || issue.path.length === 0 ? '' : `.${issue.path.join('.')}`;
        throw new DomainError(issueErrorCode(issue), `${what}${path}: ${issue?.message ?? 'invalid'}`);
    }
    return result.data as z.output<S>;
}

/**
 * The code a schema issue is refused with: the `params.errorCode` a custom issue names, when it is
 * one of the protocol's codes, and INVALID_ARGUMENT otherwise.
 */
export function issueErrorCode(issue: z.ZodIssue | undefined): ErrorCode {
    const named: unknown = issue?.code === z.ZodIssueCode.custom ? issue.params?.['errorCode'] : undefined;
    return typeof named === 'string' && isErrorCode(named) ? named : 'INVALID_ARGUMENT';
}

/**
 * Checks a plain ID argument against the whitelist.
 *
 * @throws DomainError INVALID_ARGUMENT when `id` does not match `ID_PATTERN`.
 */
export function parseId(id: string, what: string): string {
    if (!ID_PATTERN.test(id)) {
        throw new DomainError('INVALID_ARGUMENT', `${what} must match ${ID_PATTERN.source}`);
    }
    return id;
}

/**
 * Checks a transaction ID argument (a message or query ID).
 *
 * @throws DomainError INVALID_ARGUMENT when `id` is not 64 lower-case hex digits.
 */
export function parseTransactionId(id: string, what: string): string {
    if (!TRANSACTION_ID_PATTERN.test(id)) {
        throw new DomainError('INVALID_ARGUMENT', `${what} must be a transaction ID`);
    }
    return id;
}
