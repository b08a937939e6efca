import { join } from 'node:path';
import { expect } from 'chai';

import { FileCheckpointer } from '@spindle/client';

import { chaosTable } from './support/chaos-table';
import { answeredCount, answeredIn, useAgentCase, sendQueries } from './support/device-agent-process';
import { waitUntil } from './support/wait-until';

const QUERIES = 6;

describe('chaos: a device agent killed with SIGKILL mid-flow', function () {
    this.timeout(240_000);

    const setup = useAgentCase();
    const { agent, checkpoint, scratch } = setup;

    it('answers every query exactly once after a restart from its checkpoint, which the kill left intact', async function () {
        const firstLog = join(scratch, 'agent-1.log');
        const secondLog = join(scratch, 'agent-2.log');
        agent.start(firstLog);
        const queryIds = await sendQueries(setup.requester, 'drawing-b1', QUERIES);

        // Kill it once it has answered some but not all of them.
        await waitUntil('a first answer', async () => (await answeredCount(setup.requester, queryIds)) >= 1);
        await agent.stop('SIGKILL');
        const beforeRestart = await answeredCount(setup.requester, queryIds);
        expect(beforeRestart, 'answered before the kill').to.be.greaterThan(0);
        expect(beforeRestart, 'left unanswered by the kill').to.be.lessThan(QUERIES);
        expect(() => FileCheckpointer.open(checkpoint), 'the checkpoint after the kill').not.to.throw();

        agent.start(secondLog);
        await waitUntil('every answer', async () => (await answeredCount(setup.requester, queryIds)) === QUERIES);
        await agent.stop('SIGTERM');

        const answers = [...answeredIn(firstLog), ...answeredIn(secondLog)].filter((id) => queryIds.includes(id));
        const distinct = new Set(answers).size;
        expect([...answers].sort(), 'each query answered once across both runs').to.deep.equal([...queryIds].sort());
        for (const id of queryIds) {
            const record = await setup.requester.machine.queries.get(id);
            expect(record.rejections).to.deep.equal([]);
            expect(record.replyMessageId).to.be.a('string');
        }
        chaosTable.record({
            tried: `SIGKILL the device agent of drawing-b1 after ${String(beforeRestart)} of ${String(QUERIES)} queries, restart it`,
            count: 1,
            held: `${String(QUERIES)}/${String(QUERIES)} answered, each once across both runs; checkpoint intact`,
            lost: QUERIES - distinct + (answers.length - distinct),
            passed: true,
        });
    });
});
