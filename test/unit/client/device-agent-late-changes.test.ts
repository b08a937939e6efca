import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';

import { DeviceAgent, FileCheckpointer, SpindleError, eciesCipher } from '@spindle/client';

import { AgentLedgerFake, QUERY_ID, RESPONDER_ID } from '../support/agent-ledger-fake';

/** The responder's agent over the fake ledger, waiting 1 ms before it listens again. */
function responderAgent(ledger: AgentLedgerFake): DeviceAgent {
    return new DeviceAgent({
        machines: [ledger.session(RESPONDER_ID)],
        checkpointer: FileCheckpointer.open(
            join(mkdtempSync(join(tmpdir(), 'spindle-agent-late-')), 'checkpoint.json'),
        ),
        cipher: eciesCipher,
        answer: () => Promise.resolve(Buffer.from('{"status":"running"}')),
        logger: pino({ level: 'silent' }),
        chaincode: 'spindle',
        resumeBackoffMs: 1,
    });
}

/** Makes the responder's next `count` replies fail as `code` before they are endorsed. */
function failReplies(
    ledger: AgentLedgerFake,
    count: number,
    code: 'ENDORSEMENT_FAILED' | 'COMMIT_FAILED' | 'STATE_INVALID' | 'NOT_FOUND',
): () => number {
    let tried = 0;
    ledger.beforeRespond = () => {
        tried += 1;
        if (tried <= count) {
            throw new SpindleError(code, `reply ${tried} failed as ${code}`);
        }
    };
    return () => tried;
}

describe('the device agent when the ledger changes under it', function () {
    it('denies a query whose requester is suspended after the agent read it, instead of leaving it open', async function () {
        const ledger = new AgentLedgerFake();
        // Another mill's peer had the suspension first: the agent read the requester ACTIVE,
        // the peers that endorse its reply do not deliver to a SUSPENDED machine.
        ledger.beforeRespond = () => {
            ledger.requesterStatus = 'SUSPENDED';
        };
        await responderAgent(ledger).run();
        expect(ledger.query.status).to.equal('DENIED');
        expect(ledger.query.denial).to.deep.include({
            reason: 'NOT_AUTHORIZED',
            detail: 'the reply was refused: carding-a1 is no longer ACTIVE',
        });
        expect(ledger.committed).to.deep.equal({ replies: 0, denials: 1, rejections: 0 });
        expect(ledger.inbox(RESPONDER_ID).has(QUERY_ID), 'a denied query stays in the inbox').to.equal(true);
    });

    // STATE_INVALID or NOT_FOUND while the agent's own peer has the query open: an endorsing peer
    // behind the others.
    for (const code of ['ENDORSEMENT_FAILED', 'COMMIT_FAILED', 'STATE_INVALID', 'NOT_FOUND'] as const) {
        it(`answers a query once when its reply failed ${code} twice, without a restart`, async function () {
            const ledger = new AgentLedgerFake();
            const tried = failReplies(ledger, 2, code);
            await responderAgent(ledger).run();
            expect(tried(), 'replies tried').to.equal(3);
            expect(ledger.query.status).to.equal('ANSWERED');
            expect(ledger.committed.replies, 'replies committed').to.equal(1);
            expect(ledger.copiesInChain(RESPONDER_ID, QUERY_ID), 'copies of the query in the chain').to.equal(1);
        });
    }

    it('reads a query again when the peer asked has not got the block its QueryRequested event came in', async function () {
        const ledger = new AgentLedgerFake();
        let reads = 0;
        ledger.beforeQueryRead = () => {
            reads += 1;
            if (reads <= 2) {
                throw new SpindleError('NOT_FOUND', `query ${QUERY_ID} does not exist`);
            }
        };
        await responderAgent(ledger).run();
        expect(ledger.query.status).to.equal('ANSWERED');
        expect(ledger.committed.replies, 'replies committed').to.equal(1);
        expect(ledger.copiesInChain(RESPONDER_ID, QUERY_ID), 'copies of the query in the chain').to.equal(1);
    });

    it('stops with the failure when a reply fails six times in a row, leaving the query open', async function () {
        const ledger = new AgentLedgerFake();
        const tried = failReplies(ledger, Number.POSITIVE_INFINITY, 'ENDORSEMENT_FAILED');
        const failure = await responderAgent(ledger)
            .run()
            .then(
                () => undefined,
                (error: unknown) => error,
            );
        expect(failure).to.be.instanceOf(SpindleError);
        expect((failure as SpindleError).code).to.equal('ENDORSEMENT_FAILED');
        expect(tried(), 'replies tried: the first and five more').to.equal(6);
        expect(ledger.query.status).to.equal('REQUESTED');
        expect(ledger.committed).to.deep.equal({ replies: 0, denials: 0, rejections: 0 });
    });
});
