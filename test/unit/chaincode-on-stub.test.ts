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
    blockHash,
    blockHashRecordSchema,
    chainBlockSchema,
    chainHeadSchema,
    chainVerificationSchema,
    machineRecordSchema,
    merkleRoot,
    pageSchema,
    toCanonicalBytes,
} from '@spindle/chaincode/protocol';
import { adminOf, machineIdentity, operatorOf } from '../contract-suite/fixture';
import { SuiteWorld, entriesTransient, parseAnswer } from '../contract-suite/suite-world';
import { TX } from '../contract-suite/transactions';
import { packetTransient } from '../support/packet-client';
import { createCompositeKey } from './support/fabric-stub';
import { StubHarness, suiteCollections } from './support/stub-harness';

/** The collection of MillB's machines' private areas. */
const MILL_B_COLLECTION = 'mill-MillBMSP';

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

    it('stores an alias spelling of a machine type as its canonical type, and lists it by either', async function () {
        const registration = { ...world.registration('comber-c2'), machineType: 'Combing Machine' };
        const record = await world.submitFor(machineRecordSchema, machineIdentity('comber-c2'), TX.registry.register, [
            JSON.stringify(registration),
        ]);
        expect(record.machineType).to.equal('comber');
        const listed = await world.evaluateFor(
            pageSchema(machineRecordSchema),
            adminOf('MillC'),
            TX.registry.listMachines,
            [JSON.stringify({ by: 'type', value: 'combing' })],
        );
        expect(listed.items.map((machine) => machine.machineId)).to.include('comber-c2');
    });

    it("refuses a machine record found under another machine's key with STATE_INVALID", async function () {
        const moved = harness.ledger.publicValue(createCompositeKey('machine', ['carding-a1']));
        harness.ledger.tamperPublic(createCompositeKey('machine', ['drawing-b1']), moved?.value ?? new Uint8Array());
        await world.refuses('STATE_INVALID', () =>
            world.harness.evaluate(adminOf('MillB'), TX.registry.getMachine, ['drawing-b1']),
        );
        await world.refuses('STATE_INVALID', () => world.submit(adminOf('MillB'), TX.registry.suspend, ['drawing-b1']));
    });

    it('approves a machine on a ledger of the per-machine layout once a new definition adds its collection', async function () {
        const legacy = new StubHarness(suiteCollections('machine'));
        const legacyWorld = new SuiteWorld(legacy);
        await legacyWorld.register('winder-a9');
        await legacyWorld.refuses('COLLECTION_MISSING', () =>
            legacyWorld.submit(adminOf('MillA'), TX.registry.approve, ['winder-a9']),
        );
        legacy.ledger.defineCollection({
            name: 'machine-winder-a9',
            memberMspIds: ['MillAMSP'],
            memberOnlyRead: true,
            memberOnlyWrite: false,
        });
        const approved = await legacyWorld.submitFor(machineRecordSchema, adminOf('MillA'), TX.registry.approve, [
            'winder-a9',
        ]);
        expect(approved.status).to.equal('ACTIVE');
    });

    it('refuses to approve a machine whose mill has no collection in the definition', async function () {
        const withoutMillA = new StubHarness(
            suiteCollections().filter((collection) => collection.name !== 'mill-MillAMSP'),
        );
        const partialWorld = new SuiteWorld(withoutMillA);
        await partialWorld.register('winder-a9');
        await partialWorld.refuses('COLLECTION_MISSING', () =>
            partialWorld.submit(adminOf('MillA'), TX.registry.approve, ['winder-a9']),
        );
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
        // Not even the hash read that probes whether each mill collection is defined: the writes
        // find that out (issue 15), so the read set holds public keys only.
        const reads = [...endorsed.simulation.reads.private].map(([collection, keys]) => [
            collection,
            [...keys.keys()],
        ]);
        expect(reads).to.deep.equal([]);
        expect([...endorsed.simulation.writes.private.keys()]).to.have.members([MILL_B_COLLECTION, 'mill-MillAMSP']);
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
        const append = async (messageId: string) =>
            harness.endorse(
                machineIdentity('drawing-b1'),
                TX.communication.appendBlock,
                [JSON.stringify({ machineId: 'drawing-b1', entries: [{ mailbox: 'inbox', messageId }] })],
                entriesTransient([
                    await world.readMailbox(machineIdentity('drawing-b1'), 'drawing-b1', 'inbox', messageId),
                ]),
            );
        expect(harness.commitBlock([await append(one.messageId), await append(two.messageId)])).to.deep.equal([
            'VALID',
            'MVCC_READ_CONFLICT',
        ]);
    });

    it("lets another mill's peer endorse an append: it reads no private value of the collection", async function () {
        const message = await world.send('carding-a1', 'drawing-b1');
        const entry = await world.readMailbox(machineIdentity('drawing-b1'), 'drawing-b1', 'inbox', message.messageId);
        const command = [
            JSON.stringify({ machineId: 'drawing-b1', entries: [{ mailbox: 'inbox', messageId: entry.messageId }] }),
        ];
        const endorsements = [];
        for (const peerMspId of ['MillBMSP', 'MillAMSP', 'MillCMSP']) {
            endorsements.push(
                await harness.endorse(
                    machineIdentity('drawing-b1'),
                    TX.communication.appendBlock,
                    command,
                    entriesTransient([entry]),
                    peerMspId,
                ),
            );
        }
        for (const endorsed of endorsements) {
            expect(parseAnswer(chainHeadSchema, endorsed.payload).seq).to.equal(1);
        }
        expect(harness.commitBlock(endorsements.slice(0, 1))).to.deep.equal(['VALID']);
    });

    /** Commits a transaction that no chaincode simulated, as a forged envelope would. */
    function forge(publicWrites: [string, Uint8Array][], privateWrites: [string, string, Uint8Array][] = []): void {
        const collections = new Map<string, Map<string, Uint8Array | null>>();
        for (const [collection, key, value] of privateWrites) {
            collections.set(
                collection,
                (collections.get(collection) ?? new Map<string, Uint8Array | null>()).set(key, value),
            );
        }
        const code = harness.ledger.commit({
            ...harness.ledger.stampTransaction(),
            reads: { public: new Map(), private: new Map(), ranges: [] },
            writes: { public: new Map(publicWrites), metadata: new Map(), private: collections },
            event: undefined,
        });
        expect(code).to.equal('VALID');
    }

    async function appendTo(machineId: string, senderId: string): Promise<void> {
        const message = await world.send(senderId, machineId);
        await world.append(machineIdentity(machineId), machineId, [{ mailbox: 'inbox', messageId: message.messageId }]);
    }

    /** Block `seq` of a MillB machine's chain, as stored in MillB's collection. */
    function storedBlock(machineId: string, seq: number) {
        const key = createCompositeKey('block', [machineId, String(seq).padStart(12, '0')]);
        const collection = MILL_B_COLLECTION;
        return {
            key,
            block: parseAnswer(
                chainBlockSchema,
                harness.ledger.privateValue(collection, key)?.value ?? new Uint8Array(),
            ),
        };
    }

    function verify(machineId: string, fromSeq = 1) {
        return world.evaluateFor(chainVerificationSchema, machineIdentity(machineId), TX.communication.verifyChain, [
            machineId,
            String(fromSeq),
            '100',
        ]);
    }

    it("finds a block changed in a peer's private database, by the chain and by its anchor", async function () {
        await appendTo('drawing-b1', 'carding-a1');
        const { key, block: stored } = storedBlock('drawing-b1', 1);
        const tampered = toCanonicalBytes({
            ...stored,
            entries: stored.entries.map((entry) => ({ ...entry, recordedAt: '2020-01-01T00:00:00.000Z' })),
        });
        harness.ledger.tamperPrivate(MILL_B_COLLECTION, key, tampered);
        const onChain = await world.evaluateFor(
            blockHashRecordSchema,
            operatorOf('MillC'),
            TX.communication.getBlockHash,
            ['drawing-b1', '1'],
        );
        expect(onChain.hash).to.equal(blockHash(stored));
        expect(await verify('drawing-b1')).to.deep.equal({ ok: false, brokenAt: 1, reason: 'MERKLE_ROOT_MISMATCH' });
    });

    it('finds a block its own mill rewrote whole, private head and hashes included, by its public anchor', async function () {
        await appendTo('drawing-b1', 'carding-a1');
        await appendTo('drawing-b1', 'comber-c1');
        const { key, block: stored } = storedBlock('drawing-b1', 2);
        const entries = stored.entries.map((entry) => ({ ...entry, recordedAt: '2020-01-01T00:00:00.000Z' }));
        const forged = { ...stored, entries, merkleRoot: merkleRoot(entries) };
        const head = { machineId: 'drawing-b1', seq: 2, hash: blockHash(forged), updatedAt: forged.timestamp };
        // Endorsed by the owning mill's peer alone: the collection's policy lets it write there.
        forge(
            [],
            [
                [MILL_B_COLLECTION, key, toCanonicalBytes(forged)],
                [MILL_B_COLLECTION, createCompositeKey('chain-head', ['drawing-b1']), toCanonicalBytes(head)],
            ],
        );
        const onChain = await world.evaluateFor(
            blockHashRecordSchema,
            operatorOf('MillC'),
            TX.communication.getBlockHash,
            ['drawing-b1', '2'],
        );
        expect(onChain.hash).to.equal(blockHash(stored)).and.not.equal(blockHash(forged));
        expect(await verify('drawing-b1')).to.deep.equal({ ok: false, brokenAt: 2, reason: 'ANCHOR_MISMATCH' });
        expect(await verify('drawing-b1', 2)).to.deep.equal({ ok: false, brokenAt: 2, reason: 'ANCHOR_MISMATCH' });
    });

    it('never writes an anchor twice, nor a block over a stored one', async function () {
        await appendTo('drawing-b1', 'carding-a1');
        await appendTo('drawing-b1', 'comber-c1');
        const anchorKey = createCompositeKey('chain-anchor', ['drawing-b1', '000000000002']);
        const anchor = harness.ledger.publicValue(anchorKey)?.value;
        const tipKey = createCompositeKey('chain-tip', ['drawing-b1']);
        const tip = harness.ledger.publicValue(tipKey)?.value ?? new Uint8Array();
        const { block: first } = storedBlock('drawing-b1', 1);
        // A tip moved back one block, as only a forged majority could.
        forge([
            [
                tipKey,
                toCanonicalBytes({
                    machineId: 'drawing-b1',
                    seq: 1,
                    hash: blockHash(first),
                    updatedAt: first.timestamp,
                }),
            ],
        ]);
        const third = await world.send('carding-a1', 'drawing-b1');
        await world.refuses('CONFLICT', () =>
            world.append(machineIdentity('drawing-b1'), 'drawing-b1', [
                { mailbox: 'inbox', messageId: third.messageId },
            ]),
        );
        expect(harness.ledger.publicValue(anchorKey)?.value).to.deep.equal(anchor);
        forge([[tipKey, tip]]);
        // A block 3 written into the collection ahead of the chain, by its own mill's peer.
        const { block: second } = storedBlock('drawing-b1', 2);
        forge(
            [],
            [
                [
                    MILL_B_COLLECTION,
                    createCompositeKey('block', ['drawing-b1', '000000000003']),
                    toCanonicalBytes({ ...second, seq: 3 }),
                ],
            ],
        );
        await world.refuses('CONFLICT', () =>
            world.append(machineIdentity('drawing-b1'), 'drawing-b1', [
                { mailbox: 'inbox', messageId: third.messageId },
            ]),
        );
        expect(await verify('drawing-b1')).to.deep.equal({ ok: false, brokenAt: 3, reason: 'HEAD_MISMATCH' });
    });
});
