import { expect } from 'chai';
import { merkleRoot } from '@spindle/chaincode/protocol';
import {
    HistoryError,
    openHistoryStore,
    sealBatch,
    type HistoryStore,
    type Seal,
} from '@spindle/client/dist/device/history';

import { codeOfRejection, readingsOf, tempFolders } from './history-fixtures';

function codeOf(action: () => unknown): string | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        return error instanceof HistoryError ? error.code : 'NOT_A_HISTORY_ERROR';
    }
}

const SEALED_AT = new Date('2026-12-02T09:00:00.000Z');

describe('seals commit batches of readings to Merkle roots, kept in the store', function () {
    let store: HistoryStore;
    let folder: string;

    beforeEach(async function () {
        folder = tempFolders.make();
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1', sync: false });
        await store.append(readingsOf('lapWeight', 10));
    });

    afterEach(async function () {
        await store.close();
    });

    after(function () {
        tempFolders.cleanUp();
    });

    async function sealNext(count: number): Promise<Seal> {
        const seal = sealBatch(await store.readingsFrom((await store.sealedThrough()) + 1, count), SEALED_AT);
        await store.recordSeal(seal);
        return seal;
    }

    it('seals the readings after the last seal to the block merkleRoot of their canonical JSON', async function () {
        expect(await store.sealedThrough()).to.equal(0);
        const seal = await sealNext(4);
        expect(seal).to.deep.equal({
            machineId: 'lap-former-b1',
            firstSeq: 1,
            lastSeq: 4,
            count: 4,
            root: merkleRoot(await store.readingsFrom(1, 4)),
            sealedAt: SEALED_AT.toISOString(),
        });
        const next = await sealNext(100);
        expect([next.firstSeq, next.lastSeq, next.count]).to.deep.equal([5, 10, 6]);
        expect(await store.sealedThrough()).to.equal(10);
        expect(await store.seals()).to.deep.equal([seal, next]);
        expect(await store.seals(5)).to.deep.equal([next]);
    });

    it('finds the seal covering a reading, none for an unsealed one, and keeps seals over a reopen', async function () {
        const first = await sealNext(4);
        const second = await sealNext(3);
        expect(await store.sealFor(1)).to.deep.equal(first);
        expect(await store.sealFor(4)).to.deep.equal(first);
        expect(await store.sealFor(5)).to.deep.equal(second);
        expect(await store.sealFor(7)).to.deep.equal(second);
        expect(await store.sealFor(8)).to.equal(undefined);
        await store.close();
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1' });
        expect(await store.sealedThrough()).to.equal(7);
        expect(await store.sealFor(6)).to.deep.equal(second);
    });

    it('refuses with SEAL_INVALID a seal that skips, overlaps, runs past the readings or is of another machine', async function () {
        const batch = await store.readingsFrom(1, 10);
        const skipping = sealBatch(batch.slice(2, 5), SEALED_AT);
        expect(await codeOfRejection(store.recordSeal(skipping))).to.equal('SEAL_INVALID');
        await store.recordSeal(sealBatch(batch.slice(0, 5), SEALED_AT));
        const overlapping = sealBatch(batch.slice(3, 8), SEALED_AT);
        expect(await codeOfRejection(store.recordSeal(overlapping))).to.equal('SEAL_INVALID');
        const pastTheEnd = { ...sealBatch(batch.slice(5), SEALED_AT), lastSeq: 11, count: 6 };
        expect(await codeOfRejection(store.recordSeal(pastTheEnd))).to.equal('SEAL_INVALID');
        const otherMachine = { ...sealBatch(batch.slice(5), SEALED_AT), machineId: 'carding-a1' };
        expect(await codeOfRejection(store.recordSeal(otherMachine))).to.equal('SEAL_INVALID');
        const miscounted = { ...sealBatch(batch.slice(5), SEALED_AT), count: 2 };
        expect(await codeOfRejection(store.recordSeal(miscounted))).to.equal('INVALID_ARGUMENT');
        expect(await store.sealedThrough()).to.equal(5);
    });

    it('refuses with BATCH_INVALID to seal nothing, a batch with a gap or of two machines', async function () {
        const batch = await store.readingsFrom(1, 10);
        expect(codeOf(() => sealBatch([], SEALED_AT))).to.equal('BATCH_INVALID');
        expect(codeOf(() => sealBatch([...batch.slice(0, 2), ...batch.slice(3)], SEALED_AT))).to.equal('BATCH_INVALID');
        const mixed = batch.map((reading, i) => (i === 4 ? { ...reading, machineId: 'carding-a1' } : reading));
        expect(codeOf(() => sealBatch(mixed, SEALED_AT))).to.equal('BATCH_INVALID');
    });

    it('records where a seal was anchored once, and refuses another block with SEAL_INVALID', async function () {
        const seal = await sealNext(4);
        const anchor = { machineId: 'lap-former-b1', blockSeq: 7 };
        expect(await store.recordAnchor(1, anchor)).to.deep.equal({ ...seal, anchor });
        expect(await store.recordAnchor(1, anchor)).to.deep.equal({ ...seal, anchor });
        expect(await codeOfRejection(store.recordAnchor(1, { ...anchor, blockSeq: 8 }))).to.equal('SEAL_INVALID');
        expect(await codeOfRejection(store.recordAnchor(2, anchor))).to.equal('NOT_FOUND');
        expect(await codeOfRejection(store.recordAnchor(1, { ...anchor, blockSeq: 0 }))).to.equal('INVALID_ARGUMENT');
        expect((await store.sealFor(3))?.anchor).to.deep.equal(anchor);
        expect((await store.seals()).filter((stored) => stored.anchor === undefined)).to.deep.equal([]);
    });
});
