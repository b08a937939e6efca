import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';

import {
    type MillConfig,
    type NetworkContext,
    NetworkError,
    joinMill,
    loadContext,
    nodeNames,
    ordererChannelInfo,
    prepareJoiningMill,
    proposeMillJoin,
    readJoinRequest,
    signUpdate,
    startOrderer,
    submitUpdate,
    updateSigners,
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
describe('a fourth mill joining the running channel', function () {
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

    it('commits a transaction with one of the four orderers stopped', async function () {
        const members = loadContext();
        const millB = millOf(members.config.mills, 'MillB');
        await members.processes.stop(nodeNames.orderer(millB));
        const connection = connectAs('MillA');
        try {
            const key = `raft-${randomBytes(6).toString('hex')}`;
            const contract = connection.gateway.getNetwork(members.config.channel).getContract('spindle', 'Probe');
            await contract.submitTransaction('put', key, 'three of four orderers');
            expect(new TextDecoder().decode(await contract.evaluateTransaction('get', key))).to.equal(
                'three of four orderers',
            );
        } finally {
            connection.close();
            await startOrderer(members, millB);
        }
    });
});
