import {
    LIMITS,
    MACHINE_STATUSES,
    PROCESS_STEPS,
    historyEntrySchema,
    idSchema,
    machineRecordSchema,
    machineRegistrationSchema,
    machineReplacementSchema,
    machineTypeSchema,
    mspIdSchema,
    pageSchema,
    processStepOf,
    textSchema,
} from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { ownMachineOf } from '../auth/principal';
import type { MachineStatusAction } from '../fabric/spindle-port';
import { type ApiRoute, defineRoute } from './route-definition';

const TAG = 'Registry';
const machineParams = z.object({ machineId: idSchema }).strict();

/** Filters of the machine list: at most one index (mill, type or status), and a page. */
export const machineListQuerySchema = z
    .object({
        mill: mspIdSchema.optional(),
        type: machineTypeSchema.optional(),
        status: z.enum(MACHINE_STATUSES).optional(),
        pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).optional(),
        bookmark: z.string().max(512).optional(),
    })
    .strict()
    .refine((query) => [query.mill, query.type, query.status].filter((value) => value !== undefined).length <= 1, {
        message: 'filter by one of mill, type or status',
    });

/** A registration as a machine's client sends it: the machine and its mill are the client's own. */
export const registrationBodySchema = machineRegistrationSchema
    .omit({ encryptionPublicKey: true, ownerMspId: true, machineId: true, processStep: true, serialNumber: true })
    .extend({
        /** The client's own machine; may be left out. */
        machineId: idSchema.optional(),
        /** Default: the type's process step. */
        processStep: z.enum(PROCESS_STEPS).optional(),
        /** Default: the machine ID. */
        serialNumber: textSchema.optional(),
    })
    .strict();

const STATUS_ACTIONS: readonly { action: MachineStatusAction; summary: string }[] = [
    { action: 'approve', summary: 'Approve a PENDING machine' },
    { action: 'suspend', summary: 'Suspend an ACTIVE machine' },
    { action: 'reactivate', summary: 'Reactivate a SUSPENDED machine' },
    { action: 'retire', summary: 'Retire a machine for good' },
];

/** The Machine-Equipment Blockchain: list, show, history, register, approve, suspend, reactivate, retire, replace. */
export const registryRoutes: readonly ApiRoute[] = [
    defineRoute({
        method: 'GET',
        path: '/api/v1/machines',
        operationId: 'listMachines',
        summary: 'List machines',
        description:
            'By mill (MSP ID), type or status, one page at a time (`bookmark` continues); without a filter, every machine on one page.',
        tag: TAG,
        query: machineListQuerySchema,
        response: { status: 200, schema: pageSchema(machineRecordSchema), description: 'A page of machine records' },
        toCommand: ({ query }) => {
            const page = {
                ...(query.pageSize === undefined ? {} : { pageSize: query.pageSize }),
                ...(query.bookmark === undefined ? {} : { bookmark: query.bookmark }),
            };
            if (query.mill !== undefined) {
                return { by: 'mill' as const, value: query.mill, ...page };
            }
            if (query.type !== undefined) {
                return { by: 'type' as const, value: query.type, ...page };
            }
            return query.status === undefined ? undefined : { by: 'status' as const, value: query.status, ...page };
        },
        run: (command, port, as) => port.listMachines(as, command),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/machines/{machineId}',
        operationId: 'getMachine',
        summary: 'Show a machine',
        tag: TAG,
        params: machineParams,
        response: { status: 200, schema: machineRecordSchema, description: 'The machine record' },
        toCommand: ({ params }) => params.machineId,
        run: (machineId, port, as) => port.machine(as, machineId),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/machines/{machineId}/history',
        operationId: 'getMachineHistory',
        summary: "Show a machine's history",
        description: 'Every change of the record, newest first, with its transaction.',
        tag: TAG,
        params: machineParams,
        response: {
            status: 200,
            schema: z.array(historyEntrySchema(machineRecordSchema)),
            description: 'The history entries',
        },
        toCommand: ({ params }) => params.machineId,
        run: (machineId, port, as) => port.machineHistory(as, machineId),
    }),
    defineRoute({
        method: 'POST',
        path: '/api/v1/machines',
        operationId: 'registerMachine',
        summary: "Register the client's machine",
        description:
            "As the machine itself, with the encryption key its wallet holds; the record starts PENDING until its mill's admin approves it.",
        tag: TAG,
        roles: ['machine'],
        body: registrationBodySchema,
        response: { status: 201, schema: machineRecordSchema, description: 'The machine, PENDING' },
        job: 'register',
        toCommand: ({ body }, principal) => {
            const machineId = ownMachineOf(principal, body.machineId);
            return {
                machineId,
                ownerMspId: principal.mspId,
                machineType: body.machineType,
                processStep: body.processStep ?? processStepOf(body.machineType),
                line: body.line,
                vendor: body.vendor,
                serialNumber: body.serialNumber ?? machineId,
            };
        },
        run: (registration, port, as) => port.registerMachine(as, registration),
    }),
    ...STATUS_ACTIONS.map(({ action, summary }) =>
        defineRoute({
            method: 'POST',
            path: `/api/v1/machines/{machineId}/${action}`,
            operationId: `${action}Machine`,
            summary,
            description: "By an admin of the machine's mill (the chaincode checks the mill).",
            tag: TAG,
            roles: ['admin'],
            params: machineParams,
            response: { status: 200, schema: machineRecordSchema, description: 'The machine as changed' },
            job: action,
            toCommand: ({ params }) => params.machineId,
            run: (machineId, port, as) => port.changeMachineStatus(as, action, machineId),
        }),
    ),
    defineRoute({
        method: 'POST',
        path: '/api/v1/machines/{machineId}/replace',
        operationId: 'replaceMachine',
        summary: 'Replace a machine',
        description: 'Puts a registered successor in its place; the machine is retired, both keep their history.',
        tag: TAG,
        roles: ['admin'],
        params: machineParams,
        body: z.object({ successorId: idSchema }).strict(),
        response: { status: 200, schema: machineReplacementSchema, description: 'Both records as written' },
        job: 'replace',
        toCommand: ({ params, body }) => ({ oldMachineId: params.machineId, newMachineId: body.successorId }),
        run: (command, port, as) => port.replaceMachine(as, command.oldMachineId, command.newMachineId),
    }),
];
