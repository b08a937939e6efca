import './support/quiet-fabric-logs';
import { expect } from 'chai';
import 'reflect-metadata';
import {
    AREA_MIGRATION_TRANSACTIONS,
    CONTRACT_NAMES,
    TRANSIENT_AREA_VALUES,
    chainVerificationSchema,
    legacyAreaPageSchema,
    mailboxEntrySchema,
    pageSchema,
    qualifiedName,
    type AreaItemType,
} from '@spindle/chaincode/protocol';

import { adminOf, machineIdentity, operatorOf } from '../contract-suite/fixture';
import { SuiteWorld } from '../contract-suite/suite-world';
import { TX } from '../contract-suite/transactions';
import { StubHarness, suiteCollections } from './support/stub-harness';

const mailboxPageSchema = pageSchema(mailboxEntrySchema);
const LIST = qualifiedName(CONTRACT_NAMES.areaMigration, AREA_MIGRATION_TRANSACTIONS.listLegacyArea);
const MOVE = qualifiedName(CONTRACT_NAMES.areaMigration, AREA_MIGRATION_TRANSACTIONS.moveLegacyArea);

/**
 * A ledger laid out as releases before 1.1 left it (one collection per machine), with drawing-b1
 * holding a two-block chain and two messages not yet in a block.
 */
async function legacyLedger(): Promise<{ harness: StubHarness; world: SuiteWorld; pending: string[] }> {
    const harness = new StubHarness(suiteCollections('machine'));
    const world = new SuiteWorld(harness);
    await world.activate('carding-a1', 'comber-c1', 'drawing-b1');
    for (const senderId of ['carding-a1', 'comber-c1']) {
        const message = await world.send(senderId, 'drawing-b1');
        await world.append(machineIdentity('drawing-b1'), 'drawing-b1', [
            { mailbox: 'inbox', messageId: message.messageId },
        ]);
    }
    const pending = [
        (await world.send('carding-a1', 'drawing-b1')).messageId,
        (await world.send('comber-c1', 'drawing-b1')).messageId,
    ];
    return { harness, world, pending };
}

/** The mill collections, as the definition that moves a network to the mill layout adds them. */
function addMillCollections(harness: StubHarness): void {
    for (const collection of suiteCollections('mill')) {
        harness.ledger.defineCollection(collection);
    }
}

async function legacyPage(world: SuiteWorld, type: AreaItemType) {
    return world.evaluateFor(legacyAreaPageSchema, adminOf('MillB'), LIST, [
        JSON.stringify({ machineId: 'drawing-b1', type }),
    ]);
}

/** Moves every item of drawing-b1's legacy area as its mill's admin, as `spindle area migrate` does. */
async function moveAll(world: SuiteWorld): Promise<number> {
    let moved = 0;
    for (const type of ['inbox', 'outbox', 'block'] as const) {
        for (let page = await legacyPage(world, type); page.items.length > 0; page = await legacyPage(world, type)) {
            await world.submit(
                adminOf('MillB'),
                MOVE,
                [
                    JSON.stringify({
                        machineId: 'drawing-b1',
                        items: page.items.map(({ type: kind, id }) => ({ type: kind, id })),
                    }),
                ],
                { [TRANSIENT_AREA_VALUES]: Buffer.from(JSON.stringify(page.items.map((item) => item.value))) },
            );
            moved += page.items.length;
        }
    }
    return moved;
}

function inbox(world: SuiteWorld) {
    return world.evaluateFor(mailboxPageSchema, machineIdentity('drawing-b1'), TX.communication.listMailbox, [
        JSON.stringify({ machineId: 'drawing-b1', mailbox: 'inbox' }),
    ]);
}

function verify(world: SuiteWorld) {
    return world.evaluateFor(chainVerificationSchema, machineIdentity('drawing-b1'), TX.communication.verifyChain, [
        'drawing-b1',
        '1',
        '100',
    ]);
}

