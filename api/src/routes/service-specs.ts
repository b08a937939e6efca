import { ROLES, mspIdSchema } from '@spindle/chaincode/protocol';
import { z } from 'zod';

import type { RouteSpec } from './route-definition';

/** RFC 9457 problem details with Spindle's code. */
export const problemSchema = z
    .object({
        type: z.string().describe('Where the code is described: GET it for its status and title'),
        title: z.string(),
        status: z.number().int(),
        detail: z.string(),
        instance: z.string().optional(),
        code: z.string().describe("Spindle's code, e.g. NOT_AUTHORIZED, RECEIVER_UNKNOWN"),
        transactionId: z.string().optional(),
        invalidParams: z.array(z.object({ name: z.string(), reason: z.string() }).strict()).optional(),
    })
    .strict();

/** A job, as `GET /api/v1/jobs/{jobId}` answers it. */
export const jobSchema = z
    .object({
        jobId: z.string().uuid(),
        kind: z.string(),
        status: z.enum(['running', 'succeeded', 'failed']),
        createdAt: z.string(),
        finishedAt: z.string().optional(),
        steps: z.array(z.unknown()).describe('Progress so far: the steps of a query'),
        result: z.unknown().optional().describe("The operation's result, once succeeded"),
        problem: problemSchema.optional(),
    })
    .strict();

/** Who the calling client is and as whom it acts. */
export const principalSchema = z
    .object({
        clientId: z.string(),
        identity: z.string(),
        mspId: mspIdSchema,
        role: z.enum(ROLES).optional(),
        machineId: z.string().optional(),
    })
    .strict();

const jobParams = z.object({ jobId: z.string().uuid() }).strict();
const SSE = 'text/event-stream';

/** The routes the server answers itself: who am I, jobs, event streams, problem types, operations. */
export const SERVICE_SPECS: readonly RouteSpec[] = [
    {
        method: 'GET',
        path: '/api/v1/me',
        operationId: 'whoAmI',
        summary: 'Show the calling client',
        description: 'Its identity, MSP, and the role and machine its certificate gives.',
        tag: 'Service',
        response: { status: 200, schema: principalSchema, description: 'The client' },
    },
    {
        method: 'GET',
        path: '/api/v1/jobs/{jobId}',
        operationId: 'getJob',
        summary: 'Poll a job',
        description:
            'Only the client that started a job sees it; jobs live in memory for the retention time after they finish.',
        tag: 'Jobs',
        params: jobParams,
        response: { status: 200, schema: jobSchema, description: 'The job' },
    },
    {
        method: 'GET',
        path: '/api/v1/jobs/{jobId}/events',
        operationId: 'followJob',
        summary: 'Follow a job (Server-Sent Events)',
        description:
            'Replays the steps so far, then streams `step` events as they happen and ends with one `succeeded` (the result) or `failed` (a problem).',
        tag: 'Jobs',
        params: jobParams,
        response: { status: 200, description: 'An event stream', mediaType: SSE },
    },
    {
        method: 'GET',
        path: '/api/v1/events',
        operationId: 'streamChaincodeEvents',
        summary: "Stream the chaincode's events (Server-Sent Events)",
        description:
            'Each event named by its chaincode event name (`MachineRegistered`, `QueryAnswered`, ...), with its block, transaction and payload (IDs only, never private content). Its id is `<block>:<transactionId>`: a client reconnecting with `Last-Event-ID` resumes right after it.',
        tag: 'Events',
        query: z
            .object({
                startBlock: z.coerce.number().int().min(0).optional().describe('Default: the next block'),
                names: z.string().optional().describe('Comma-separated event names to keep'),
            })
            .strict(),
        response: { status: 200, description: 'An event stream', mediaType: SSE },
    },
    {
        method: 'GET',
        path: '/api/v1/problems/{code}',
        operationId: 'describeProblem',
        summary: 'Describe a problem type',
        tag: 'Service',
        params: z.object({ code: z.string().regex(/^[A-Z][A-Z_]*$/) }).strict(),
        response: {
            status: 200,
            schema: z.object({ code: z.string(), status: z.number().int(), title: z.string() }).strict(),
            description: "The code's status and title",
        },
        public: true,
    },
    {
        method: 'GET',
        path: '/healthz',
        operationId: 'health',
        summary: 'Liveness',
        tag: 'Operations',
        response: { status: 200, schema: z.object({ status: z.literal('ok') }), description: 'The process runs' },
        public: true,
    },
    {
        method: 'GET',
        path: '/readyz',
        operationId: 'readiness',
        summary: 'Readiness',
        description:
            "The channel's height read through the probe identity's peer; 503 with a problem when it cannot be.",
        tag: 'Operations',
        response: {
            status: 200,
            schema: z.object({ status: z.literal('ready'), channelHeight: z.string() }),
            description: 'The peer answers',
        },
        public: true,
    },
    {
        method: 'GET',
        path: '/metrics',
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        description: 'Request latency, transactions by outcome, agent lag in blocks, jobs running, process metrics.',
        tag: 'Operations',
        response: { status: 200, description: 'Prometheus text format', mediaType: 'text/plain' },
        public: true,
    },
];
