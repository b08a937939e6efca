import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { JobEvent, JobView } from '../jobs/job-store';
import { ApiProblem } from '../problems/problem';
import { type EventStream, openEventStream } from './sse';
import { type PrincipalOf, type ServiceContext, jobPath } from './service-context';

const jobParams = z.object({ jobId: z.string().uuid() }).strict();

/** `GET /api/v1/jobs/:jobId` to poll a job, `.../events` to follow it over Server-Sent Events. */
export function registerJobRoutes(app: FastifyInstance, context: ServiceContext, principalOf: PrincipalOf): void {
    const jobOf = (request: FastifyRequest): JobView => {
        const parsed = jobParams.safeParse(request.params);
        const job = parsed.success ? context.jobs.get(parsed.data.jobId, principalOf(request).clientId) : undefined;
        if (job === undefined) {
            throw new ApiProblem('NOT_FOUND', 'this client has no such job (finished jobs are kept for a while only)');
        }
        return job;
    };

    app.get('/api/v1/jobs/:jobId', (request, reply) => {
        const job = jobOf(request);
        return reply.send({ ...job, links: { self: jobPath(job.jobId), events: `${jobPath(job.jobId)}/events` } });
    });

    app.get('/api/v1/jobs/:jobId/events', (request, reply) => {
        const job = jobOf(request);
        const stream = openEventStream(request, reply);
        let sequence = 0;
        const send = (event: JobEvent): void => {
            sequence += 1;
            sendJobEvent(stream, sequence, event);
        };
        job.steps.forEach((step) => {
            send({ type: 'step', step });
        });
        if (job.status !== 'running') {
            send(
                job.status === 'succeeded'
                    ? { type: 'succeeded', result: job.result }
                    : {
                          type: 'failed',
                          problem: job.problem ?? { type: '', title: '', status: 500, detail: '', code: 'UNEXPECTED' },
                      },
            );
            stream.close();
            return;
        }
        // Nothing happens to the job between reading it and subscribing: its events come from later ticks.
        const stop = context.jobs.subscribe(job.jobId, (event) => {
            send(event);
            if (event.type !== 'step') {
                stream.close();
            }
        });
        void stream.closed.then(stop);
    });
}

function sendJobEvent(stream: EventStream, sequence: number, event: JobEvent): void {
    const data = event.type === 'step' ? event.step : event.type === 'succeeded' ? event.result : event.problem;
    stream.send({ id: String(sequence), event: event.type, data });
}
