import { randomBytes } from 'node:crypto';
import { expect } from 'chai';

import { type MillConfig, nodeNames, peerChannelHeight } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { chaosTable } from './support/chaos-table';
import { readyMachine } from '../support/machines';
import { chaosCount } from './support/counts';
import { DRAWING_B1 } from './support/device-agent-process';
import { healNetwork, killNode, restartNode, waitForEqualHeights } from './support/faults';
import { auditLoad, commitsOnEveryPeer } from './support/ledger-audit';
import { Load, probePuts } from './support/load';
import { privateMismatches, privatePuts } from './support/private-writes';
import { operatorSession } from './support/sessions';
import { waitUntil } from './support/wait-until';

describe("chaos: a peer killed with SIGKILL while it endorses and holds a machine's private data", function () {
    this.timeout(20 * 60_000);
    const count = chaosCount(200);

    after(async function () {
        await healNetwork(testNetwork().ctx);
    });

    it(`catches up to the others' height and holds the value behind every private hash of ${String(count)} transactions`, async function () {
        const { ctx } = testNetwork();
        const victim = ctx.config.mills.find((mill) => mill.name === 'MillB') as MillConfig;
        // Probe writes only into a registered machine's area, in its mill's collection.
        const owner = await readyMachine(DRAWING_B1.machineId, DRAWING_B1);
        owner.machine.close();
        const machineId = DRAWING_B1.machineId;
        const prefix = `chaos-peer-${randomBytes(4).toString('hex')}`;
        const publicItems = probePuts(`${prefix}-pub`, count / 2);
        const privateItems = privatePuts(`${prefix}-pvt`, machineId, count / 2);
        const startBlock = BigInt((await peerChannelHeight(ctx, victim)) ?? 0);
        const timing = { commitWaitMs: 15_000, orderingBudgetMs: 180_000 };
        const session = operatorSession('MillA', timing);
        // Only the machine's own mill may write its collection through Probe; its operator goes
        // through MillA's gateway, which the kill leaves standing.
        const ownerSession = operatorSession(victim.name, timing, undefined, 'MillA');
        try {
            // Two streams, so public writes go on while private ones wait for the only peer that may endorse them.
            const publicLoad = new Load(session, publicItems);
            const privateLoad = new Load(ownerSession, privateItems);
            const running = Promise.all([publicLoad.run(12), privateLoad.run(4)]);
            const finished = () => publicLoad.finished + privateLoad.finished;
            await waitUntil('a fifth of the transactions', () => finished() >= count / 5, 300_000);
            await killNode(ctx, nodeNames.peer(victim));
            const atKill = publicLoad.finished;
            // The others carry on without it (public writes need any two mills) and leave it behind.
            await waitUntil(
                'a quarter of the public writes without the peer',
                () => publicLoad.finished >= Math.min(atKill + count / 8, count / 2),
                120_000,
            );
            await restartNode(ctx, victim, 'peer');
            const [publicOutcome, privateOutcome] = await running;
            const heights = await waitForEqualHeights(ctx);

            const audit = auditLoad(publicOutcome, await commitsOnEveryPeer(session, `${prefix}-pub`, startBlock));
            const unresolved = await privateMismatches(victim.name, machineId, privateOutcome);

            expect(audit.lost, 'public writes lost or committed twice').to.deep.equal([]);
            expect(unresolved, 'private writes whose value the member peer does not hold as committed').to.deep.equal(
                [],
            );
            const firstFailure = [...privateOutcome.failed.values()][0];
            expect(
                privateOutcome.committed.size,
                `private writes committed (the first failure: ${String(firstFailure)})`,
            ).to.be.greaterThan(0);
            chaosTable.record({
                tried: `SIGKILL ${victim.name}'s peer during ${String(count)} transactions (half private to the area of ${machineId}), restart it`,
                count: 1,
                held: `heights equal (${String(heights)}); ${String(publicOutcome.committed.size + privateOutcome.committed.size)}/${String(count)} committed (failed ones found uncommitted); ${String(privateOutcome.committed.size)} private values resolve on ${victim.name}`,
                lost: audit.lost.length + unresolved.length,
                passed: true,
            });
        } finally {
            session.close();
            ownerSession.close();
        }
    });
});
