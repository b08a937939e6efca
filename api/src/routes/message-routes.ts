import {
    PACKET_TYPES,
    idSchema,
    messageRecordSchema,
    timestampSchema,
    transactionIdSchema,
} from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { ownMachineOf } from '../auth/principal';
import { ApiProblem } from '../problems/problem';
import { type ApiRoute, defineRoute } from './route-definition';

const TAG = 'Messages';

/** A message to send: to whom, upload or download, and its content as text or base64. */
export const messageBodySchema = z
    .object({
        to: idSchema,
        type: z.enum(['upload', 'download']).default('upload'),
        /** The content as UTF-8 text. */
        content: z.string().max(65_536).optional(),
        /** The content as base64, for bytes that are not text. */
        contentBase64: z.string().max(90_000).base64().optional(),
    })
    .strict();

/** An inbox entry as its machine reads it. */
export const openedMessageSchema = z
    .object({
        messageId: transactionIdSchema,
        recordedAt: timestampSchema,
        senderId: idSchema,
        type: z.enum(PACKET_TYPES),
        signature: z.string().describe('`signature ok`, or the code of why the entry could not be opened'),
        content: z.string().describe('The decrypted content as UTF-8 text; empty when it could not be opened'),
    })
    .strict();

/** Plain messages between machines: send, inbox, the public record. */
export const messageRoutes: readonly ApiRoute[] = [
    defineRoute({
        method: 'POST',
        path: '/api/v1/messages',
        operationId: 'sendMessage',
        summary: 'Send a message',
        description:
            "From the client's machine: upload (collected data) or download (orders, parameter settings), encrypted to the receiver and signed by the machine's key.",
        tag: TAG,
        roles: ['machine'],
        body: messageBodySchema,
        response: { status: 201, schema: messageRecordSchema, description: "The message's public record" },
        job: 'send',
        toCommand: ({ body }, principal) => {
            ownMachineOf(principal);
            if ((body.content === undefined) === (body.contentBase64 === undefined)) {
                throw new ApiProblem('INVALID_ARGUMENT', 'give the content as either content or contentBase64');
            }
            const content =
                body.content === undefined
                    ? Buffer.from(body.contentBase64 ?? '', 'base64')
                    : Buffer.from(body.content, 'utf8');
            return { to: body.to, type: body.type, content };
        },
        run: (message, port, as) => port.sendMessage(as, message.to, message.type, message.content),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/machines/{machineId}/inbox',
        operationId: 'readInbox',
        summary: "Read the client's machine's inbox",
        description:
            "Each entry's signature checked against the key pool and its content decrypted with the machine's key.",
        tag: TAG,
        roles: ['machine'],
        params: z.object({ machineId: idSchema }).strict(),
        response: {
            status: 200,
            schema: z.object({ machineId: idSchema, messages: z.array(openedMessageSchema) }).strict(),
            description: 'The inbox, oldest first',
        },
        toCommand: ({ params }, principal) => ownMachineOf(principal, params.machineId),
        run: async (machineId, port, as) => ({ machineId, messages: await port.inbox(as) }),
    }),
    defineRoute({
        method: 'GET',
        path: '/api/v1/messages/{messageId}',
        operationId: 'getMessage',
        summary: "Show a message's public record",
        tag: TAG,
        params: z.object({ messageId: transactionIdSchema }).strict(),
        response: { status: 200, schema: messageRecordSchema, description: 'IDs, type, sizes and hashes' },
        toCommand: ({ params }) => params.messageId,
        run: (messageId, port, as) => port.message(as, messageId),
    }),
];
