import { expect } from 'chai';
import { merkleRoot, sealEntrySchema } from '@spindle/chaincode/protocol';
import {
    HistoryError,
    openHistoryStore,
    sealBatch,
    type HistoryStore,
    type StoredSeal,
} from '@spindle/client/dist/device/history';

import { at, codeOfRejection, readingsOf, tempFolders } from './history-fixtures';

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

    async function sealNext(count: number): Promise<StoredSeal> {
        const entry = sealBatch(await store.readingsFrom((await store.sealedThrough()) + 1, count));
        return store.recordSeal(entry, SEALED_AT);
    }

    it('seals the readings after the last seal to the block merkleRoot of their canonical JSON', async function () {
        expect(await store.sealedThrough()).to.equal(0);
        const seal = await sealNext(4);
        expect(seal).to.deep.equal({
            entry: {
                kind: 'seal',
                machineId: 'lap-former-b1',
                firstSeq: 1,
                lastSeq: 4,
                count: 4,
                root: merkleRoot(await store.readingsFrom(1, 4)),
                fromTimestamp: at(0),
                toTimestamp: at(3),
            },
            sealedAt: SEALED_AT.toISOString(),
        });
        expect(sealEntrySchema.safeParse(seal.entry).success).to.equal(true);
        const next = await sealNext(100);
        expect([next.entry.firstSeq, next.entry.lastSeq, next.entry.count]).to.deep.equal([5, 10, 6]);
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
        const skipping = sealBatch(batch.slice(2, 5));
        expect(await codeOfRejection(store.recordSeal(skipping, SEALED_AT))).to.equal('SEAL_INVALID');
        await store.recordSeal(sealBatch(batch.slice(0, 5)), SEALED_AT);
        const overlapping = sealBatch(batch.slice(3, 8));
        expect(await codeOfRejection(store.recordSeal(overlapping, SEALED_AT))).to.equal('SEAL_INVALID');
        const pastTheEnd = { ...sealBatch(batch.slice(5)), lastSeq: 11, count: 6 };
        expect(await codeOfRejection(store.recordSeal(pastTheEnd, SEALED_AT))).to.equal('SEAL_INVALID');
        const otherMachine = { ...sealBatch(batch.slice(5)), machineId: 'carding-a1' };
        expect(await codeOfRejection(store.recordSeal(otherMachine, SEALED_AT))).to.equal('SEAL_INVALID');
        const miscounted = { ...sealBatch(batch.slice(5)), count: 2 };
        expect(await codeOfRejection(store.recordSeal(miscounted, SEALED_AT))).to.equal('INVALID_ARGUMENT');
        expect(await store.sealedThrough()).to.equal(5);
    });

    it('refuses with BATCH_INVALID to seal nothing, a batch with a gap or of two machines', async function () {
        const batch = await store.readingsFrom(1, 10);
        expect(codeOf(() => sealBatch([]))).to.equal('BATCH_INVALID');
        expect(codeOf(() => sealBatch([...batch.slice(0, 2), ...batch.slice(3)]))).to.equal('BATCH_INVALID');
        const mixed = batch.map((reading, i) => (i === 4 ? { ...reading, machineId: 'carding-a1' } : reading));
        expect(codeOf(() => sealBatch(mixed))).to.equal('BATCH_INVALID');
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
