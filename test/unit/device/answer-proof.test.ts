import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import {
    merkleRoot,
    newMerkleTree,
    toCanonicalBytes,
    toCanonicalJson,
    verifyMerkleProof,
    type Reading,
    type SealEntry,
} from '@spindle/chaincode/protocol';
import {
    HistoryError,
    openHistoryStore,
    proveInBatch,
    proveReadings,
    sealBatch,
    verifyReadingProof,
    type HistoryStore,
    type ProvenReading,
} from '@spindle/client/dist/device/history';

import { readingsOf, tempFolders } from './history-fixtures';

const MACHINE = 'lap-former-b1';
const WHOLE_DAY = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-03T00:00:00Z')] as const;

/** What the requester does at step 9 with the seals it trusts (taken from the chain). */
function verdicts(answer: readonly ProvenReading[], trusted: readonly SealEntry[]): string[] {
    return answer.map((proven) => {
        if (proven.status === 'unsealed') {
            return 'unsealed';
        }
        const seal = trusted.find((one) => one.firstSeq === proven.seal.firstSeq);
        if (seal === undefined) {
            return 'no trusted seal';
        }
        const check = verifyReadingProof(proven.reading, proven.proof, seal);
        return check.ok ? 'ok' : check.reason;
    });
}

describe('answers carry an inclusion proof per reading back to its sealed root', function () {
    let store: HistoryStore;
    let folder: string;
    let trusted: SealEntry[];

    beforeEach(async function () {
        folder = tempFolders.make();
        store = await openHistoryStore({ folder, machineId: MACHINE, sync: false });
        await store.append([...readingsOf('lapWeight', 30), ...readingsOf('cv', 30)]);
        for (const count of [25, 20]) {
            const entry = sealBatch(await store.readingsFrom((await store.sealedThrough()) + 1, count));
            await store.recordSeal(entry, new Date());
        }
        await store.append(readingsOf('cv', 5, 30));
        trusted = (await store.seals()).map((seal) => seal.entry);
    });

    afterEach(async function () {
        await store.close();
    });

    after(function () {
        tempFolders.cleanUp();
    });

    /** Rewrites reading `seq` in place (record and index entry), as an operator editing the store would. */
    async function tamper(seq: number, change: ((reading: Reading) => Reading) | 'remove'): Promise<void> {
        const [reading] = await store.readingsFrom(seq, 1);
        await store.close();
        const raw = new ClassicLevel(folder);
        const key = `r!${String(seq).padStart(16, '0')}`;
        const indexKey = `v!${reading?.variable ?? ''}!${reading?.sourceTimestamp ?? ''}!${String(seq).padStart(16, '0')}`;
        if (change === 'remove') {
            await raw.batch([
                { type: 'del', key },
                { type: 'del', key: indexKey },
            ]);
        } else if (reading) {
            const value = toCanonicalJson(change(reading));
            await raw.batch([
                { type: 'put', key, value },
                { type: 'put', key: indexKey, value },
            ]);
        }
        await raw.close();
        store = await openHistoryStore({ folder, machineId: MACHINE });
    }

    it('proves every sealed reading of an answer across two seals, and marks the newer ones unsealed', async function () {
        const answer = await proveReadings(store, await store.readings('cv', ...WHOLE_DAY, 100));
        const results = verdicts(answer, trusted);
        // cv readings are seqs 31..60 (sealed: 31..45 by the second seal) and 61..65 (unsealed).
        expect(results.filter((result) => result === 'ok')).to.have.length(15);
        expect(results.filter((result) => result === 'unsealed')).to.have.length(20);
        const lapWeight = await proveReadings(store, await store.readings('lapWeight', ...WHOLE_DAY, 100));
        expect(verdicts(lapWeight, trusted)).to.deep.equal(Array<string>(30).fill('ok'));
        expect(
            new Set(lapWeight.map((proven) => (proven.status === 'sealed' ? proven.seal.lastSeq : 0))),
        ).to.deep.equal(new Set([25, 45]));
    });

    it('refuses a reading edited in the answer with PATH_INVALID', async function () {
        const answer = await proveReadings(store, await store.readingsFrom(1, 10));
        const edited = answer.map((proven, i) =>
            i === 3 ? { ...proven, reading: { ...proven.reading, value: proven.reading.value + 0.01 } } : proven,
        );
        expect(verdicts(edited, trusted)).to.deep.equal([
            ...Array<string>(3).fill('ok'),
            'PATH_INVALID',
            ...Array<string>(6).fill('ok'),
        ]);
    });

    it('refuses the whole batch when a reading was changed in the store after sealing', async function () {
        await tamper(4, (reading) => ({ ...reading, value: 42 }));
        const answer = await proveReadings(store, await store.readingsFrom(1, 30));
        const results = verdicts(answer, trusted);
        expect(results.slice(0, 25)).to.deep.equal(Array<string>(25).fill('ROOT_MISMATCH'));
        expect(results.slice(25)).to.deep.equal(Array<string>(5).fill('ok'));
    });

    it('refuses the readings of a batch from which one was removed after sealing', async function () {
        await tamper(10, 'remove');
        const readings = await store.readingsFrom(1, 24);
        expect(readings.map((reading) => reading.seq)).to.not.include(10);
        const results = verdicts(await proveReadings(store, readings), trusted);
        expect(results).to.have.length(24);
        expect(results.every((result) => result === 'SIZE_MISMATCH' || result === 'INDEX_MISMATCH')).to.equal(true);
    });

    it('refuses a proof against another seal, another machine or a reading outside the seal', async function () {
        const [first, second] = trusted;
        const [proven] = await proveReadings(store, await store.readingsFrom(2, 1));
        if (proven?.status !== 'sealed' || first === undefined || second === undefined) {
            expect.fail('reading 2 is sealed by the first seal');
        }
        expect(verifyReadingProof(proven.reading, proven.proof, first)).to.deep.equal({ ok: true });
        expect(verifyReadingProof(proven.reading, proven.proof, second)).to.deep.equal({
            ok: false,
            reason: 'OUTSIDE_SEAL',
        });
        expect(verifyReadingProof(proven.reading, proven.proof, { ...first, root: second.root })).to.deep.equal({
            ok: false,
            reason: 'ROOT_MISMATCH',
        });
        const moved = { ...proven.reading, machineId: 'carding-a1' };
        expect(verifyReadingProof(moved, proven.proof, first)).to.deep.equal({ ok: false, reason: 'MACHINE_MISMATCH' });
        const renumbered = { ...proven.reading, seq: 3 };
        expect(verifyReadingProof(renumbered, proven.proof, first)).to.deep.equal({
            ok: false,
            reason: 'INDEX_MISMATCH',
        });
        const padded = { ...proven.reading, note: 'x' } as Reading;
        expect(verifyReadingProof(padded, proven.proof, first)).to.deep.equal({ ok: false, reason: 'READING_INVALID' });
    });

    it("proves a seal entry into its block's merkleRoot, the chain of trust's next link", function () {
        // Two seals recorded in one block: the block's merkleRoot is over its entries.
        const entries = trusted;
        const root = merkleRoot(entries);
        const tree = newMerkleTree(entries.map((entry) => toCanonicalBytes(entry)));
        entries.forEach((entry, index) => {
            const path = tree.auditPath(index);
            const leafBytes = toCanonicalBytes(entry);
            expect(verifyMerkleProof({ leafBytes, index, treeSize: entries.length, path, root })).to.equal(true);
            const forged = toCanonicalBytes({ ...entry, root: '0'.repeat(64) });
            expect(verifyMerkleProof({ leafBytes: forged, index, treeSize: entries.length, path, root })).to.equal(
                false,
            );
        });
    });

    it('refuses to prove a seq that is not in the batch with NOT_FOUND', async function () {
        const batch = await store.readingsFrom(1, 25);
        expect(() => proveInBatch(batch, [26])).to.throw(HistoryError, /^NOT_FOUND: /);
        expect([...proveInBatch(batch, [1, 25]).keys()]).to.deep.equal([1, 25]);
    });
});
