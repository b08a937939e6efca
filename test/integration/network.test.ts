import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { type Contract, GatewayError } from '@hyperledger/fabric-gateway';

import type { GatewayConnection } from '@spindle/client';
import { status } from '@spindle/network';

import { connectAs, testNetwork } from '../support/local-network';
import { readyMachine } from '../support/machines';

const utf8 = new TextDecoder();

function probe(connection: GatewayConnection): Contract {
    return connection.gateway.getNetwork('m2m').getContract('spindle', 'Probe');
}

function uniqueKey(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** The messages the peers returned with a gateway error, where Fabric says why. */
function peerMessages(error: unknown): string {
    expect(error).to.be.instanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    return [gatewayError.message, ...gatewayError.details.map((detail) => detail.message)].join(' | ');
}

describe('the local three-mill network', function () {
    let millA: GatewayConnection;
    let millB: GatewayConnection;
    let cardingA1: GatewayConnection;

    before(async function () {
        // Probe's private writes need the machine's record, for its owning mill.
        const { machine } = await readyMachine('carding-a1', {
            machineId: 'carding-a1',
            ownerMspId: 'MillAMSP',
            machineType: 'carding',
            line: 'line-a1',
            processStep: 'carding',
            vendor: 'Rieter',
            serialNumber: 'C70-1001',
        });
        machine.close();
        millA = connectAs('MillA');
        millB = connectAs('MillB');
        cardingA1 = connectAs('MillA', 'carding-a1');
    });

    after(function () {
        [millA, millB, cardingA1].forEach((connection) => {
            connection.close();
        });
    });

    it('reports three CAs, three orderers, three peers and the chaincode healthy', async function () {
        const report = await status(testNetwork().ctx);
        for (const kind of ['ca', 'orderer', 'peer', 'chaincode'] as const) {
            const components = report.components.filter((component) => component.kind === kind);
            expect(components.map((component) => component.mill)).to.have.members(['MillA', 'MillB', 'MillC']);
            expect(
                components.every((component) => component.healthy),
                kind,
            ).to.equal(true);
        }
        expect(report.components.filter((c) => c.kind === 'orderer').map((c) => c.detail)).to.satisfy(
            (details: string[]) => details.every((detail) => detail.startsWith('consenter, active')),
        );
        expect(report.chaincode?.sequence).to.be.greaterThanOrEqual(1);
    });

    it("commits a submitted write that its mill reads back, and that no other mill's value shadows", async function () {
        const key = uniqueKey('bale');
        await probe(millA).submitTransaction('put', key, 'grade A, 226 kg');
        await probe(millB).submitTransaction('put', key, 'grade B, 219 kg');
        expect(utf8.decode(await probe(millA).evaluateTransaction('get', key))).to.equal('grade A, 226 kg');
        expect(utf8.decode(await probe(millB).evaluateTransaction('get', key))).to.equal('grade B, 219 kg');
    });

    it("keeps a machine's private value readable by its mill and refuses it to another mill", async function () {
        const key = uniqueKey('quality');
        // The mill collection's policy is its mill's peer AND another mill's: the gateway sends transient
        // data only to the organisations named.
        await probe(cardingA1).submit('putPrivate', {
            arguments: ['carding-a1', key],
            transientData: { value: 'neps 42/g' },
            endorsingOrganizations: ['MillAMSP', 'MillBMSP'],
        });
        expect(utf8.decode(await probe(millA).evaluateTransaction('getPrivate', 'carding-a1', key))).to.equal(
            'neps 42/g',
        );
        const refused = await probe(millB)
            .evaluateTransaction('getPrivate', 'carding-a1', key)
            .then(
                () => undefined,
                (error: unknown) => error,
            );
        expect(peerMessages(refused)).to.match(/does not have read access/);
    });

    it("refuses another mill's Probe write into a machine's area with NOT_AUTHORIZED", async function () {
        const refused = await probe(millB)
            .submit('putPrivate', {
                arguments: ['carding-a1', uniqueKey('order')],
                transientData: { value: 'extend shift to 22:00' },
            })
            .then(
                () => undefined,
                (error: unknown) => error,
            );
        expect(peerMessages(refused)).to.match(/NOT_AUTHORIZED/);
    });

    it('delivers a chaincode event to a listener', async function () {
        const key = uniqueKey('event');
        const network = millB.gateway.getNetwork('m2m');
        const events = await network.getChaincodeEvents('spindle');
        try {
            const submitted = await probe(millA).submitAsync('put', { arguments: [key, 'sliver 5.2 ktex'] });
            await submitted.getStatus();
            for await (const event of events) {
                const payload: unknown = JSON.parse(utf8.decode(event.payload));
                if (event.eventName === 'ProbePut' && (payload as { key?: string }).key === key) {
                    expect(event.transactionId).to.equal(submitted.getTransactionId());
                    break;
                }
            }
        } finally {
            events.close();
        }
    });

    it('refuses an invalid key with its code, writing nothing', async function () {
        const refused = await probe(millA)
            .submitTransaction('put', 'Bad\u0000Key', 'x')
            .then(
                () => undefined,
                (error: unknown) => error,
            );
        expect(peerMessages(refused)).to.match(/INVALID_ARGUMENT/);
    });
});
