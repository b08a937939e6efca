import { randomBytes } from 'node:crypto';
import { expect } from 'chai';

import { SpindleError } from '@spindle/client';
import { type MillConfig, nodeNames, peerChannelHeight } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { chaosTable } from './support/chaos-table';
import { healNetwork, killNode, restartNode, raftLeader, waitForRaftLeader } from './support/faults';
import { auditLoad, commitsOnEveryPeer } from './support/ledger-audit';
import { Load, probePuts } from './support/load';
import { operatorSession } from './support/sessions';
import { waitUntil } from './support/wait-until';

const ATTEMPTS = 5;

describe('chaos: two of three orderers killed with SIGKILL', function () {
    this.timeout(10 * 60_000);

    after(async function () {
        await healNetwork(testNetwork().ctx);
    });

    it('fails every submit with UNAVAILABLE and its transaction ID, commits none of them, and resumes after the restart', async function () {
        const { ctx } = testNetwork();
        const prefix = `chaos-quorum-${randomBytes(4).toString('hex')}`;
        const [survivor, ...victims] = ctx.config.mills as [MillConfig, ...MillConfig[]];
        const startBlock = BigInt((await peerChannelHeight(ctx, survivor)) ?? 0);
        // A short budget: the point is a clear, prompt failure, not riding the outage out.
        const session = operatorSession('MillA', { commitWaitMs: 5_000, orderingBudgetMs: 15_000 });
        try {
            for (const victim of victims) {
                await killNode(ctx, nodeNames.orderer(victim));
            }
            // A lone leader keeps its role until its check of the quorum fails; only then is the outage complete.
            await waitUntil('the survivor to give up leadership', async () => (await raftLeader(ctx)) === undefined);

            const outage = await new Load(session, probePuts(prefix, ATTEMPTS)).run(ATTEMPTS);
            expect(outage.committed.size, 'submits that succeeded without a quorum').to.equal(0);
            for (const error of outage.failed.values()) {
                expect(error).to.be.instanceOf(SpindleError);
                expect((error as SpindleError).code).to.equal('UNAVAILABLE');
                expect((error as SpindleError).transactionId).to.match(/^[0-9a-f]{64}$/);
            }

            for (const victim of victims) {
                await restartNode(ctx, victim, 'orderer');
            }
            await waitForRaftLeader(ctx);
            const resumed = await new Load(session, probePuts(`${prefix}-after`, ATTEMPTS)).run(ATTEMPTS);
            expect(resumed.failed.size, 'submits that failed after the restart').to.equal(0);

            const audit = auditLoad(outage, await commitsOnEveryPeer(session, prefix, startBlock));
            expect(audit.failedNotCommitted, 'failed submits found on no peer').to.equal(ATTEMPTS);
            expect(audit.lost).to.deep.equal([]);
            chaosTable.record({
                tried: `SIGKILL two of three orderers (${victims.map((mill) => mill.name).join(', ')}), ${String(ATTEMPTS)} submits, restart them`,
                count: 2,
                held: `${String(ATTEMPTS)}/${String(ATTEMPTS)} failed UNAVAILABLE with their tx ID, none committed; ${String(ATTEMPTS)}/${String(ATTEMPTS)} committed after the restart`,
                lost: audit.lost.length,
                passed: true,
            });
        } finally {
            session.close();
        }
    });
});
