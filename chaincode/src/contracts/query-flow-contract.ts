import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { answerQuery, denyQuery, openQuery, rejectReply, type Caller } from '../domain';
import {
    CONTRACT_NAMES,
    EVENT_NAMES,
    denialCommandSchema,
    parseArgument,
    parseTransactionId,
    rejectionCommandSchema,
    toCanonicalJson,
    type MachineRecord,
    type QueryRecord,
} from '../protocol';
import { emitEvent, readCaller, requireMachine, requireQuery, saveQuery, transactionTime } from '../ledger';
import { commitDelivery, prepareDelivery } from './packet-delivery';
import { SpindleContract } from './spindle-contract';

/**
 * The query flow of the paper's Figure 8: M1 requests, M2 answers or denies, M1 accepts or
 * rejects the reply. Each query has a public record of IDs, status and hashes.
 */
@Info({ title: 'QueryFlow', description: 'Request, respond, deny and reject: the 9 steps of a query' })
export class QueryFlowContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.queryFlow);
    }

    /**
     * Steps 1 to 4: delivers the query packet in the transient field `packet` to the responder's
     * inbox (and the requester's outbox) and opens the query, named by this transaction's ID.
     * Emits `QueryRequested` with IDs only. Returns the query record.
     *
     * @throws DomainError PACKET_INCOMPLETE, PAYLOAD_TOO_LARGE, RATE_LIMITED, INVALID_ARGUMENT, RECEIVER_UNKNOWN,
     *   NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED, REPLAYED.
     */
    @Transaction()
    @Returns('string')
    async request(ctx: Context): Promise<string> {
        const prepared = await prepareDelivery(ctx, ['query']);
        const query = openQuery(prepared.packet, prepared.delivery.message.messageId, transactionTime(ctx));
        await commitDelivery(ctx, prepared);
        await saveQuery(ctx, query);
        emitEvent(ctx, EVENT_NAMES.queryRequested, {
            queryId: query.queryId,
            senderId: query.requesterId,
            receiverId: query.responderId,
        });
        return toCanonicalJson(query);
    }

    /**
     * Steps 6 to 8: delivers the reply packet (type `reply`, `inReplyTo` the query ID) to the
     * requester's inbox and marks the query ANSWERED. Emits `QueryAnswered`. Returns the query.
     *
     * @throws DomainError PACKET_INCOMPLETE, PAYLOAD_TOO_LARGE, RATE_LIMITED, INVALID_ARGUMENT, RECEIVER_UNKNOWN,
     *   NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED, REPLAYED, NOT_FOUND, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async respond(ctx: Context): Promise<string> {
        const prepared = await prepareDelivery(ctx, ['reply']);
        const { packet, delivery } = prepared;
        const query = await requireQuery(ctx, packet.inReplyTo ?? '');
        const answered = answerQuery(query, packet, delivery.message.messageId, transactionTime(ctx));
        await commitDelivery(ctx, prepared);
        await saveQuery(ctx, answered);
        emitEvent(ctx, EVENT_NAMES.queryAnswered, {
            queryId: answered.queryId,
            replyMessageId: delivery.message.messageId,
            senderId: answered.responderId,
            receiverId: answered.requesterId,
        });
        return toCanonicalJson(answered);
    }

    /**
     * Step 5's refusal: the responder denies the query; the denial is recorded and the requester
     * is told by the `QueryDenied` event. Returns the query.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async deny(ctx: Context, denial: string): Promise<string> {
        const command = parseArgument(denialCommandSchema, denial, 'denial');
        return settleQuery(
            ctx,
            command.queryId,
            'responderId',
            EVENT_NAMES.queryDenied,
            (query, responder, caller, at) => denyQuery(query, responder, caller, command, at),
        );
    }

    /**
     * Step 9's refusal: the requester found the reply illegal (bad signature, undecryptable); the
     * responder is asked by the `ReplyRejected` event to answer again. Returns the query.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async rejectReply(ctx: Context, rejection: string): Promise<string> {
        const command = parseArgument(rejectionCommandSchema, rejection, 'rejection');
        return settleQuery(
            ctx,
            command.queryId,
            'requesterId',
            EVENT_NAMES.replyRejected,
            (query, requester, caller, at) => rejectReply(query, requester, caller, command, at),
        );
    }

    /**
     * The public record of a query. Readable by every mill.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getQuery(ctx: Context, queryId: string): Promise<string> {
        return toCanonicalJson(await requireQuery(ctx, parseTransactionId(queryId, 'queryId')));
    }
}

/**
 * One party of a query records its decision: load the query and the party's machine, decide,
 * save, and tell the other party by `event` (sender: the deciding party).
 */
async function settleQuery(
    ctx: Context,
    queryId: string,
    party: 'requesterId' | 'responderId',
    event: typeof EVENT_NAMES.queryDenied | typeof EVENT_NAMES.replyRejected,
    decide: (query: QueryRecord, machine: MachineRecord, caller: Caller, at: string) => QueryRecord,
): Promise<string> {
    const query = await requireQuery(ctx, queryId);
    const decided = decide(query, await requireMachine(ctx, query[party]), readCaller(ctx), transactionTime(ctx));
    await saveQuery(ctx, decided);
    const other = party === 'requesterId' ? decided.responderId : decided.requesterId;
    emitEvent(ctx, event, { queryId: decided.queryId, senderId: decided[party], receiverId: other });
    return toCanonicalJson(decided);
}
