import { expect } from 'chai';
import type { Context } from 'fabric-contract-api';
import { loadMachine } from '@spindle/chaincode/ledger';
import {
    machineRecordSchema,
    publicKeyFromCertificate,
    toCanonicalBytes,
    type MachineRecord,
} from '@spindle/chaincode/protocol';
import { CertificateAuthority } from '../../support/x509/certificate-authority';

const identity = new CertificateAuthority('MillA').issue({
    commonName: 'carding-a1',
    organizationalUnit: 'client',
    attributes: { 'spindle.role': 'machine', 'spindle.machine': 'carding-a1' },
});
const key = publicKeyFromCertificate(identity.certificatePem);

function recordOf(machineId: string, serialNumber = 'SN-1'): MachineRecord {
    return machineRecordSchema.parse({
        machineId,
        ownerMspId: 'MillAMSP',
        machineType: 'carding',
        line: 'line-a1',
        processStep: 'carding',
        vendor: 'Rieter',
        serialNumber,
        encryptionPublicKey: key,
        status: 'ACTIVE',
        signingCertificate: identity.certificatePem,
        signingPublicKey: key,
        registeredAt: '2025-03-01T08:00:00.000Z',
        updatedAt: '2025-03-01T08:00:00.000Z',
        lastAction: 'register',
    });
}

/** Just enough of a transaction context for the machine store: composite keys and public reads, counted. */
function contextOver(state: Map<string, Uint8Array>) {
    const reads: string[] = [];
    const stub = {
        createCompositeKey: (type: string, attributes: string[]) =>
            `\u0000${[type, ...attributes].join('\u0000')}\u0000`,
        getState: (stateKey: string) => {
            reads.push(stateKey);
            return Promise.resolve(state.get(stateKey) ?? new Uint8Array());
        },
    };
    return { ctx: { stub } as unknown as Context, reads };
}

function stored(record: MachineRecord): [string, Uint8Array] {
    return [`\u0000machine\u0000${record.machineId}\u0000`, toCanonicalBytes(record)];
}

describe('machine records parsed once per stored text', function () {
    it('answers the stored record, frozen, reading the peer on every call', async function () {
        const record = recordOf('carding-a1');
        const { ctx, reads } = contextOver(new Map([stored(record)]));
        const first = await loadMachine(ctx, 'carding-a1');
        const second = await loadMachine(ctx, 'carding-a1');
        expect(first).to.deep.equal(record);
        // The same parse serves both transactions, and neither can change it for the other.
        expect(second).to.equal(first);
        expect(Object.isFrozen(first)).to.equal(true);
        expect(reads).to.have.length(2);
    });

    it('parses a changed record anew, and answers undefined for a machine without one', async function () {
        const state = new Map([stored(recordOf('carding-a1'))]);
        const { ctx } = contextOver(state);
        const before = await loadMachine(ctx, 'carding-a1');
        const changed = { ...recordOf('carding-a1'), status: 'SUSPENDED' as const };
        state.set(...stored(changed));
        expect(await loadMachine(ctx, 'carding-a1')).to.deep.equal(changed);
        expect(before?.status).to.equal('ACTIVE');
        expect(await loadMachine(ctx, 'carding-a9')).to.equal(undefined);
    });

    it('keeps a bounded number of parses: past the bound the oldest is parsed again', async function () {
        const state = new Map<string, Uint8Array>();
        const { ctx } = contextOver(state);
        state.set(...stored(recordOf('carding-a1', 'SN-0')));
        const oldest = await loadMachine(ctx, 'carding-a1');
        // More distinct texts than the memo holds (1,024) push the first one out.
        for (let index = 1; index <= 1100; index += 1) {
            state.set(...stored(recordOf('carding-a1', `SN-${index}`)));
            await loadMachine(ctx, 'carding-a1');
        }
        state.set(...stored(recordOf('carding-a1', 'SN-0')));
        const again = await loadMachine(ctx, 'carding-a1');
        expect(again).to.deep.equal(oldest);
        expect(again).to.not.equal(oldest);
    });
});
