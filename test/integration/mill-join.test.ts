import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';

import {
    type MillConfig,
    type NetworkContext,
    NetworkError,
    fetchBlock,
    isRaftLeader,
    joinMill,
    leaveMill,
    loadContext,
    nodeNames,
    ordererChannelInfo,
    prepareJoiningMill,
    proposeMillJoin,
    proposeMillRemoval,
    readJoinRequest,
    signUpdate,
    startOrderer,
    submitUpdate,
    updateSigners,
    waitFor,
} from '@spindle/network';

import { connectAs } from '../support/local-network';

function millOf(mills: MillConfig[], name: string): MillConfig {
    const mill = mills.find((candidate) => candidate.name === name);
    if (!mill) {
        throw new Error(`no mill ${name}`);
    }
    return mill;
}

/**
 * MillD joins the running channel, each mill doing its own part. It changes the network for
 * good (four mills from then on), so it runs only when asked: SPINDLE_MILL_JOIN=1, on a network
 * of its own.
 */
describe('a fourth mill joining the running channel and leaving it', function () {
    let ctx: NetworkContext;
    let work: string;

    before(function () {
        if (process.env.SPINDLE_MILL_JOIN !== '1') {
            this.skip();
        }
        ctx = loadContext();
        if (!ctx.config.joining.some((mill) => mill.name === 'MillD')) {
            throw new Error('MillD already joined this network: run the test on a fresh one');
        }
        work = mkdtempSync(join(tmpdir(), 'spindle-mill-join-'));
    });

    after(function () {
        if (work) {
            rmSync(work, { recursive: true, force: true });
        }
    });

    it('refuses the update signed by one mill with UPDATE_REFUSED, applies it signed by two, and MillD joins', async function () {
        const millA = millOf(ctx.config.mills, 'MillA');
        const millB = millOf(ctx.config.mills, 'MillB');
        const millD = millOf(ctx.config.joining, 'MillD');

        const request = readJoinRequest(await prepareJoiningMill(ctx, millD));
        expect(request.mspId).to.equal('MillDMSP');
        const update = await proposeMillJoin(ctx, millA, request, join(work, 'add-milld.pb'));
        expect(await updateSigners(ctx, update)).to.deep.equal([]);

        // Submitting signs as the submitter: MillA alone is one of three admins, not a majority.
        const alone = join(work, 'one-signature.pb');
        copyFileSync(update, alone);
        const refused = await submitUpdate(ctx, millA, alone).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(refused).to.be.instanceOf(NetworkError);
        expect((refused as NetworkError).code).to.equal('UPDATE_REFUSED');

        await signUpdate(ctx, millB, update);
        expect(await updateSigners(ctx, update)).to.deep.equal(['MillBMSP']);
        await submitUpdate(ctx, millA, update);

        const outcome = await joinMill(ctx, millD, millA);
        expect(outcome.peerHeight).to.be.greaterThan(1);
        const members = loadContext();
        expect(members.config.mills.map((mill) => mill.name)).to.deep.equal(['MillA', 'MillB', 'MillC', 'MillD']);
        for (const mill of members.config.mills) {
            const info = await ordererChannelInfo(members, mill);
            expect(info?.consensusRelation, mill.name).to.equal('consenter');
            expect(info?.status, mill.name).to.equal('active');
        }
    });

    it('commits a transaction after the Raft leader, one of four orderers, is stopped and the other three elect another', async function () {
        const members = loadContext();
        const channel = members.config.channel;
        const leaderAmong = async (mills: MillConfig[]): Promise<MillConfig | undefined> => {
            for (const mill of mills) {
                if (await isRaftLeader(mill.ports.ordererOperations, channel, mill.host.address)) {
                    return mill;
                }
            }
            return undefined;
        };
        let leader: MillConfig | undefined;
        await waitFor('a Raft leader among four orderers', async () => {
            leader = await leaderAmong(members.config.mills);
            return leader !== undefined;
        });
        const stopped = leader as MillConfig;
        await members.processes.stop(nodeNames.orderer(stopped));
        const connection = connectAs(stopped.name === 'MillA' ? 'MillB' : 'MillA');
        try {
            const others = members.config.mills.filter((mill) => mill !== stopped);
            await waitFor(
                'a new Raft leader among the three orderers left',
                async () => (await leaderAmong(others)) !== undefined,
                { timeoutMs: 60_000, intervalMs: 500 },
            );
            const key = `raft-${randomBytes(6).toString('hex')}`;
            const contract = connection.gateway.getNetwork(channel).getContract('spindle', 'Probe');
            await contract.submitTransaction('put', key, 'three of four orderers');
            expect(new TextDecoder().decode(await contract.evaluateTransaction('get', key))).to.equal(
                'three of four orderers',
            );
        } finally {
            connection.close();
            await startOrderer(members, stopped);
        }
    });

    it('removes MillD signed by three of four admins: its admin is refused the channel, three consenters commit on', async function () {
        const members = loadContext();
        const [millA, millB, millC, millD] = ['MillA', 'MillB', 'MillC', 'MillD'].map((name) =>
            millOf(members.config.mills, name),
        ) as [MillConfig, MillConfig, MillConfig, MillConfig];
        const update = await proposeMillRemoval(members, millA, millD, join(work, 'remove-milld.pb'));
        await signUpdate(members, millB, update);
        // With four mills a majority is three: MillB's and MillA's signatures are not enough.
        const two = join(work, 'two-signatures.pb');
        copyFileSync(update, two);
        const refused = await submitUpdate(members, millA, two).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect((refused as NetworkError).code).to.equal('UPDATE_REFUSED');
        await signUpdate(members, millC, update);
        expect(await updateSigners(members, update)).to.deep.equal(['MillBMSP', 'MillCMSP']);
        await submitUpdate(members, millA, update);

        const denied = await fetchBlock(members, millD, millA, 'config', join(work, 'denied.block')).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect((denied as NetworkError).code).to.equal('STEP_FAILED');
        await leaveMill(members, millD);
        const remaining = loadContext();
        expect(remaining.config.mills.map((mill) => mill.name)).to.deep.equal(['MillA', 'MillB', 'MillC']);
        for (const mill of remaining.config.mills) {
            expect((await ordererChannelInfo(remaining, mill))?.consensusRelation, mill.name).to.equal('consenter');
        }
        const connection = connectAs('MillA');
        try {
            const key = `after-${randomBytes(6).toString('hex')}`;
            const contract = connection.gateway.getNetwork(remaining.config.channel).getContract('spindle', 'Probe');
            await contract.submitTransaction('put', key, 'three mills again');
            expect(new TextDecoder().decode(await contract.evaluateTransaction('get', key))).to.equal(
                'three mills again',
            );
        } finally {
            connection.close();
        }
    });
});
