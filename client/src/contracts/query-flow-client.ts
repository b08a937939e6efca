import {
    CONTRACT_NAMES,
    type Packet,
    QUERY_FLOW_TRANSACTIONS as TX,
    type QueryRecord,
    denialCommandSchema,
    qualifiedName,
    queryRecordSchema,
    rejectionCommandSchema,
} from '@spindle/chaincode/protocol';
import type { z } from 'zod';

import { deliverPacket } from './communication-client';
import { parseInput } from '../session/parse-input';
import { parseResult } from '../session/parse-result';
import type { SpindleGateway } from '../session/spindle-gateway';

const name = (transaction: string) => qualifiedName(CONTRACT_NAMES.queryFlow, transaction);

/** The transactions of the 9-step query flow, typed. */
export class QueryFlowClient {
    constructor(private readonly session: SpindleGateway) {}

    /** Steps 1-4: delivers a query packet to the responder; the query ID is the transaction ID. */
    async request(packet: Packet): Promise<QueryRecord> {
        return (await this.requestCommitted(packet)).query;
    }

    /** `request`, with the block it was committed in, to listen for the answer from there. */
    async requestCommitted(packet: Packet): Promise<{ query: QueryRecord; blockNumber: bigint }> {
        const committed = await deliverPacket(this.session, name(TX.request), packet);
        return { query: parseResult(queryRecordSchema, committed.result), blockNumber: committed.blockNumber };
    }

    /** Steps 6-8: delivers the reply packet (`inReplyTo` the query ID) to the requester. */
    async respond(packet: Packet): Promise<QueryRecord> {
        return parseResult(queryRecordSchema, (await deliverPacket(this.session, name(TX.respond), packet)).result);
    }

    /** Step 5's refusal, by the responder. */
    async deny(denial: z.input<typeof denialCommandSchema>): Promise<QueryRecord> {
        const input = parseInput(denialCommandSchema, denial);
        const committed = await this.session.submit(name(TX.deny), { args: [JSON.stringify(input)] });
        return parseResult(queryRecordSchema, committed.result);
    }

    /** Step 9's refusal, by the requester: the responder is asked to answer again. */
    async rejectReply(rejection: z.input<typeof rejectionCommandSchema>): Promise<QueryRecord> {
        const input = parseInput(rejectionCommandSchema, rejection);
        const committed = await this.session.submit(name(TX.rejectReply), { args: [JSON.stringify(input)] });
        return parseResult(queryRecordSchema, committed.result);
    }

    /** The public record of a query. */
    async get(queryId: string): Promise<QueryRecord> {
        return parseResult(queryRecordSchema, await this.session.evaluate(name(TX.getQuery), [queryId]));
    }
}
