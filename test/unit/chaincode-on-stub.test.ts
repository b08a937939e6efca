import './support/quiet-fabric-logs';
import { expect } from 'chai';
import { ownerAndMajorityPolicy } from '@spindle/chaincode/ledger';
import 'reflect-metadata';
import {
    CommunicationContract,
    MachineRegistryContract,
    MaterialLedgerContract,
    ProbeContract,
    QueryFlowContract,
} from '@spindle/chaincode';
import {
    COMMUNICATION_TRANSACTIONS,
    MACHINE_REGISTRY_TRANSACTIONS,
    MATERIAL_LEDGER_TRANSACTIONS,
    PROBE_TRANSACTIONS,
    QUERY_FLOW_TRANSACTIONS,
    blockHashRecordSchema,
    chainBlockSchema,
    chainVerificationSchema,
    machineRecordSchema,
    sha256Hex,
    toCanonicalBytes,
} from '@spindle/chaincode/protocol';
import { adminOf, machineIdentity, operatorOf } from '../contract-suite/fixture';
import { SuiteWorld, parseAnswer } from '../contract-suite/suite-world';
import { TX } from '../contract-suite/transactions';
import { packetTransient } from '../support/packet-client';
import { createCompositeKey } from './support/fabric-stub';
import { StubHarness } from './support/stub-harness';

/** What only the stub can show: endorsement policies, concurrency, tampered peers, metadata. */
describe('the chaincode on the in-memory stub', function () {
    let harness: StubHarness;
    let world: SuiteWorld;

    beforeEach(async function () {
        harness = new StubHarness();
        world = new SuiteWorld(harness);
        await world.activate('carding-a1', 'drawing-b1', 'comber-c1', 'lap-former-b1');
    });

    it('exposes exactly the transactions the protocol names', function () {
        const contracts: [object, Record<string, string>][] = [
            [ProbeContract.prototype, PROBE_TRANSACTIONS],
            [MachineRegistryContract.prototype, MACHINE_REGISTRY_TRANSACTIONS],
            [MaterialLedgerContract.prototype, MATERIAL_LEDGER_TRANSACTIONS],
            [CommunicationContract.prototype, COMMUNICATION_TRANSACTIONS],
            [QueryFlowContract.prototype, QUERY_FLOW_TRANSACTIONS],
        ];
        for (const [prototype, names] of contracts) {
            const declared = (Reflect.getMetadata('fabric:transactions', prototype) as { name: string }[]).map(
                (transaction) => transaction.name,
            );
            expect(declared).to.have.members(Object.values(names));
        }
    });

    it("puts every machine record under its owning mill's peer AND a majority, never a MEMBER policy", function () {
        for (const [machineId, mspId] of [
            ['carding-a1', 'MillAMSP'],
            ['drawing-b1', 'MillBMSP'],
        ] as const) {
            const parameter = harness.ledger.validationParameter(createCompositeKey('machine', [machineId]));
            expect(Buffer.from(parameter)).to.deep.equal(Buffer.from(ownerAndMajorityPolicy(mspId)));
        }
    });

    it('approves a machine once a new chaincode definition adds its collection', async function () {
        await world.register('winder-a9');
        await world.refuses('COLLECTION_MISSING', () =>
            world.submit(adminOf('MillA'), TX.registry.approve, ['winder-a9']),
        );
        harness.ledger.defineCollection({
            name: 'machine-winder-a9',
            memberMspIds: ['MillAMSP'],
            memberOnlyRead: true,
            memberOnlyWrite: false,
        });
        const approved = await world.submitFor(machineRecordSchema, adminOf('MillA'), TX.registry.approve, [
            'winder-a9',
        ]);
        expect(approved.status).to.equal('ACTIVE');
    });

    it('commits concurrent packets of many senders to one receiver without an MVCC conflict', async function () {
        const endorsed = [];
        for (const senderId of ['carding-a1', 'comber-c1', 'lap-former-b1', 'carding-a1']) {
            const packet = await world.packet({ senderId, receiverId: 'drawing-b1', type: 'upload' });
            endorsed.push(
                await harness.endorse(machineIdentity(senderId), TX.communication.send, [], packetTransient(packet)),
            );
        }
        expect(harness.commitBlock(endorsed)).to.deep.equal(['VALID', 'VALID', 'VALID', 'VALID']);
    });

    it('reads no private data when delivering, so peers of any mill can endorse a delivery', async function () {
        const packet = await world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' });
        const endorsed = await harness.endorse(
            machineIdentity('carding-a1'),
            TX.communication.send,
            [],
            packetTransient(packet),
        );
        expect([...endorsed.simulation.reads.private.keys()]).to.deep.equal([]);
        expect([...endorsed.simulation.writes.private.keys()]).to.have.members([
            'machine-drawing-b1',
            'machine-carding-a1',
        ]);
    });

    it('lets only one of two racing copies of a packet commit: the nonce key conflicts', async function () {
        const packet = await world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' });
        const first = await harness.endorse(
            machineIdentity('carding-a1'),
            TX.communication.send,
            [],
            packetTransient(packet),
        );
        const second = await harness.endorse(
            machineIdentity('carding-a1'),
            TX.communication.send,
            [],
            packetTransient(packet),
        );
        expect(harness.commitBlock([first, second])).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });

    it('lets only one of two racing appends to a chain commit', async function () {
        const one = await world.send('carding-a1', 'drawing-b1');
        const two = await world.send('comber-c1', 'drawing-b1');
        const append = (messageId: string) =>
            harness.endorse(machineIdentity('drawing-b1'), TX.communication.appendBlock, [
                JSON.stringify({ machineId: 'drawing-b1', entries: [{ mailbox: 'inbox', messageId }] }),
            ]);
        expect(harness.commitBlock([await append(one.messageId), await append(two.messageId)])).to.deep.equal([
            'VALID',
            'MVCC_READ_CONFLICT',
        ]);
    });

    it("finds a block changed in a peer's private database, by the chain and by the channel's hash", async function () {
        const message = await world.send('carding-a1', 'drawing-b1');
        await world.submit(machineIdentity('drawing-b1'), TX.communication.appendBlock, [
            JSON.stringify({ machineId: 'drawing-b1', entries: [{ mailbox: 'inbox', messageId: message.messageId }] }),
        ]);
        const key = createCompositeKey('block', ['000000000001']);
        const stored = parseAnswer(
            chainBlockSchema,
            harness.ledger.privateValue('machine-drawing-b1', key)?.value ?? new Uint8Array(),
        );
        const tampered = toCanonicalBytes({
            ...stored,
            entries: stored.entries.map((entry) => ({ ...entry, recordedAt: '2020-01-01T00:00:00.000Z' })),
        });
        harness.ledger.tamperPrivate('machine-drawing-b1', key, tampered);
        const onChain = await world.evaluateFor(
            blockHashRecordSchema,
            operatorOf('MillC'),
            TX.communication.getBlockHash,
            ['drawing-b1', '1'],
        );
        expect(onChain.hash).to.not.equal(sha256Hex(tampered));
        const verification = await world.evaluateFor(
            chainVerificationSchema,
            machineIdentity('drawing-b1'),
            TX.communication.verifyChain,
            ['drawing-b1'],
        );
        expect(verification).to.deep.equal({ ok: false, brokenAt: 1, reason: 'MERKLE_ROOT_MISMATCH' });
    });
});
