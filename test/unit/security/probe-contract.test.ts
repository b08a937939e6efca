import { expect } from 'chai';
import { CONTRACT_NAMES, PROBE_TRANSACTIONS, qualifiedName } from '@spindle/chaincode/protocol';
import { adminOf, machineIdentity, operatorOf } from '../../contract-suite/fixture';
import { SuiteWorld } from '../../contract-suite/suite-world';
import { createCompositeKey } from '../support/fabric-stub';
import { StubHarness } from '../support/stub-harness';

const PROBE = {
    put: qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put),
    get: qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.get),
    putPrivate: qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.putPrivate),
};

describe('the Probe contract', function () {
    let harness: StubHarness;
    let world: SuiteWorld;

    beforeEach(async function () {
        harness = new StubHarness();
        world = new SuiteWorld(harness);
        await world.activate('carding-a1', 'drawing-b1');
    });

    function putPrivate(identity: Parameters<SuiteWorld['submit']>[0], machineId: string) {
        return world.submit(identity, PROBE.putPrivate, [machineId, 'probe-key'], {
            value: Buffer.from('neps 42/g'),
        });
    }

    it("keeps public values under keys of their own type and the writer's mill, never on a domain key", async function () {
        await world.submit(operatorOf('MillB'), PROBE.put, ['carding-a1', 'overwritten?']);
        const machineKey = createCompositeKey('machine', ['carding-a1']);
        expect(Buffer.from(harness.ledger.publicValue(machineKey)?.value ?? []).toString()).to.contain('"carding-a1"');
        expect(harness.ledger.publicValue('carding-a1')).to.equal(undefined);
        expect(harness.ledger.publicValue(createCompositeKey('probe', ['MillBMSP', 'carding-a1']))).to.not.equal(
            undefined,
        );
        const read = await world.harness.evaluate(operatorOf('MillB'), PROBE.get, ['carding-a1']);
        expect(Buffer.from(read).toString()).to.equal('overwritten?');
    });

    it("never lets one mill overwrite another mill's public values", async function () {
        await world.submit(operatorOf('MillA'), PROBE.put, ['shift-note', 'MillA wrote this']);
        await world.submit(adminOf('MillC'), PROBE.put, ['shift-note', 'MillC wrote this']);
        const readByA = await world.harness.evaluate(operatorOf('MillA'), PROBE.get, ['shift-note']);
        expect(Buffer.from(readByA).toString()).to.equal('MillA wrote this');
        await world.refuses('NOT_FOUND', () => world.harness.evaluate(operatorOf('MillB'), PROBE.get, ['shift-note']));
    });

    it('refuses public writes by machines with NOT_AUTHORIZED, writing nothing', async function () {
        await world.refuses('NOT_AUTHORIZED', () =>
            world.submit(machineIdentity('carding-a1'), PROBE.put, ['shift-note', 'a machine wrote this']),
        );
    });

    it("lets the machine's own mill (admin, operator, the machine itself) write to its area", async function () {
        for (const identity of [adminOf('MillA'), operatorOf('MillA'), machineIdentity('carding-a1')]) {
            await putPrivate(identity, 'carding-a1');
        }
    });

    it('refuses a private write by another mill or another machine with NOT_AUTHORIZED, writing nothing', async function () {
        for (const identity of [
            adminOf('MillB'),
            operatorOf('MillC'),
            machineIdentity('drawing-b1'),
            // Another machine of the same mill: Fabric lets every MillA identity into the mill's
            // collection, so only the chaincode keeps one machine out of another's area.
            machineIdentity('carding-a2'),
            { mill: 'MillB', role: 'machine', machineId: 'carding-a1' } as const,
        ]) {
            await world.refuses('NOT_AUTHORIZED', () => putPrivate(identity, 'carding-a1'));
        }
    });

    it('refuses a private write to the area of an unregistered machine with NOT_FOUND', async function () {
        await world.refuses('NOT_FOUND', () => putPrivate(adminOf('MillA'), 'carding-a2'));
    });
});
