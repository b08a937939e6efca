import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { pino } from 'pino';

import { DeviceAgent, FileCheckpointer, type QueryStep, connectGateway, eciesCipher, runQuery } from '@spindle/client';
import {
    type IdentityFiles,
    type MillConfig,
    type NetworkContext,
    NetworkError,
    Progress,
    committedDefinition,
    fetchBlock,
    gatewayProfileFile,
    isRaftLeader,
    joinMill,
    leaveMill,
    loadContext,
    nodeNames,
    ordererChannelInfo,
    prepareJoiningMill,
    proposeMillJoin,
    proposeMillRemoval,
    readGatewayProfile,
    readJoinRequest,
    signUpdate,
    startOrderer,
    submitUpdate,
    updateSigners,
    upgrade,
    waitFor,
    nodeTlsServerName,
} from '@spindle/network';

import { CARDING_A1 } from '../support/line-machines';
import { connectAs } from '../support/local-network';
import { readyMachine } from '../support/machines';

/** MillD's winder as test-network-config/consortium.json lists it. */
const WINDER_D1 = {
    machineId: 'winder-d1',
    ownerMspId: 'MillDMSP',
    machineType: 'winder',
    line: 'line-d1',
    processStep: 'winding',
    vendor: 'Schlafhorst',
    serialNumber: 'X6-4001',
} as const;

const utf8 = new TextDecoder();

function millOf(mills: MillConfig[], name: string): MillConfig {
    const mill = mills.find((candidate) => candidate.name === name);
    if (!mill) {
        throw new Error(`no mill ${name}`);
    }
    return mill;
}

/** Calls Probe:ping through a peer as an identity; what the gateway answered, or its refusal. */
async function pingAs(peer: MillConfig, ctx: NetworkContext, mspId: string, files: IdentityFiles): Promise<unknown> {
    const connection = connectGateway({
        peerEndpoint: `127.0.0.1:${peer.ports.peer}`,
        tlsRootCertificate: ctx.folders(peer).peer.tls.ca,
        tlsServerName: nodeTlsServerName(ctx, peer, 'peer'),
        mspId,
        certificatePem: readFileSync(files.certificate, 'utf8'),
        privateKeyPem: readFileSync(files.privateKey, 'utf8'),
    });
    try {
        const contract = connection.gateway.getNetwork(ctx.config.channel).getContract('spindle', 'Probe');
        return utf8.decode(await contract.evaluateTransaction('ping'));
    } catch (error) {
        return error;
    } finally {
        connection.close();
    }
}

/**
 * MillD joins the running channel, each mill doing its own part; its machines get their
 * collection from the next definition; then it leaves. It changes the channel for good, so the
 * suite runs on a network of its own (test/mill-join/hooks.ts).
 */
describe('a fourth mill joining the running channel and leaving it', function () {
    let ctx: NetworkContext;
    let work: string;

    before(function () {
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

    it("commits a definition approved by the four mills that knows MillD, and MillD's machine queries a MillA machine through the 9 steps", async function () {
        const members = loadContext();
        const millA = millOf(members.config.mills, 'MillA');
        const before = await committedDefinition(members, millA);
        expect(before?.endorsementPolicy).not.to.contain('MillDMSP');

        const outcome = await upgrade(members, members.config.mills, new Progress(3, () => undefined));
        expect(outcome.committed).to.equal(true);
        expect(outcome.sequence).to.equal((before?.sequence ?? 0) + 1);
        expect(outcome.approvedBy).to.deep.equal(['MillA', 'MillB', 'MillC', 'MillD']);
        const after = await committedDefinition(members, millA);
        expect(after?.endorsementPolicy).to.match(/^OutOf\(3, .*'MillDMSP\.peer'/);

        const winder = await readyMachine('winder-d1', WINDER_D1);
        const carding = await readyMachine('carding-a1', CARDING_A1);
        const agent = new DeviceAgent({
            machines: [carding.machine],
            checkpointer: FileCheckpointer.open(join(work, 'carding-a1-checkpoint.json')),
            cipher: eciesCipher,
            answer: (machine) =>
                Promise.resolve(Buffer.from(JSON.stringify({ machineId: machine.machineId, sliverKtex: 5.2 }))),
            logger: pino({ level: 'silent' }),
            chaincode: 'spindle',
        });
        const running = agent.run();
        try {
            const steps: QueryStep[] = [];
            const result = await runQuery({
                requester: winder.machine,
                responderId: 'carding-a1',
                question: Buffer.from(JSON.stringify({ what: 'sliver count' })),
                cipher: eciesCipher,
                chaincode: 'spindle',
                onStep: (step) => steps.push(step),
            });
            // Step 9 checked carding-a1's signature against the key pool and decrypted the reply.
            expect(JSON.parse(utf8.decode(result.answer))).to.deep.equal({ machineId: 'carding-a1', sliverKtex: 5.2 });
            expect(steps.map((step) => `${step.step} ${step.outcome}`)).to.include.members(
                [1, 2, 3, 4, 5, 6, 7, 8, 9].map((step) => `${step} ok`),
            );
            expect(steps.every((step) => step.outcome === 'ok')).to.equal(true);
            expect((await winder.machine.queries.get(result.queryId)).status).to.equal('ANSWERED');
        } finally {
            agent.stop();
            await running;
            winder.machine.close();
            carding.machine.close();
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

    it('removes MillD signed by three of four admins: its admin and its machine are refused the channel, three consenters commit on', async function () {
        const members = loadContext();
        const [millA, millB, millC, millD] = ['MillA', 'MillB', 'MillC', 'MillD'].map((name) =>
            millOf(members.config.mills, name),
        ) as [MillConfig, MillConfig, MillConfig, MillConfig];
        const winder = readGatewayProfile(gatewayProfileFile(members, millD)).identities.machines['winder-d1'];
        if (!winder) {
            throw new Error('MillD has no winder-d1 in its gateway profile');
        }
        // A member's machine is served by any mill's peer.
        expect(await pingAs(millA, members, 'MillDMSP', winder)).to.be.a('string');
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
        // The orderers took the update when it returned; MillA's peer refuses MillD's identities
        // once it has committed the config block too, which on a busy machine is a moment later.
        let machineRefused: unknown;
        await waitFor(
            "MillA's peer to refuse MillD's machine",
            async () => {
                machineRefused = await pingAs(millA, members, 'MillDMSP', winder);
                return machineRefused instanceof Error;
            },
            { timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(String(machineRefused)).to.match(/access denied|creator org unknown|PERMISSION_DENIED/i);
        await leaveMill(members, millD);
        const remaining = loadContext();
        expect(remaining.config.mills.map((mill) => mill.name)).to.deep.equal(['MillA', 'MillB', 'MillC']);
        for (const mill of remaining.config.mills) {
            expect((await ordererChannelInfo(remaining, mill))?.consensusRelation, mill.name).to.equal('consenter');
        }
        // The next definition: a release of three mills, MillD's collection kept but frozen (Fabric
        // refuses a collection whose members include an MSP that left the channel).
        const fourMills = await committedDefinition(remaining, millA);
        const outcome = await upgrade(remaining, remaining.config.mills, new Progress(3, () => undefined));
        expect(outcome.sequence).to.equal((fourMills?.sequence ?? 0) + 1);
        expect((await committedDefinition(remaining, millA))?.endorsementPolicy).to.equal(
            "OutOf(2, 'MillAMSP.peer', 'MillBMSP.peer', 'MillCMSP.peer')",
        );
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
