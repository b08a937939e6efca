import {
    DomainError,
    LIMITS,
    type DenialCommand,
    type MachineRecord,
    type Packet,
    type QueryRecord,
    type RejectionCommand,
} from '../../protocol';
import { assertMachineItself } from '../authorization';
import type { Caller } from '../caller';

/** Opens the public record of a query just delivered to its responder (step 4). */
export function openQuery(request: Packet, queryId: string, at: string): QueryRecord {
    return {
        queryId,
        requesterId: request.senderId,
        responderId: request.receiverId,
        status: 'REQUESTED',
        requestedAt: at,
        requestInspection: request.inspection,
        rejections: [],
        updatedAt: at,
    };
}

/**
 * Records the delivery of a reply (step 8). The reply must come from the queried machine and go
 * to the requester, while the query waits for an answer or for one sent again.
 *
 * @throws DomainError NOT_AUTHORIZED when another machine answers; INVALID_ARGUMENT when the reply
 *   goes elsewhere than the requester; STATE_INVALID when the query is ANSWERED or DENIED.
 */
export function answerQuery(query: QueryRecord, reply: Packet, replyMessageId: string, at: string): QueryRecord {
    if (reply.senderId !== query.responderId) {
        throw new DomainError('NOT_AUTHORIZED', `only ${query.responderId} may answer query ${query.queryId}`);
    }
    if (reply.receiverId !== query.requesterId) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the reply to query ${query.queryId} must go to ${query.requesterId}`,
        );
    }
    assertQueryStatus(query, ['REQUESTED', 'REPLY_REJECTED'], 'be answered');
    return { ...query, status: 'ANSWERED', replyMessageId, answeredAt: at, updatedAt: at };
}

/**
 * Records a responder's denial (step 5): the query is refused and the requester is told why.
 *
 * @throws DomainError NOT_AUTHORIZED unless the responder itself, ACTIVE; STATE_INVALID unless the
 *   query waits for an answer.
 */
export function denyQuery(
    query: QueryRecord,
    responder: MachineRecord,
    caller: Caller,
    command: DenialCommand,
    at: string,
): QueryRecord {
    assertActiveParty(caller, responder, query.responderId, `deny query ${query.queryId}`);
    assertQueryStatus(query, ['REQUESTED', 'REPLY_REJECTED'], 'be denied');
    const denial = { reason: command.reason, ...(command.detail === undefined ? {} : { detail: command.detail }), at };
    return { ...query, status: 'DENIED', denial, updatedAt: at };
}

/**
 * Records a requester's rejection of an illegal reply (step 9): the responder is asked to send
 * the reply again (back to step 6). The `LIMITS.queryRejectionsMax`-th rejection ends the query
 * FAILED (`REJECTIONS_EXHAUSTED`) instead: no more rounds, and the record stays bounded.
 *
 * @throws DomainError NOT_AUTHORIZED unless the requester itself, ACTIVE; STATE_INVALID unless the
 *   query is ANSWERED.
 */
export function rejectReply(
    query: QueryRecord,
    requester: MachineRecord,
    caller: Caller,
    command: RejectionCommand,
    at: string,
): QueryRecord {
    assertActiveParty(caller, requester, query.requesterId, `reject the reply to query ${query.queryId}`);
    assertQueryStatus(query, ['ANSWERED'], 'have its reply rejected');
    const replyMessageId = query.replyMessageId ?? '';
    const rejection = {
        replyMessageId,
        reason: command.reason,
        ...(command.detail === undefined ? {} : { detail: command.detail }),
        at,
    };
    const rejections = [...query.rejections, rejection];
    const exhausted = rejections.length >= LIMITS.queryRejectionsMax;
    const waiting: QueryRecord = {
        ...query,
        status: exhausted ? 'FAILED' : 'REPLY_REJECTED',
        rejections,
        ...(exhausted ? { failure: { code: 'REJECTIONS_EXHAUSTED' as const, at } } : {}),
        updatedAt: at,
    };
    delete waiting.replyMessageId;
    delete waiting.answeredAt;
    return waiting;
}

function assertActiveParty(caller: Caller, machine: MachineRecord, expectedId: string, action: string): void {
    if (machine.machineId !== expectedId) {
        throw new DomainError('NOT_AUTHORIZED', `only ${expectedId} may ${action}`);
    }
    assertMachineItself(caller, machine, action);
    if (machine.status !== 'ACTIVE') {
        throw new DomainError('NOT_AUTHORIZED', `machine ${machine.machineId} is ${machine.status}`);
    }
}

function assertQueryStatus(query: QueryRecord, allowed: readonly QueryRecord['status'][], action: string): void {
    if (!allowed.includes(query.status)) {
        throw new DomainError('STATE_INVALID', `query ${query.queryId} is ${query.status} and cannot ${action}`);
    }
}
