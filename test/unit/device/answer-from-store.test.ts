import { expect } from 'chai';
import { answerPlaintext } from '@spindle/client/dist/device/answer';
import { openHistoryStore, type HistoryStore } from '@spindle/client/dist/device/history';

import { at, readingsOf, tempFolders } from './history-fixtures';

describe('answers from a real history store (classic-level), not the in-memory one', function () {
    let store: HistoryStore;

    beforeEach(async function () {
        store = await openHistoryStore({ folder: tempFolders.make(), machineId: 'lap-former-b1', sync: false });
        await store.append(readingsOf('cv', 6));
    });

    afterEach(async function () {
        await store.close();
    });

    after(function () {
        tempFolders.cleanUp();
    });

    it('answers an aggregated readings question within the reads the store allows', async function () {
        const question = { kind: 'readings', variables: ['cv'], from: at(0), to: at(3600), mode: 'aggregate' };
        const answer = await answerPlaintext(JSON.stringify({ ...question, everySeconds: 3600 }), store, {
            now: new Date(at(3600)),
        });
        expect(answer.kind === 'readings' && answer.buckets).to.deep.equal([
            {
                variable: 'cv',
                start: at(0),
                end: at(3600),
                count: 6,
                min: 1,
                max: 6,
                mean: 3.5,
                p95: 6,
                cvPercent: (Math.sqrt(3.5) / 3.5) * 100,
            },
        ]);
        expect(answer).to.include({ truncated: false });
    });
});
