import type { FastifyError, FastifyReply } from 'fastify';

import { type Problem, PROBLEM_MEDIA_TYPE, newProblem, problemOf } from '../problems/problem';

/** Sends a problem as `application/problem+json`, with `WWW-Authenticate` for a missing key. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
    if (problem.status === 401) {
        void reply.header('www-authenticate', 'Bearer realm="spindle", charset="UTF-8"');
    }
    return reply.code(problem.status).type(PROBLEM_MEDIA_TYPE).send(problem);
}

/**
 * The problem of an error fastify itself raised before a handler ran (a body that is not JSON,
 * too large, of another media type), or of whatever a handler threw.
 */
export function problemOfRequestError(error: unknown, instance: string): Problem {
    const fastifyError = error as Partial<FastifyError>;
    if (typeof fastifyError.code === 'string' && fastifyError.code.startsWith('FST_')) {
        const at = { instance };
        const message = fastifyError.message ?? '';
        switch (fastifyError.statusCode) {
            case 413:
                return newProblem('PAYLOAD_TOO_LARGE', message, at);
            case 415:
                return newProblem('UNSUPPORTED_MEDIA_TYPE', message, at);
            case 400:
                return newProblem('INVALID_ARGUMENT', message, at);
            default:
                break;
        }
    }
    return problemOf(error, instance);
}
