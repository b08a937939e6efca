import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import { HISTORY_LIMITS, openHistoryStore, type HistoryStore } from '@spindle/client/dist/device/history';

import { at, codeOfRejection, readingsOf, tempFolders } from './history-fixtures';

const WHOLE_DAY = [new Date(at(-3600)), new Date(at(86_400))] as const;

describe('the history store keeps a machine’s readings in its own LevelDB', function () {
    let store: HistoryStore;
    let folder: string;

    beforeEach(async function () {
        folder = tempFolders.make();
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1', sync: false });
    });

    afterEach(async function () {
        await store.close();
    });

    after(function () {
        tempFolders.cleanUp();
    });

    it('numbers readings 1, 2, 3... across appends and reads them back as recorded', async function () {
        const first = await store.append(readingsOf('lapWeight', 3));
        const second = await store.append(readingsOf('cv', 2));
        expect(first.map((reading) => reading.seq)).to.deep.equal([1, 2, 3]);
        expect(second.map((reading) => reading.seq)).to.deep.equal([4, 5]);
        expect(second[0]).to.deep.equal({
            machineId: 'lap-former-b1',
            seq: 4,
            variable: 'cv',
            value: 1,
            unit: 'g/m',
            sourceTimestamp: at(0),
        });
        expect(await store.readingsFrom(1, 100)).to.deep.equal([...first, ...second]);
        expect(await store.readingsFrom(3, 2)).to.deep.equal([first[2], second[0]]);
        expect(store.lastSeq()).to.equal(5);
    });

    it('gives concurrent appends contiguous seqs in call order, and goes on after a reopen', async function () {
        const appended = await Promise.all(
            Array.from({ length: 20 }, (_, i) => store.append(readingsOf('cv', 1 + (i % 3), i * 10))),
        );
        const seqs = appended.flat().map((reading) => reading.seq);
        expect(seqs).to.deep.equal(Array.from({ length: seqs.length }, (_, i) => i + 1));
        await store.close();
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1' });
        const [next] = await store.append(readingsOf('cv', 1));
        expect(next?.seq).to.equal(seqs.length + 1);
    });

    it('starts an empty store’s numbering after a given seq, counts those as sealed, and keeps it across a reopen', async function () {
        await store.startAfter(40);
        expect(store.lastSeq()).to.equal(40);
        expect(await store.sealedThrough()).to.equal(40);
        await store.startAfter(40);
        await store.close();
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1', sync: false });
        expect(await store.sealedThrough(), 'before any reading, after a reopen').to.equal(40);
        const appended = await store.append(readingsOf('cv', 2));
        expect(appended.map(({ seq }) => seq)).to.deep.equal([41, 42]);
        expect(await store.readingsFrom(1, 10)).to.deep.equal(appended);
    });

    it('refuses to renumber a store that holds readings (STATE_INVALID) or a bad seq (INVALID_ARGUMENT)', async function () {
        expect(await codeOfRejection(store.startAfter(-1))).to.equal('INVALID_ARGUMENT');
        await store.append(readingsOf('cv', 1));
        expect(await codeOfRejection(store.startAfter(10))).to.equal('STATE_INVALID');
        expect(store.lastSeq()).to.equal(1);
    });

    it('refuses a batch with one bad reading with INVALID_ARGUMENT and writes none of it', async function () {
        const bad = [...readingsOf('cv', 2), { variable: 'Bad-Name', value: 1, unit: '%', sourceTimestamp: at(5) }];
        expect(await codeOfRejection(store.append(bad))).to.equal('INVALID_ARGUMENT');
        const notFinite = [{ variable: 'cv', value: Number.NaN, unit: '%', sourceTimestamp: at(5) }];
        expect(await codeOfRejection(store.append(notFinite))).to.equal('INVALID_ARGUMENT');
        expect(await store.readingsFrom(1, 10)).to.deep.equal([]);
        const [first] = await store.append(readingsOf('cv', 1));
        expect(first?.seq).to.equal(1);
    });

    it('reads one variable in [from, to) by source time, oldest first, up to the limit', async function () {
        await store.append([...readingsOf('lapWeight', 10), ...readingsOf('lap', 10), ...readingsOf('cv', 10)]);
        // Out of time order: seq order is arrival, the range is by source time.
        await store.append([{ variable: 'lapWeight', value: 99, unit: 'g/m', sourceTimestamp: at(2.5) }]);
        const range = await store.readings('lapWeight', new Date(at(2)), new Date(at(5)), 100);
        expect(range.map((reading) => [reading.value, reading.sourceTimestamp])).to.deep.equal([
            [3, at(2)],
            [99, at(2.5)],
            [4, at(3)],
            [5, at(4)],
        ]);
        expect((await store.readings('lapWeight', new Date(at(2)), new Date(at(5)), 2)).length).to.equal(2);
        expect((await store.readings('lap', ...WHOLE_DAY, 100)).map((reading) => reading.variable)).to.deep.equal(
            Array<string>(10).fill('lap'),
        );
        expect(await store.readings('nepsPerGram', ...WHOLE_DAY, 100)).to.deep.equal([]);
        expect(await store.readings('cv', new Date(at(5)), new Date(at(5)), 100)).to.deep.equal([]);
        const allTime = await store.readings('cv', new Date(-8.64e15), new Date(8.64e15), 100);
        expect(allTime.length).to.equal(10);
    });

    it('refuses a bad variable, date or limit with INVALID_ARGUMENT', async function () {
        expect(await codeOfRejection(store.readings('cv!', ...WHOLE_DAY, 10))).to.equal('INVALID_ARGUMENT');
        expect(await codeOfRejection(store.readings('cv', new Date(Number.NaN), new Date(), 10))).to.equal(
            'INVALID_ARGUMENT',
        );
        expect(await codeOfRejection(store.readings('cv', ...WHOLE_DAY, 0))).to.equal('INVALID_ARGUMENT');
        expect(await codeOfRejection(store.readingsFrom(0, 10))).to.equal('INVALID_ARGUMENT');
        expect(await codeOfRejection(store.readingsFrom(1, HISTORY_LIMITS.readMax + 1))).to.equal('INVALID_ARGUMENT');
    });

    it('gives the newest reading of each variable by source time', async function () {
        expect(await store.latest()).to.deep.equal([]);
        await store.append([...readingsOf('lapWeight', 3), ...readingsOf('lap', 2), ...readingsOf('cv', 4, 100)]);
        await store.append([{ variable: 'cv', value: -1, unit: '%', sourceTimestamp: at(0) }]);
        const latest = await store.latest();
        expect(latest.map((reading) => [reading.variable, reading.value])).to.deep.equal([
            ['cv', 4],
            ['lap', 2],
            ['lapWeight', 3],
        ]);
    });

    it("refuses to open another machine's folder with HISTORY_MACHINE_MISMATCH", async function () {
        await store.append(readingsOf('cv', 1));
        await store.close();
        expect(await codeOfRejection(openHistoryStore({ folder, machineId: 'carding-a1' }))).to.equal(
            'HISTORY_MACHINE_MISMATCH',
        );
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1' });
        expect(store.lastSeq()).to.equal(1);
    });

    it('refuses a second opener of the same folder with HISTORY_LOCKED', async function () {
        expect(await codeOfRejection(openHistoryStore({ folder, machineId: 'lap-former-b1' }))).to.equal(
            'HISTORY_LOCKED',
        );
    });

    it('reports a torn record, a moved record or a wrong index entry as HISTORY_CORRUPT', async function () {
        await store.append(readingsOf('cv', 3));
        await store.close();
        const raw = new ClassicLevel(folder);
        const second = (await raw.get('r!0000000000000002')) ?? '';
        await raw.put('r!0000000000000001', second.slice(0, 20));
        await raw.put(`v!cv!${at(2)}!0000000000000003`, second);
        await raw.close();
        store = await openHistoryStore({ folder, machineId: 'lap-former-b1' });
        expect(await codeOfRejection(store.readingsFrom(1, 10))).to.equal('HISTORY_CORRUPT');
        expect(await codeOfRejection(store.readings('cv', ...WHOLE_DAY, 10))).to.equal('HISTORY_CORRUPT');
        expect(await store.readingsFrom(2, 1)).to.have.length(1);

        await store.close();
        const again = new ClassicLevel(folder);
        await again.put('r!0000000000000003', second);
        await again.close();
        expect(await codeOfRejection(openHistoryStore({ folder, machineId: 'lap-former-b1' }))).to.equal(
            'HISTORY_CORRUPT',
        );
        store = await openHistoryStore({ folder: tempFolders.make(), machineId: 'lap-former-b1' });
    });
});
