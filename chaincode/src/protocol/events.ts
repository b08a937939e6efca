import { z } from 'zod';
import { idSchema, mspIdSchema, transactionIdSchema } from './identifiers';
import { LIMITS } from './limits';
import { MACHINE_STATUSES } from './machine';

/**
 * Chaincode event names. Fabric keeps one event per transaction, so each transaction emits at
 * most one. Payloads carry IDs (and a status), never private content.
 */
export const EVENT_NAMES = {
    machineRegistered: 'MachineRegistered',
    machineStatusChanged: 'MachineStatusChanged',
    machineReplaced: 'MachineReplaced',
    encryptionKeyRotated: 'EncryptionKeyRotated',
    certificateRenewalApproved: 'CertificateRenewalApproved',
    certificateRenewed: 'CertificateRenewed',
    lotCreated: 'LotCreated',
    materialTransformed: 'MaterialTransformed',
    messageSent: 'MessageSent',
    messagesSent: 'MessagesSent',
    blockAppended: 'BlockAppended',
    queryRequested: 'QueryRequested',
    queryAnswered: 'QueryAnswered',
    queryDenied: 'QueryDenied',
    replyRejected: 'ReplyRejected',
    probePut: 'ProbePut',
} as const;

const routed = { senderId: idSchema, receiverId: idSchema };

/** The payload schema of each event, by event name. */
export const EVENT_PAYLOAD_SCHEMAS = {
    MachineRegistered: z.object({ machineId: idSchema, ownerMspId: mspIdSchema }).strict(),
    MachineStatusChanged: z.object({ machineId: idSchema, status: z.enum(MACHINE_STATUSES) }).strict(),
    MachineReplaced: z.object({ oldMachineId: idSchema, newMachineId: idSchema }).strict(),
    EncryptionKeyRotated: z.object({ machineId: idSchema }).strict(),
    CertificateRenewalApproved: z.object({ machineId: idSchema }).strict(),
    CertificateRenewed: z.object({ machineId: idSchema }).strict(),
    LotCreated: z.object({ lotId: idSchema }).strict(),
    MaterialTransformed: z.object({ transformId: idSchema, machineId: idSchema }).strict(),
    MessageSent: z.object({ messageId: transactionIdSchema, ...routed }).strict(),
    /** A batch's one event (Fabric keeps one per transaction): every message, in batch order. */
    MessagesSent: z
        .object({
            messages: z
                .array(z.object({ messageId: transactionIdSchema, ...routed }).strict())
                .min(1)
                .max(LIMITS.batchPacketsMax),
        })
        .strict(),
    BlockAppended: z.object({ machineId: idSchema, seq: z.number().int().min(1) }).strict(),
    QueryRequested: z.object({ queryId: transactionIdSchema, ...routed }).strict(),
    QueryAnswered: z.object({ queryId: transactionIdSchema, replyMessageId: transactionIdSchema, ...routed }).strict(),
    QueryDenied: z.object({ queryId: transactionIdSchema, ...routed }).strict(),
    ReplyRejected: z.object({ queryId: transactionIdSchema, ...routed }).strict(),
    ProbePut: z.object({ key: z.string() }).strict(),
} as const;

/** An event name. */
export type EventName = keyof typeof EVENT_PAYLOAD_SCHEMAS;

/** The payload of event `N`. */
export type EventPayload<N extends EventName> = z.infer<(typeof EVENT_PAYLOAD_SCHEMAS)[N]>;
