import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

import { FileCheckpointer } from '@spindle/client';
import { type MillConfig, nodeNames } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { chaosTable } from './support/chaos-table';
import { answeredCount, answeredIn, useAgentCase, sendQueries } from './support/device-agent-process';
import { healNetwork, killNode, restartNode, waitForEqualHeights } from './support/faults';
import { waitUntil } from './support/wait-until';

const QUERIES_EACH_SIDE = 3;

describe('chaos: the peer a device agent listens through, restarted', function () {
    this.timeout(300_000);

    const setup = useAgentCase();
    const { agent, checkpoint, scratch } = setup;

    after(async function () {
        await healNetwork(testNetwork().ctx);
    });

    it('resumes from its checkpoint by itself and answers every query once, with no gap', async function () {
        const { ctx } = testNetwork();
        const peerMill = ctx.config.mills.find((mill) => mill.name === 'MillB') as MillConfig;
        const log = join(scratch, 'agent.log');
        agent.start(log);
        const before = await sendQueries(setup.requester, 'drawing-b1', QUERIES_EACH_SIDE);
        await waitUntil(
            'answers before the restart',
            async () => (await answeredCount(setup.requester, before)) === before.length,
        );
        const checkpointBefore = FileCheckpointer.open(checkpoint).getBlockNumber() ?? 0n;

        await killNode(ctx, nodeNames.peer(peerMill));
        await restartNode(ctx, peerMill, 'peer');
        await waitForEqualHeights(ctx);
        // Sent as soon as the peer is back, while the agent may still be waiting to listen again.
        const after = await sendQueries(setup.requester, 'drawing-b1', QUERIES_EACH_SIDE);
        await waitUntil(
            'answers after the restart',
            async () => (await answeredCount(setup.requester, after)) === after.length,
        );
        expect(agent.running, 'the agent process, never restarted').to.equal(true);
        expect(lostPeerNotices(log), 'times the agent lost its peer and resumed').to.be.greaterThan(0);
        await agent.stop('SIGTERM');

        const queryIds = [...before, ...after];
        const answers = answeredIn(log).filter((id) => queryIds.includes(id));
        const distinct = new Set(answers).size;
        expect([...answers].sort(), 'each query answered once').to.deep.equal([...queryIds].sort());
        const checkpointAfter = FileCheckpointer.open(checkpoint).getBlockNumber() ?? 0n;
        expect(checkpointAfter > checkpointBefore, 'the checkpoint moved on').to.equal(true);
        chaosTable.record({
            tried: `SIGKILL and restart ${peerMill.name}'s peer under drawing-b1's running agent; ${String(QUERIES_EACH_SIDE)} queries before, ${String(QUERIES_EACH_SIDE)} after`,
            count: 1,
            held: `agent resumed from its checkpoint by itself: ${String(queryIds.length)}/${String(queryIds.length)} answered, each once`,
            lost: queryIds.length - distinct + (answers.length - distinct),
            passed: true,
        });
    });
});

/** How often the agent logged that it lost its peer and will resume from its checkpoint. */
function lostPeerNotices(logFile: string): number {
    return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"msg":"peer lost, resuming from the checkpoint"')).length;
}
