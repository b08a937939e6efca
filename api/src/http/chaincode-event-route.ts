import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { ApiProblem } from '../problems/problem';
import { jsonOrText } from './json-or-text';
import { openEventStream } from './sse';
import type { PrincipalOf, ServiceContext } from './service-context';

const eventQuerySchema = z
    .object({
        startBlock: z.coerce.number().int().min(0).optional(),
        names: z
            .string()
            .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/)
            .optional(),
    })
    .strict();

/** Where a client resumes: the block and transaction of the last event it received. */
export interface ResumePoint {
    blockNumber: bigint;
    transactionId: string;
}

/** The `Last-Event-ID` a stream gave (`<block>:<transactionId>`), or undefined for none or another form. */
export function resumePointOf(lastEventId: string | string[] | undefined): ResumePoint | undefined {
    const match = typeof lastEventId === 'string' ? /^(\d{1,19}):([0-9a-f]{64})$/.exec(lastEventId) : null;
    return match?.[1] === undefined || match[2] === undefined
        ? undefined
        : { blockNumber: BigInt(match[1]), transactionId: match[2] };
}

/**
 * Whether an event comes at or before a resume point: in an earlier block, or in its block up to
 * and including its transaction (`passed` says whether that transaction was seen already).
 */
export function isBeforeResume(
    event: { blockNumber: bigint; transactionId: string },
    resume: ResumePoint | undefined,
    passed: boolean,
): boolean {
    if (resume === undefined || passed) {
        return false;
    }
    return event.blockNumber < resume.blockNumber || event.blockNumber === resume.blockNumber;
}

/** `GET /api/v1/events`: the chaincode's events as Server-Sent Events, resumable by `Last-Event-ID`. */
export function registerChaincodeEventRoute(
    app: FastifyInstance,
    context: ServiceContext,
    principalOf: PrincipalOf,
): void {
    app.get('/api/v1/events', async (request, reply) => {
        const principal = principalOf(request);
        const parsed = eventQuerySchema.safeParse(request.query);
        if (!parsed.success) {
            throw new ApiProblem('INVALID_ARGUMENT', 'the request breaks its schema', {
                invalidParams: parsed.error.issues.map((issue) => ({
                    name: ['query', ...issue.path].join('.'),
                    reason: issue.message,
                })),
            });
        }
        const resume = resumePointOf(request.headers['last-event-id']);
        const names = parsed.data.names === undefined ? undefined : new Set(parsed.data.names.split(','));
        const startBlock =
            resume?.blockNumber ?? (parsed.data.startBlock === undefined ? undefined : BigInt(parsed.data.startBlock));
        const events = await context.port.chaincodeEvents(principal, startBlock);
        const stream = openEventStream(request, reply);
        void stream.closed.then(() => {
            events.close();
        });
        let passed = false;
        try {
            for await (const event of events) {
                if (isBeforeResume(event, resume, passed)) {
                    passed = event.transactionId === resume?.transactionId;
                    continue;
                }
                passed = true;
                if (names !== undefined && !names.has(event.eventName)) {
                    continue;
                }
                stream.send({
                    id: `${event.blockNumber.toString()}:${event.transactionId}`,
                    event: event.eventName,
                    data: {
                        eventName: event.eventName,
                        blockNumber: event.blockNumber.toString(),
                        transactionId: event.transactionId,
                        payload: jsonOrText(event.payload),
                    },
                });
            }
        } catch (error) {
            request.log.info({ err: error }, 'chaincode event stream ended');
        } finally {
            stream.close();
        }
    });
}