describe('moving private areas from per-machine to per-mill collections', function () {
    it("moves a machine's chain and mailboxes intact: the chain verifies against its anchors, the inbox lists the same messages", async function () {
        const { harness, world, pending } = await legacyLedger();
        const inboxBefore = await inbox(world);
        expect(inboxBefore.items.map((entry) => entry.messageId)).to.have.members(pending);
        expect(await verify(world)).to.deep.include({ ok: true, length: 2 });

        addMillCollections(harness);
        // In the mill layout the machine's area starts out empty, until its items are moved.
        expect((await inbox(world)).items).to.deep.equal([]);
        // Two inbox entries not yet in a block and two blocks; its outbox is empty, it only received.
        expect(await moveAll(world)).to.equal(2 + 2);

        expect(await inbox(world)).to.deep.equal(inboxBefore);
        expect(await verify(world)).to.deep.include({ ok: true, length: 2 });
        for (const type of ['inbox', 'outbox', 'block'] as const) {
            expect((await legacyPage(world, type)).items, `${type} left behind`).to.deep.equal([]);
        }
        expect(harness.ledger.privateKeys('machine-drawing-b1')).to.deep.equal([]);
    });

    it('keeps the chain growing in the mill collection after the move', async function () {
        const { harness, world, pending } = await legacyLedger();
        addMillCollections(harness);
        await moveAll(world);
        await world.append(
            machineIdentity('drawing-b1'),
            'drawing-b1',
            pending.map((messageId) => ({ mailbox: 'inbox' as const, messageId })),
        );
        expect(await verify(world)).to.deep.include({ ok: true, length: 3 });
    });

    it('refuses to move anything before the definition carries the mill collections, with STATE_INVALID', async function () {
        const { world } = await legacyLedger();
        const page = await legacyPage(world, 'block');
        await world.refuses('STATE_INVALID', () =>
            world.submit(
                adminOf('MillB'),
                MOVE,
                [JSON.stringify({ machineId: 'drawing-b1', items: [{ type: 'block', id: page.items[0]!.id }] })],
                { [TRANSIENT_AREA_VALUES]: Buffer.from(JSON.stringify([page.items[0]!.value])) },
            ),
        );
    });

    it('refuses a value that is not the stored one, writing nothing', async function () {
        const { harness, world } = await legacyLedger();
        addMillCollections(harness);
        const [block] = (await legacyPage(world, 'block')).items;
        const forged = block!.value.replace('"seq":1', '"seq":1 ');
        await world.refuses('INVALID_ARGUMENT', () =>
            world.submit(
                adminOf('MillB'),
                MOVE,
                [JSON.stringify({ machineId: 'drawing-b1', items: [{ type: 'block', id: block!.id }] })],
                { [TRANSIENT_AREA_VALUES]: Buffer.from(JSON.stringify([forged])) },
            ),
        );
    });

    it("lets only the machine's own mill admin list or move its area, refusing others with NOT_AUTHORIZED", async function () {
        const { harness, world } = await legacyLedger();
        addMillCollections(harness);
        const [block] = (await legacyPage(world, 'block')).items;
        for (const identity of [adminOf('MillA'), operatorOf('MillB'), machineIdentity('drawing-b1')]) {
            await world.refuses('NOT_AUTHORIZED', () =>
                world.harness.evaluate(identity, LIST, [JSON.stringify({ machineId: 'drawing-b1', type: 'block' })]),
            );
            await world.refuses('NOT_AUTHORIZED', () =>
                world.submit(
                    identity,
                    MOVE,
                    [JSON.stringify({ machineId: 'drawing-b1', items: [{ type: 'block', id: block!.id }] })],
                    { [TRANSIENT_AREA_VALUES]: Buffer.from(JSON.stringify([block!.value])) },
                ),
            );
        }
    });

    it('answers COLLECTION_MISSING for a machine that never had a collection of its own', async function () {
        const harness = new StubHarness(suiteCollections('mill'));
        const world = new SuiteWorld(harness);
        await world.activate('drawing-b1');
        await world.refuses('COLLECTION_MISSING', () => legacyPage(world, 'inbox'));
    });
});
