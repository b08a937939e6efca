import { DomainError } from '@spindle/chaincode/protocol';
import { SpindleError } from '@spindle/client';
import { ZodError } from 'zod';

import { problemCodeOf } from './problem-codes';

/** The media type of RFC 9457 problem details. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Where a code's problem type is described: `GET <type>` answers its status and title. */
export const PROBLEM_TYPE_BASE = '/api/v1/problems/';

/** One field a request got wrong, from its zod issue. */
export interface InvalidParam {
    /** Where it is: `body.inputs.0.lotId`, `query.pageSize`, `params.machineId`. */
    name: string;
    reason: string;
}

/**
 * RFC 9457 problem details with Spindle's code: `type` names the code's description,
 * `code` is the machine-readable reason the CLI exits with, `transactionId` the Fabric
 * transaction when there was one.
 */
export interface Problem {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance?: string;
    code: string;
    transactionId?: string;
    invalidParams?: InvalidParam[];
}

/** An error the API itself refuses a request with, before or instead of any Fabric call. */
export class ApiProblem extends Error {
    constructor(
        readonly code: string,
        readonly detail: string,
        readonly extra: Pick<Problem, 'invalidParams'> = {},
    ) {
        super(`${code}: ${detail}`);
        this.name = 'ApiProblem';
    }
}

/** The problem of a code, with its status and title from the code table. */
export function newProblem(code: string, detail: string, extra: Partial<Problem> = {}): Problem {
    const { status, title } = problemCodeOf(code);
    return { type: `${PROBLEM_TYPE_BASE}${code}`, title, status, detail, code, ...extra };
}

/**
 * The problem of whatever a request failed with: the API's own refusals, zod's parse errors
 * (INVALID_ARGUMENT with each field), the client's and the chaincode's coded errors. The detail
 * is the message after its code; an unknown error says nothing of its internals.
 */
export function problemOf(error: unknown, instance?: string): Problem {
    const at = instance === undefined ? {} : { instance };
    if (error instanceof ApiProblem) {
        return newProblem(error.code, error.detail, { ...at, ...error.extra });
    }
    if (error instanceof ZodError) {
        return newProblem('INVALID_ARGUMENT', 'the request breaks its schema', {
            ...at,
            invalidParams: error.issues.map((issue) => ({ name: issue.path.join('.'), reason: issue.message })),
        });
    }
    if (error instanceof SpindleError) {
        return newProblem(error.code, withoutCode(error.message, error.code), {
            ...at,
            ...(error.transactionId === undefined ? {} : { transactionId: error.transactionId }),
        });
    }
    if (error instanceof DomainError) {
        return newProblem(error.code, error.detail, at);
    }
    return newProblem('UNEXPECTED', 'the service failed unexpectedly; its log has the cause', at);
}

function withoutCode(message: string, code: string): string {
    return message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
}
