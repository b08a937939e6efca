import { expect } from 'chai';

import { testNetwork } from '../../support/local-network';
import { chaosTable } from './chaos-table';
import { chaosCount } from './counts';
import { healNetwork } from './faults';
import { crashOrdererUnderLoad } from './orderer-crash';

/**
 * The mocha case for one orderer crash: kill the Raft leader or a follower during the issue's
 * 500 submits, restart it, and require every submit committed exactly once, a leader
 * throughout, and one chain on every orderer. The network is healed afterwards, pass or fail.
 */
export function describeOrdererCrash(role: 'leader' | 'follower'): void {
    describe(`chaos: the Raft ${role} orderer killed with SIGKILL under load`, function () {
        this.timeout(20 * 60_000);
        const count = chaosCount(500);

        after(async function () {
            await healNetwork(testNetwork().ctx);
        });

        it(`keeps a leader and commits all ${String(count)} submits exactly once, one chain on every orderer`, async function () {
            const result = await crashOrdererUnderLoad(testNetwork().ctx, role, count);
            expect(result.audit.lost, 'transactions lost or committed twice').to.deep.equal([]);
            expect(result.failed, 'submits that failed').to.equal(0);
            expect(result.succeeded).to.equal(count);
            if (role === 'leader') {
                expect(result.leaderAfter.name, 'the new leader').not.to.equal(result.victim.name);
            }
            expect(new Set(result.tips.map((tip) => tip.hash)).size, 'distinct chain tips').to.equal(1);
            chaosTable.record({
                tried: `SIGKILL the ${role} orderer (${result.victim.name}) during ${String(count)} submits, restart it`,
                count: 1,
                held: `leader ${result.leaderAfter.name} after the kill; ${String(result.succeeded)}/${String(count)} committed once on 3 peers (${String(result.resent)} resent with the same ID); 3 orderers at block ${String(result.tips[0]?.number)}, one hash`,
                lost: result.audit.lost.length,
                passed: true,
            });
        });
    });
}
