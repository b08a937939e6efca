import { idSchema, queryRecordSchema, questionSchema, transactionIdSchema } from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { ownMachineOf } from '../auth/principal';
import { jsonOrText } from '../http/json-or-text';
import { type ApiRoute, defineRoute } from './route-definition';

const TAG = 'Queries';

/** One step of the 9-step flow as it happened (the paper's Figure 8). */
export const queryStepSchema = z
    .object({
        step: z.number().int().min(1).max(9),
        title: z.string(),
        outcome: z.enum(['ok', 'retry', 'failed']),
        detail: z.string(),
        atMs: z.number().describe('Milliseconds since the flow started'),
        clock: z.enum(['requester', 'responder']).describe('Whose clock `atMs` was read from'),
    })
    .strict();

/** A question to ask: a typed device question, or free text. */
export const queryBodySchema = z
    .object({
        to: idSchema,
        question: z.union([questionSchema, z.object({ what: z.string().min(1).max(4096) }).strict()]),
        /** How long to wait for the responder's agent. */
        timeoutSeconds: z.number().int().min(1).max(600).default(60),
    })
    .strict();

/** The outcome of a query: the answer decrypted and verified, and every step. */
export const queryResultSchema = z
    .object({
        queryId: transactionIdSchema,
        answer: z.unknown().describe("The decrypted answer: the agent's JSON, or text"),
        verification: z.unknown().describe("The step-9 check of a typed answer's evidence, or null"),
        steps: z.array(queryStepSchema),
        totalMs: z.number(),
    })
    .strict();

/** The 9-step query flow: start one as the client's machine and follow its steps; read a query's record. */
export const queryRoutes: readonly ApiRoute[] = [
    defineRoute({
        method: 'POST',
        path: '/api/v1/queries',
        operationId: 'startQuery',
        summary: 'Ask another machine',
        description:
            "The whole 9-step flow as the client's machine; the answering machine's device agent must be running. Follow the steps on the job's event stream.",
        tag: TAG,
        roles: ['machine'],
        body: queryBodySchema,
        response: { status: 200, schema: queryResultSchema, description: 'The answer and the steps' },
        job: 'query',
        toCommand: ({ body }, principal) => {
            ownMachineOf(principal);
            return {
                to: body.to,
                question: Buffer.from(JSON.stringify(body.question), 'utf8'),
                timeoutMs: body.timeoutSeconds * 1000,
            };
        },
        run: async (query, port, as, progress) => {
            const outcome = await port.runQuery(as, query.to, query.question, query.timeoutMs, progress);
            return {
                queryId: outcome.queryId,
                answer: jsonOrText(outcome.answer),
                verification: outcome.verification ?? null,
                steps: outcome.steps,
                totalMs: outcome.totalMs,
            };
        },
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/queries/{queryId}',
        operationId: 'getQuery',
        summary: "Show a query's public record",
        tag: TAG,
        params: z.object({ queryId: transactionIdSchema }).strict(),
        response: { status: 200, schema: queryRecordSchema, description: 'Its status, denial or rejections' },
        toCommand: ({ params }) => params.queryId,
        run: (queryId, port, as) => port.query(as, queryId),
    }),
];
