import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ApiProblem, problemOf } from '../problems/problem';
import type { ApiRoute } from '../routes/route-definition';
import { preferredWaitSeconds } from './sse';
import { sendProblem } from './problem-reply';
import { type PrincipalOf, type ServiceContext, jobPath } from './service-context';

/** `/api/v1/machines/{machineId}` as fastify writes it: `/api/v1/machines/:machineId`. */
export function fastifyPath(openApiPath: string): string {
    return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Registers the operations: each request is mapped without I/O (role, schemas, command), then
 * a read answers at once, and a transaction or query runs as a job: 202 with its location, or
 * its outcome when the client waits for it (`Prefer: wait`) and it comes in time.
 */
export function registerOperations(
    app: FastifyInstance,
    routes: readonly ApiRoute[],
    context: ServiceContext,
    principalOf: PrincipalOf,
): void {
    for (const route of routes) {
        const { spec } = route;
        app.route({
            method: spec.method,
            url: fastifyPath(spec.path),
            handler: async (request, reply) => {
                const principal = principalOf(request);
                const call = route.prepare(
                    { params: request.params, query: request.query, body: request.body },
                    principal,
                );
                if (spec.job === undefined) {
                    return reply.code(spec.response.status).send(await call(context.port, () => undefined));
                }
                const job = context.jobs.start(
                    principal.clientId,
                    spec.job,
                    (progress) => counted(context, spec.operationId, call(context.port, progress)),
                    (error) => {
                        request.log.info({ err: error, operation: spec.operationId }, 'job failed');
                        return problemOf(error, request.url);
                    },
                );
                if (job === undefined) {
                    throw new ApiProblem('UNAVAILABLE', 'the service holds as many jobs as it may; try again shortly');
                }
                return answerJob(request, reply, context, spec.response.status, job.jobId, principal.clientId);
            },
        });
    }
}

async function answerJob(
    request: FastifyRequest,
    reply: FastifyReply,
    context: ServiceContext,
    successStatus: number,
    jobId: string,
    clientId: string,
): Promise<FastifyReply> {
    const wait = preferredWaitSeconds(request.headers.prefer, context.maxWaitSeconds);
    const job = await context.jobs.settled(jobId, clientId, wait * 1000);
    void reply.header('content-location', jobPath(jobId));
    if (wait > 0) {
        void reply.header('preference-applied', `wait=${wait}`);
    }
    if (job?.status === 'succeeded') {
        return reply.code(successStatus).send(job.result);
    }
    if (job?.status === 'failed' && job.problem !== undefined) {
        return sendProblem(reply, job.problem);
    }
    return reply
        .code(202)
        .header('location', jobPath(jobId))
        .send({ ...job, links: { self: jobPath(jobId), events: `${jobPath(jobId)}/events` } });
}

/** Counts a job's outcome: `succeeded`, or the code it failed with. */
async function counted<T>(context: ServiceContext, operation: string, work: Promise<T>): Promise<T> {
    try {
        const result = await work;
        context.metrics.transactions.inc({ operation, outcome: 'succeeded' });
        return result;
    } catch (error) {
        context.metrics.transactions.inc({ operation, outcome: problemOf(error).code });
        throw error;
    }
}
