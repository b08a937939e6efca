import {
    LIMITS,
    genealogyGraphSchema,
    historyEntrySchema,
    idSchema,
    lotCreationSchema,
    lotRecordSchema,
    transformCommandSchema,
    transformRecordSchema,
} from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { ownMachineOf } from '../auth/principal';
import { type ApiRoute, defineRoute } from './route-definition';

const TAG = 'Material';
const lotParams = z.object({ lotId: idSchema }).strict();

/** How far and which way a trace goes. */
export const traceParamsSchema = z
    .object({
        direction: z.enum(['upstream', 'downstream']).default('upstream'),
        maxDepth: z.coerce.number().int().min(1).max(LIMITS.traceDepthMax).optional(),
    })
    .strict();

/** The material blockchain: bales, transforms, lots and their genealogy. */
export const materialRoutes: readonly ApiRoute[] = [
    defineRoute({
        method: 'POST',
        path: '/api/v1/lots',
        operationId: 'createLot',
        summary: 'Create a bale',
        description: "A bale entering the client's mill, by its operator or admin.",
        tag: TAG,
        roles: ['operator', 'admin'],
        body: lotCreationSchema,
        response: { status: 201, schema: lotRecordSchema, description: 'The bale' },
        job: 'createLot',
        toCommand: ({ body }) => body,
        run: (lot, port, as) => port.createLot(as, lot),
    }),
    defineRoute({
        method: 'POST',
        path: '/api/v1/transforms',
        operationId: 'transform',
        summary: 'Record a transform',
        description:
            "Inputs to outputs at an ACTIVE machine of the client's mill, with quality data; a machine's client records only its own machine's.",
        tag: TAG,
        roles: ['machine', 'operator', 'admin'],
        body: transformCommandSchema,
        response: { status: 201, schema: transformRecordSchema, description: 'The transform' },
        job: 'transform',
        toCommand: ({ body }, principal) => {
            if (principal.role === 'machine') {
                ownMachineOf(principal, body.machineId);
            }
            return body;
        },
        run: (command, port, as) => port.transform(as, command),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/lots/{lotId}',
        operationId: 'getLot',
        summary: 'Show a lot',
        tag: TAG,
        params: lotParams,
        response: { status: 200, schema: lotRecordSchema, description: 'The lot' },
        toCommand: ({ params }) => params.lotId,
        run: (lotId, port, as) => port.lot(as, lotId),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/lots/{lotId}/history',
        operationId: 'getLotHistory',
        summary: "Show a lot's history",
        tag: TAG,
        params: lotParams,
        response: { status: 200, schema: z.array(historyEntrySchema(lotRecordSchema)), description: 'Newest first' },
        toCommand: ({ params }) => params.lotId,
        run: (lotId, port, as) => port.lotHistory(as, lotId),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/lots/{lotId}/trace',
        operationId: 'traceLot',
        summary: "Trace a lot's genealogy",
        description:
            'Upstream to its bales or downstream to its packages: every page walked and merged, each lot once at its least depth.',
        tag: TAG,
        params: lotParams,
        query: traceParamsSchema,
        response: { status: 200, schema: genealogyGraphSchema, description: 'The genealogy graph' },
        toCommand: ({ params, query }) => ({
            lotId: params.lotId,
            direction: query.direction,
            ...(query.maxDepth === undefined ? {} : { maxDepth: query.maxDepth }),
        }),
        run: (trace, port, as) => port.trace(as, trace),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/transforms/{transformId}',
        operationId: 'getTransform',
        summary: 'Show a transform',
        tag: TAG,
        params: z.object({ transformId: idSchema }).strict(),
        response: { status: 200, schema: transformRecordSchema, description: 'The transform' },
        toCommand: ({ params }) => params.transformId,
        run: (transformId, port, as) => port.transformRecord(as, transformId),
    }),
];
