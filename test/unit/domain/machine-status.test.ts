import { expect } from 'chai';
import { codeOf } from '../support/code-of';
import { changeMachineStatus, replaceMachine, type StatusAction } from '@spindle/chaincode/domain';
import { MACHINE_STATUSES, type MachineStatus } from '@spindle/chaincode/protocol';
import { keyPair, machineCaller, machineRecord, staffCaller } from './fixtures';

const AT = '2025-03-02T09:00:00.000Z';
const { publicKey } = keyPair();
const admin = staffCaller('MillAMSP', 'admin');

const EXPECTED: Record<StatusAction, Partial<Record<MachineStatus, MachineStatus>>> = {
    approve: { PENDING: 'ACTIVE' },
    suspend: { ACTIVE: 'SUSPENDED' },
    reactivate: { SUSPENDED: 'ACTIVE' },
    retire: { PENDING: 'RETIRED', ACTIVE: 'RETIRED', SUSPENDED: 'RETIRED' },
};

describe('machine status machine', function () {
    for (const [action, allowed] of Object.entries(EXPECTED) as [
        StatusAction,
        Partial<Record<MachineStatus, MachineStatus>>,
    ][]) {
        for (const status of MACHINE_STATUSES) {
            const next = allowed[status];
            it(`${action} on a ${status} machine ${next === undefined ? 'is STATE_INVALID' : `gives ${next}`}`, function () {
                const machine = machineRecord('carding-a1', status, publicKey);
                const change = () => changeMachineStatus(machine, action, admin, { at: AT, collectionExists: true });
                if (next === undefined) {
                    expect(codeOf(change)).to.equal('STATE_INVALID');
                } else {
                    expect(change()).to.include({ status: next, updatedAt: AT, lastAction: action });
                }
            });
        }
    }

    it('approves only once the collection exists', function () {
        const machine = machineRecord('carding-a1', 'PENDING', publicKey);
        expect(
            codeOf(() => changeMachineStatus(machine, 'approve', admin, { at: AT, collectionExists: false })),
        ).to.equal('COLLECTION_MISSING');
    });

    it("takes status changes only from an admin of the machine's own mill", function () {
        const machine = machineRecord('carding-a1', 'ACTIVE', publicKey);
        for (const caller of [
            staffCaller('MillBMSP', 'admin'),
            staffCaller('MillAMSP', 'operator'),
            machineCaller(machine),
            staffCaller('MillAMSP', undefined),
        ]) {
            expect(
                codeOf(() => changeMachineStatus(machine, 'suspend', caller, { at: AT, collectionExists: true })),
            ).to.equal('NOT_AUTHORIZED');
        }
    });

    it('puts the successor of a replacement in the old machine’s place, ACTIVE, and retires the old one', function () {
        const old = { ...machineRecord('carding-a3', 'SUSPENDED', publicKey), line: 'line-a7' };
        const successor = machineRecord('carding-a4', 'PENDING', publicKey);
        const { retired, successor: next } = replaceMachine(old, successor, admin, { at: AT, collectionExists: true });
        expect(retired).to.include({ status: 'RETIRED', replacedBy: 'carding-a4', lastAction: 'replace' });
        expect(next).to.include({ status: 'ACTIVE', replaces: 'carding-a3', line: 'line-a7', lastAction: 'replace' });
    });

    it('refuses replacements that would break the registry', function () {
        const old = machineRecord('carding-a3', 'ACTIVE', publicKey);
        const context = { at: AT, collectionExists: true };
        expect(codeOf(() => replaceMachine(old, old, admin, context))).to.equal('INVALID_ARGUMENT');
        expect(
            codeOf(() =>
                replaceMachine(old, machineRecord('carding-b4', 'PENDING', publicKey, 'MillBMSP'), admin, context),
            ),
        ).to.equal('NOT_AUTHORIZED');
        expect(
            codeOf(() => replaceMachine(old, machineRecord('carding-a4', 'RETIRED', publicKey), admin, context)),
        ).to.equal('STATE_INVALID');
        expect(
            codeOf(() =>
                replaceMachine(
                    old,
                    { ...machineRecord('carding-a4', 'ACTIVE', publicKey), replaces: 'carding-a2' },
                    admin,
                    context,
                ),
            ),
        ).to.equal('STATE_INVALID');
        expect(
            codeOf(() =>
                replaceMachine(old, machineRecord('carding-a4', 'PENDING', publicKey), admin, {
                    ...context,
                    collectionExists: false,
                }),
            ),
        ).to.equal('COLLECTION_MISSING');
        expect(
            codeOf(() =>
                replaceMachine(
                    machineRecord('carding-a3', 'PENDING', publicKey),
                    machineRecord('carding-a4', 'PENDING', publicKey),
                    admin,
                    context,
                ),
            ),
        ).to.equal('STATE_INVALID');
    });
});
