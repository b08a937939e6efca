import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageEntriesOf } from '@spindle/chaincode/protocol';
import { expect } from 'chai';

import { type AgentStep, FileCheckpointer, SpindleError, decryptPayload, eciesCipher } from '@spindle/client';

import { chaosTable } from './support/chaos-table';
import { DeviceAgentProcess, answeredIn, queryPacket, readyQueryPair } from './support/device-agent-process';
import { waitUntil } from './support/wait-until';
import type { ReadyMachine } from '../support/machines';

/**
 * The steps a responder's agent takes for a legal query, in order; a kill may fall after each.
 * The denial and the requester's steps are killed in the unit tests (device-agent-crash-points).
 */
const STEPS: readonly AgentStep[] = ['answer-built', 'reply-committed', 'block-appended', 'event-checkpointed'];

describe('chaos: a responder agent killed with SIGKILL between two side effects of a query', function () {
    this.timeout(180_000);

    const scratch = mkdtempSync(join(tmpdir(), 'spindle-agent-crash-points-'));
    const machines = {} as { requester: ReadyMachine; responder: ReadyMachine };
    let agent: DeviceAgentProcess | undefined;

    before(async function () {
        Object.assign(machines, await readyQueryPair());
    });
    afterEach(async function () {
        await agent?.stop('SIGTERM');
    });
    after(function () {
        machines.requester.machine.close();
        machines.responder.machine.close();
    });

    for (const [index, step] of STEPS.entries()) {
        it(`completes every side effect after a kill at ${step}: answered once, archived once, inbox empty`, async function () {
            const { requester, responder } = machines;
            const responderId = responder.machine.machineId;
            const checkpoint = join(scratch, `${step}.checkpoint.json`);
            const firstLog = join(scratch, `${step}-1.log`);
            const secondLog = join(scratch, `${step}-2.log`);
            const chainBefore =
                (await responder.machine.communication.chainHead(responderId).catch(() => undefined))?.seq ?? 0;

            // The query commits first; the agent starts at its block, so no older event can take the kill.
            const { query, blockNumber } = await requester.machine.queries.requestCommitted(
                await queryPacket(requester, responderId, index),
            );
            await FileCheckpointer.open(checkpoint).checkpointBlock(blockNumber - 1n);
            agent = new DeviceAgentProcess(responderId, checkpoint);
            agent.start(firstLog, step);
            await waitUntil(`the kill at ${step}`, () => !agent?.running, 60_000);
            expect(readFileSync(firstLog, 'utf8'), 'the first run died at its crash point').to.include(
                `"msg":"crash injected","step":"${step}"`,
            );

            agent.start(secondLog);
            // The checkpoint moves past an event only once all its side effects are done.
            await waitUntil(
                'the restarted agent checkpointing the query',
                () => checkpointPassed(checkpoint, blockNumber, query.queryId),
                60_000,
            );
            await agent.stop('SIGTERM');

            const record = await requester.machine.queries.get(query.queryId);
            expect(record.status, 'the query after the restart').to.equal('ANSWERED');
            expect(record.rejections).to.deep.equal([]);
            const answers = [...answeredIn(firstLog), ...answeredIn(secondLog)].filter((id) => id === query.queryId);
            expect(answers, 'replies across both runs').to.have.length(1);

            const inboxRead = await responder.machine.communication
                .readMailbox({ machineId: responderId, mailbox: 'inbox', messageId: query.queryId })
                .then(() => 'still in the inbox')
                .catch((error: unknown) => (error instanceof SpindleError ? error.code : String(error)));
            expect(inboxRead, "the responder's inbox after the restart").to.equal('NOT_FOUND');

            const head = await responder.machine.communication.chainHead(responderId);
            let copies = 0;
            for (let seq = chainBefore + 1; seq <= head.seq; seq += 1) {
                const block = await responder.machine.communication.block(responderId, seq);
                copies += messageEntriesOf(block.entries).filter((entry) => entry.messageId === query.queryId).length;
            }
            expect(copies, "the query's copies in the responder's chain").to.equal(1);
            const verified = await responder.machine.communication.verifyWholeChain(responderId);
            expect(verified.ok, "the responder's chain verifies").to.equal(true);

            const reply = await requester.machine.communication.findDelivered({
                machineId: requester.machine.machineId,
                mailbox: 'inbox',
                messageId: record.replyMessageId ?? '',
            });
            const answer = JSON.parse(
                Buffer.from(decryptPayload(reply.packet, requester.encryptionKeys.privateKeyPem, eciesCipher)).toString(
                    'utf8',
                ),
            ) as { answeredTo?: string };
            expect(answer.answeredTo, 'the answer the requester decrypts').to.equal(requester.machine.machineId);

            chaosTable.record({
                tried: `SIGKILL drawing-b1's agent right after ${step}, restart it`,
                count: 1,
                held: 'query answered once, moved into the chain once, inbox empty, chain verifies, answer decrypts',
                lost: 0,
                passed: true,
            });
        });
    }
});

/** True once the checkpoint file names an event at or past the query's transaction. */
function checkpointPassed(file: string, blockNumber: bigint, queryId: string): boolean {
    if (!existsSync(file)) {
        return false;
    }
    const checkpoint = FileCheckpointer.open(file);
    const at = checkpoint.getBlockNumber() ?? 0n;
    return at > blockNumber || (at === blockNumber && checkpoint.getTransactionId() === queryId);
}
