import type { Role } from '@spindle/chaincode/protocol';
import type { z } from 'zod';

import { type Principal, assertRoleOf } from '../auth/principal';
import type { SpindlePort } from '../fabric/spindle-port';
import { ApiProblem, type InvalidParam } from '../problems/problem';

/** What the OpenAPI document says of one operation. */
export interface RouteSpec {
    method: 'GET' | 'POST';
    /** The path, OpenAPI style: `/api/v1/machines/{machineId}`. */
    path: string;
    operationId: string;
    summary: string;
    description?: string;
    tag: string;
    /** The roles that may call it; any authenticated client when absent. */
    roles?: readonly Role[];
    params?: z.ZodTypeAny;
    query?: z.ZodTypeAny;
    body?: z.ZodTypeAny;
    response: { status: 200 | 201; schema?: z.ZodTypeAny; description: string; mediaType?: string };
    /** A transaction or query: answered with a job (202 Accepted), or its outcome under `Prefer: wait`. */
    job?: string;
    /** Answered without an API key (health, readiness, metrics, the document itself). */
    public?: boolean;
}

/** A request's parts before parsing. */
export interface RawRequest {
    params: unknown;
    query: unknown;
    body: unknown;
}

/** The Fabric I/O of one request, ready to run as the principal. */
export type PreparedCall = (port: SpindlePort, progress: (step: unknown) => void) => Promise<unknown>;

/** One operation: its spec, and how a request becomes a call. */
export interface ApiRoute {
    spec: RouteSpec;
    /**
     * Checks the role, parses the request with the spec's zod schemas and maps it onto a
     * command, all without I/O; returns the call to run.
     *
     * @throws ApiProblem NOT_AUTHORIZED, INVALID_ARGUMENT (with each field).
     */
    prepare(raw: RawRequest, principal: Principal): PreparedCall;
}

/** A route: its spec, the pure request mapping, and the Fabric call. */
export interface RouteDefinition<
    P extends z.ZodTypeAny,
    Q extends z.ZodTypeAny,
    B extends z.ZodTypeAny,
    C,
> extends Omit<RouteSpec, 'params' | 'query' | 'body'> {
    params?: P;
    query?: Q;
    body?: B;
    /** Pure: the parsed request as a command for the port. */
    toCommand: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, principal: Principal) => C;
    /** Fabric I/O: one port call, nothing else. */
    run: (command: C, port: SpindlePort, as: Principal, progress: (step: unknown) => void) => Promise<unknown>;
}

/** Builds a route from its definition. */
export function defineRoute<
    C,
    P extends z.ZodTypeAny = z.ZodUndefined,
    Q extends z.ZodTypeAny = z.ZodUndefined,
    B extends z.ZodTypeAny = z.ZodUndefined,
>(definition: RouteDefinition<P, Q, B, C>): ApiRoute {
    const { toCommand, run, ...spec } = definition;
    return {
        spec,
        prepare(raw, principal) {
            if (spec.roles !== undefined) {
                assertRoleOf(principal, spec.roles, spec.summary.toLowerCase());
            }
            const invalid: InvalidParam[] = [];
            const params = parsePart(spec.params, raw.params, 'params', invalid);
            const query = parsePart(spec.query, raw.query, 'query', invalid);
            const body = parsePart(spec.body, raw.body, 'body', invalid);
            if (invalid.length > 0) {
                throw new ApiProblem('INVALID_ARGUMENT', 'the request breaks its schema', { invalidParams: invalid });
            }
            const command = toCommand({ params, query, body }, principal);
            return (port, progress) => run(command, port, principal, progress);
        },
    };
}

function parsePart(schema: z.ZodTypeAny | undefined, value: unknown, part: string, invalid: InvalidParam[]): unknown {
    if (schema === undefined) {
        return undefined;
    }
    const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
    if (parsed.success) {
        return parsed.data;
    }
    invalid.push(
        ...parsed.error.issues.map((issue) => ({ name: [part, ...issue.path].join('.'), reason: issue.message })),
    );
    return undefined;
}
