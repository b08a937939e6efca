import { expect } from 'chai';
import { answerQuery, denyQuery, openQuery, rejectReply } from '@spindle/chaincode/domain';
import { LIMITS, QUERY_STATUSES, type QueryRecord } from '@spindle/chaincode/protocol';
import { buildPacket } from '../../support/packet-client';
import { codeOf } from '../support/code-of';
import { keyPair, machineCaller, machineRecord } from './fixtures';

const AT = '2025-03-02T09:00:00.000Z';
const QUERY_ID = 'b'.repeat(64);
const requesterKeys = keyPair();
const responderKeys = keyPair();
const requester = machineRecord('carding-a1', 'ACTIVE', requesterKeys.publicKey);
const responder = machineRecord('comber-c1', 'ACTIVE', responderKeys.publicKey, 'MillCMSP');
const request = buildPacket(
    { senderId: 'carding-a1', receiverId: 'comber-c1', type: 'query', timestamp: new Date(AT) },
    requesterKeys.privateKey,
);
const reply = buildPacket(
    { senderId: 'comber-c1', receiverId: 'carding-a1', type: 'reply', inReplyTo: QUERY_ID, timestamp: new Date(AT) },
    responderKeys.privateKey,
);

function queryIn(status: QueryRecord['status']): QueryRecord {
    return {
        ...openQuery(request, QUERY_ID, AT),
        status,
        ...(status === 'ANSWERED' ? { replyMessageId: 'c'.repeat(64), answeredAt: AT } : {}),
    };
}

const ALLOWED = {
    answer: ['REQUESTED', 'REPLY_REJECTED'],
    deny: ['REQUESTED', 'REPLY_REJECTED'],
    reject: ['ANSWERED'],
} as const;

const ACTIONS = {
    answer: (query: QueryRecord) => answerQuery(query, reply, 'd'.repeat(64), AT),
    deny: (query: QueryRecord) =>
        denyQuery(query, responder, machineCaller(responder), { queryId: QUERY_ID, reason: 'OVERLOADED' }, AT),
    reject: (query: QueryRecord) =>
        rejectReply(query, requester, machineCaller(requester), { queryId: QUERY_ID, reason: 'SIGNATURE_INVALID' }, AT),
};

describe('query lifecycle', function () {
    it('opens a query REQUESTED between the packet’s sender and receiver', function () {
        expect(openQuery(request, QUERY_ID, AT)).to.include({
            status: 'REQUESTED',
            requesterId: 'carding-a1',
            responderId: 'comber-c1',
        });
    });

    for (const [action, allowed] of Object.entries(ALLOWED) as [
        keyof typeof ALLOWED,
        readonly QueryRecord['status'][],
    ][]) {
        for (const status of QUERY_STATUSES) {
            const permitted = allowed.includes(status);
            it(`${permitted ? 'lets' : 'does not let'} a ${status} query be ${action}ed`, function () {
                expect(codeOf(() => ACTIONS[action](queryIn(status)))).to.equal(
                    permitted ? undefined : 'STATE_INVALID',
                );
            });
        }
    }

    it(`ends the query FAILED with REJECTIONS_EXHAUSTED at rejection ${LIMITS.queryRejectionsMax}, and no sooner`, function () {
        let query = queryIn('ANSWERED');
        for (let round = 1; round <= LIMITS.queryRejectionsMax; round += 1) {
            query = ACTIONS.reject(query);
            if (round < LIMITS.queryRejectionsMax) {
                expect(query.status).to.equal('REPLY_REJECTED');
                query = ACTIONS.answer(query);
            }
        }
        expect(query.status).to.equal('FAILED');
        expect(query.failure).to.deep.equal({ code: 'REJECTIONS_EXHAUSTED', at: AT });
        expect(query.rejections).to.have.length(LIMITS.queryRejectionsMax);
        expect(codeOf(() => ACTIONS.answer(query))).to.equal('STATE_INVALID');
    });

    it('keeps the rejected reply in the record and clears the answer', function () {
        const rejected = ACTIONS.reject(queryIn('ANSWERED'));
        expect(rejected.rejections).to.deep.equal([
            { replyMessageId: 'c'.repeat(64), reason: 'SIGNATURE_INVALID', at: AT },
        ]);
        expect(rejected).to.not.have.property('replyMessageId');
        expect(rejected).to.not.have.property('answeredAt');
    });

    it('refuses a denial or rejection by a machine that is not the right party, or not ACTIVE', function () {
        expect(
            codeOf(() =>
                denyQuery(
                    queryIn('REQUESTED'),
                    requester,
                    machineCaller(requester),
                    { queryId: QUERY_ID, reason: 'OVERLOADED' },
                    AT,
                ),
            ),
        ).to.equal('NOT_AUTHORIZED');
        const suspended = { ...responder, status: 'SUSPENDED' as const };
        expect(
            codeOf(() =>
                denyQuery(
                    queryIn('REQUESTED'),
                    suspended,
                    machineCaller(suspended),
                    { queryId: QUERY_ID, reason: 'OVERLOADED' },
                    AT,
                ),
            ),
        ).to.equal('NOT_AUTHORIZED');
        expect(
            codeOf(() =>
                rejectReply(
                    queryIn('ANSWERED'),
                    requester,
                    machineCaller(responder),
                    { queryId: QUERY_ID, reason: 'SIGNATURE_INVALID' },
                    AT,
                ),
            ),
        ).to.equal('NOT_AUTHORIZED');
    });
});
