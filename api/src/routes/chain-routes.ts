import { LIMITS, chainHeadSchema, chainVerificationSchema, idSchema } from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { type Principal, ownMachineOf } from '../auth/principal';
import { type ApiRoute, defineRoute } from './route-definition';

const TAG = 'Chains';
const machineParams = z.object({ machineId: idSchema }).strict();

/** Which blocks to verify: from a block on, at most so many (the chaincode's page size caps one call). */
export const verificationQuerySchema = z
    .object({
        fromSeq: z.coerce.number().int().min(1).default(1),
        maxBlocks: z.coerce.number().int().min(1).max(10_000).default(1000),
    })
    .strict();

/** A machine reads its own chain; its mill's admin reads any of the mill's (the chaincode checks the mill). */
function chainReader(principal: Principal, machineId: string): string {
    return principal.role === 'machine' ? ownMachineOf(principal, machineId) : machineId;
}

/** A machine's communication chain: its head, and its verification against the public anchors. */
export const chainRoutes: readonly ApiRoute[] = [
    defineRoute({
        method: 'GET',
        path: '/api/v1/machines/{machineId}/chain/verification',
        operationId: 'verifyChain',
        summary: "Verify a machine's communication chain",
        description: `Block by block against its public anchors, ${LIMITS.verifyBlocksMax} blocks a call; \`ok: false\` names the first broken block. With \`nextSeq\`, blocks remain: continue with \`fromSeq\`.`,
        tag: TAG,
        roles: ['machine', 'admin'],
        params: machineParams,
        query: verificationQuerySchema,
        response: { status: 200, schema: chainVerificationSchema, description: 'The verification' },
        toCommand: ({ params, query }, principal) => ({
            machineId: chainReader(principal, params.machineId),
            fromSeq: query.fromSeq,
            maxBlocks: query.maxBlocks,
        }),
        run: (command, port, as) => port.verifyChain(as, command.machineId, command.fromSeq, command.maxBlocks),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/machines/{machineId}/chain/head',
        operationId: 'getChainHead',
        summary: "Show the head of a machine's chain",
        tag: TAG,
        roles: ['machine', 'admin'],
        params: machineParams,
        response: { status: 200, schema: chainHeadSchema, description: 'The last block' },
        toCommand: ({ params }, principal) => chainReader(principal, params.machineId),
        run: (machineId, port, as) => port.chainHead(as, machineId),
    }),
];
