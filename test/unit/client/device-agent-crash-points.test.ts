import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';

import { EVENT_NAMES } from '@spindle/chaincode/protocol';
import { type AgentStep, DeviceAgent, FileCheckpointer, eciesCipher } from '@spindle/client';

import { AgentLedgerFake, QUERY_ID, REPLY_ID, REQUESTER_ID, RESPONDER_ID } from '../support/agent-ledger-fake';

/** What the fake's kill throws; nothing in the agent may catch it. */
class Killed extends Error {}

/**
 * Runs `machineId`'s agent over the ledger's events until it is killed right after `crashAt`
 * (it must be), then a fresh agent on the same checkpoint file, as a supervisor restarts it.
 */
async function killAndRestart(ledger: AgentLedgerFake, machineId: string, crashAt?: AgentStep): Promise<string> {
    const checkpoint = join(mkdtempSync(join(tmpdir(), 'spindle-agent-kill-')), 'checkpoint.json');
    const agentOf = (afterStep?: (step: AgentStep) => void) =>
        new DeviceAgent({
            machines: [ledger.session(machineId)],
            checkpointer: FileCheckpointer.open(checkpoint),
            cipher: eciesCipher,
            answer: () => Promise.resolve(Buffer.from('{"status":"running"}')),
            logger: pino({ level: 'silent' }),
            chaincode: 'spindle',
            ...(afterStep ? { afterStep } : {}),
        });
    if (crashAt) {
        const first = agentOf((step) => {
            if (step === crashAt) {
                throw new Killed(step);
            }
        });
        const outcome = await first.run().then(
            () => 'ran to the end',
            (error: unknown) => (error instanceof Killed ? 'killed' : String(error)),
        );
        expect(outcome, `the first run, to be killed at ${crashAt}`).to.equal('killed');
    }
    await agentOf().run();
    return checkpoint;
}

function checkpointedLast(ledger: AgentLedgerFake, checkpoint: string): void {
    const last = ledger.events.at(-1);
    expect(FileCheckpointer.open(checkpoint).getTransactionId(), 'the checkpoint after the restart').to.equal(
        last?.transactionId,
    );
}

describe('the device agent killed between two side effects of an event, then restarted', function () {
    for (const step of ['answer-built', 'reply-committed', 'block-appended', 'event-checkpointed'] as const) {
        it(`answers a legal query once and moves it into the chain once, killed at ${step}`, async function () {
            const ledger = new AgentLedgerFake();
            const checkpoint = await killAndRestart(ledger, RESPONDER_ID, step);
            expect(ledger.query.status).to.equal('ANSWERED');
            expect(ledger.committed.replies, 'replies committed').to.equal(1);
            expect(ledger.inbox(RESPONDER_ID).has(QUERY_ID), 'the query still in the inbox').to.equal(false);
            expect(ledger.copiesInChain(RESPONDER_ID, QUERY_ID), 'copies of the query in the chain').to.equal(1);
            checkpointedLast(ledger, checkpoint);
        });
    }

    it('denies a query from a machine that is not ACTIVE once, killed at denial-committed', async function () {
        const ledger = new AgentLedgerFake();
        ledger.requesterStatus = 'REVOKED';
        await killAndRestart(ledger, RESPONDER_ID, 'denial-committed');
        expect(ledger.query.status).to.equal('DENIED');
        expect(ledger.committed).to.deep.equal({ replies: 0, denials: 1, rejections: 0 });
    });

    it('moves the query into the chain when a reply sent before the kill commits after the restart read it open', async function () {
        const ledger = new AgentLedgerFake();
        // The first run's reply reaches the orderer as it dies and commits just before the
        // restarted agent's own reply: the chaincode refuses the second STATE_INVALID.
        ledger.beforeRespond = () => {
            ledger.beforeRespond = () => undefined;
            ledger.commitReply(ledger.packet(RESPONDER_ID, REQUESTER_ID, 'reply'));
        };
        const checkpoint = await killAndRestart(ledger, RESPONDER_ID);
        expect(ledger.query.status).to.equal('ANSWERED');
        expect(ledger.committed.replies, 'replies committed').to.equal(1);
        expect(ledger.copiesInChain(RESPONDER_ID, QUERY_ID), 'copies of the query in the chain').to.equal(1);
        expect(ledger.inbox(RESPONDER_ID).has(QUERY_ID), 'the query still in the inbox').to.equal(false);
        checkpointedLast(ledger, checkpoint);
    });

    it('moves the packet of a query whose reply was rejected after the kill, answering it again once', async function () {
        const ledger = new AgentLedgerFake();
        // Killed after its reply, before the move; the requester rejected that reply meanwhile.
        ledger.commitReply(ledger.packet(RESPONDER_ID, REQUESTER_ID, 'reply'));
        ledger.query = { ...ledger.query, status: 'REPLY_REJECTED' };
        ledger.emit(EVENT_NAMES.replyRejected, 'c'.repeat(64), { queryId: QUERY_ID, receiverId: RESPONDER_ID });
        await killAndRestart(ledger, RESPONDER_ID);
        expect(ledger.query.status).to.equal('ANSWERED');
        expect(ledger.committed.replies, 'replies committed: before the rejection and after it').to.equal(2);
        expect(ledger.inbox(RESPONDER_ID).has(QUERY_ID), 'the query still in the inbox').to.equal(false);
        expect(ledger.copiesInChain(RESPONDER_ID, QUERY_ID), 'copies of the query in the chain').to.equal(1);
    });

    for (const step of ['reply-verified', 'block-appended', 'event-checkpointed'] as const) {
        it(`moves a verified reply into the requester's chain once, killed at ${step}`, async function () {
            const ledger = new AgentLedgerFake();
            ledger.commitReply(ledger.packet(RESPONDER_ID, REQUESTER_ID, 'reply'));
            const checkpoint = await killAndRestart(ledger, REQUESTER_ID, step);
            expect(ledger.query.status).to.equal('ANSWERED');
            expect(ledger.inbox(REQUESTER_ID).has(REPLY_ID), 'the reply still in the inbox').to.equal(false);
            expect(ledger.copiesInChain(REQUESTER_ID, REPLY_ID), 'copies of the reply in the chain').to.equal(1);
            checkpointedLast(ledger, checkpoint);
        });
    }

    it('rejects an illegal reply once, killed at rejection-committed', async function () {
        const ledger = new AgentLedgerFake();
        ledger.commitReply(ledger.packet(RESPONDER_ID, REQUESTER_ID, 'reply', REQUESTER_ID));
        await killAndRestart(ledger, REQUESTER_ID, 'rejection-committed');
        expect(ledger.query.status).to.equal('REPLY_REJECTED');
        expect(ledger.committed.rejections, 'rejections committed').to.equal(1);
    });
});
