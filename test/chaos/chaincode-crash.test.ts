import { randomBytes } from 'node:crypto';
import { expect } from 'chai';

import { SpindleError } from '@spindle/client';
import { type MillConfig, isPortFree, nodeNames, peerChannelHeight } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { chaosTable } from './support/chaos-table';
import { healNetwork, killNode, restartNode } from './support/faults';
import { auditLoad, commitsOnEveryPeer } from './support/ledger-audit';
import { Load, probePuts } from './support/load';
import { operatorSession } from './support/sessions';
import { waitUntil } from './support/wait-until';

const TRANSACTIONS = 60;

describe('chaos: a chaincode server killed with SIGKILL mid-load', function () {
    this.timeout(10 * 60_000);

    after(async function () {
        await healNetwork(testNetwork().ctx);
    });

    it('fails the in-flight transactions with a code, commits none of them twice, and serves the next one without a peer restart', async function () {
        const { ctx } = testNetwork();
        const victim = ctx.config.mills.find((mill) => mill.name === 'MillA') as MillConfig;
        const peerPid = ctx.processes.running(nodeNames.peer(victim))?.pid;
        const prefix = `chaos-chaincode-${randomBytes(4).toString('hex')}`;
        const startBlock = BigInt((await peerChannelHeight(ctx, victim)) ?? 0);
        // Naming MillA as an endorser makes every transaction need the server that dies.
        const endorsingOrganizations = [victim.mspId, 'MillBMSP'];
        const items = probePuts(prefix, TRANSACTIONS).map((item) => ({
            ...item,
            options: { ...item.options, endorsingOrganizations },
        }));
        const session = operatorSession('MillA');
        try {
            const load = new Load(session, items);
            const running = load.run(8);
            await waitUntil('a third of the load', () => load.finished >= TRANSACTIONS / 3, 300_000);
            await killNode(ctx, nodeNames.chaincode(victim));
            await waitUntil(
                'transactions failing without the chaincode',
                () => load.outcome.failed.size >= 3 || load.finished === TRANSACTIONS,
                120_000,
            );
            await restartNode(ctx, victim, 'chaincode');
            await waitUntil('the chaincode server listening', async () => !(await isPortFree(victim.ports.chaincode)));
            const outcome = await running;

            const next = await session.submit('Probe:put', {
                args: [`${prefix}-next`, 'after the restart'],
                endorsingOrganizations,
            });
            expect(next.transactionId).to.match(/^[0-9a-f]{64}$/);
            expect(ctx.processes.running(nodeNames.peer(victim))?.pid, "MillA's peer PID").to.equal(peerPid);

            for (const error of outcome.failed.values()) {
                expect(error, 'a failure with a code').to.be.instanceOf(SpindleError);
            }
            const audit = auditLoad(outcome, await commitsOnEveryPeer(session, prefix, startBlock));
            expect(audit.lost, 'transactions lost or committed twice').to.deep.equal([]);
            expect(audit.failedButCommitted, 'failed to the caller yet committed').to.equal(0);
            const codes = [...new Set([...outcome.failed.values()].map((error) => (error as SpindleError).code))];
            chaosTable.record({
                tried: `SIGKILL ${victim.name}'s chaincode server during ${String(TRANSACTIONS)} transactions it endorses, restart it`,
                count: 1,
                held: `${String(outcome.failed.size)} in flight or sent while down failed (${codes.join(', ') || 'none'}), none committed; ${String(outcome.committed.size)} committed once; next one committed, peer not restarted`,
                lost: audit.lost.length,
                passed: true,
            });
        } finally {
            session.close();
        }
    });
});
