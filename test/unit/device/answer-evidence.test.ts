import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import {
    QUESTION_LIMITS,
    blockHash,
    merkleRoot,
    toCanonicalJson,
    type Answer,
    type ChainBlock,
    type Question,
    type ReadingsAnswer,
    type SealEntry,
} from '@spindle/chaincode/protocol';
import { answerPlaintext } from '@spindle/client/dist/device/answer';
import { attachEvidence, verifyEvidence, type EvidenceSource } from '@spindle/client/dist/device/evidence';
import { openHistoryStore, sealBatch, type HistoryStore } from '@spindle/client/dist/device/history';
import { indexKey, readingKey } from '@spindle/client/dist/device/history/history-keys';

import { at, tempFolders } from './history-fixtures';

const MACHINE = 'lap-former-b1';
const NOW = new Date(at(3600));

/**
 * A machine's history and chain as the agent and the channel hold them: its readings in a real
 * store, each seal appended as the only entry of a block, and the channel's public anchors.
 */
class SealedHistory {
    readonly blocks = new Map<number, ChainBlock>();
    readonly anchors = new Map<number, string>();

    private constructor(
        public store: HistoryStore,
        readonly folder: string,
    ) {}

    /** `seconds` seconds of lapWeight and cv, one of each a second (seqs 1, 2 at second 0; 3, 4 at 1...). */
    static async recorded(seconds: number): Promise<SealedHistory> {
        const folder = tempFolders.make();
        const store = await openHistoryStore({ folder, machineId: MACHINE, sync: false });
        await store.append(
            Array.from({ length: seconds }, (_, second) => [
                { variable: 'lapWeight', value: 410 + (second % 7), unit: 'g/m', sourceTimestamp: at(second) },
                { variable: 'cv', value: 1 + (second % 5) / 10, unit: '%', sourceTimestamp: at(second) },
            ]).flat(),
        );
        return new SealedHistory(store, folder);
    }

    /** Seals the next `count` readings and, unless `anchored` is false, appends and anchors the seal. */
    async seal(count: number, anchored = true): Promise<SealEntry> {
        const entry = sealBatch(await this.store.readingsFrom((await this.store.sealedThrough()) + 1, count));
        await this.store.recordSeal(entry, NOW);
        if (anchored) {
            const seq = this.blocks.size + 1;
            const header = {
                machineId: MACHINE,
                seq,
                prevHash: this.anchors.get(seq - 1) ?? '0'.repeat(64),
                merkleRoot: merkleRoot([entry]),
                timestamp: NOW.toISOString(),
            };
            this.blocks.set(seq, { ...header, entries: [entry] });
            this.anchors.set(seq, blockHash(header));
            await this.store.recordAnchor(entry.firstSeq, { machineId: MACHINE, blockSeq: seq });
        }
        return entry;
    }

    source(): EvidenceSource {
        const { store } = this;
        return {
            machineId: MACHINE,
            sealFor: (seq) => store.sealFor(seq),
            seals: (fromSeq, limit) => store.seals(fromSeq, limit),
            readingsFrom: (seq, limit) => store.readingsFrom(seq, limit),
            readings: (variable, from, to, limit) => store.readings(variable, from, to, limit),
            block: (seq) => {
                const block = this.blocks.get(seq);
                return block ? Promise.resolve(block) : Promise.reject(new Error(`no block ${seq}`));
            },
        };
    }

    /** The agent's proven answer to `question`. */
    async answer(question: Question, maxBytes: number = QUESTION_LIMITS.answerBytesMax): Promise<Answer> {
        const answer = await answerPlaintext(JSON.stringify(question), this.store, { now: NOW });
        return attachEvidence(answer, this.source(), maxBytes);
    }

    /** Step 9 against the channel's anchors. */
    verify(answer: Answer): ReturnType<typeof verifyEvidence> {
        return verifyEvidence(answer, MACHINE, (machineId, seq) =>
            Promise.resolve(machineId === MACHINE ? this.anchors.get(seq) : undefined),
        );
    }

    /** Edits the store behind the agent's back: reading `seq` gets `value`, or is removed. */
    async tamper(seq: number, value: number | 'removed'): Promise<void> {
        const [reading] = await this.store.readingsFrom(seq, 1);
        await this.store.close();
        const raw = new ClassicLevel<string, string>(this.folder);
        const index = indexKey(reading?.variable ?? '', reading?.sourceTimestamp ?? '', seq);
        if (value === 'removed') {
            await raw.batch([
                { type: 'del', key: readingKey(seq) },
                { type: 'del', key: index },
            ]);
        } else {
            const record = toCanonicalJson({ ...reading, value });
            await raw.batch([
                { type: 'put', key: readingKey(seq), value: record },
                { type: 'put', key: index, value: record },
            ]);
        }
        await raw.close();
        this.store = await openHistoryStore({ folder: this.folder, machineId: MACHINE, sync: false });
    }
}

const lastHourCv: Question = {
    kind: 'readings',
    variables: ['cv'],
    from: at(0),
    to: at(3600),
    mode: 'aggregate',
    everySeconds: 3600,
};

/** Raw cv rows of seconds `[from, to)`: cv of second s is reading 2s + 2. */
function rawCv(from: number, to: number): Question {
    return { kind: 'readings', variables: ['cv'], from: at(from), to: at(to), mode: 'raw' };
}

describe('answer evidence: readings proven back to seals anchored on the chain (step 9)', function () {
    let history: SealedHistory;

    beforeEach(async function () {
        history = await SealedHistory.recorded(60);
        await history.seal(50);
        await history.seal(50);
        await history.seal(10, false);
    });

    afterEach(async function () {
        await history.store.close();
        tempFolders.cleanUp();
    });

    it("proves an hour's aggregated CV from whole sealed batches, the readings after the last anchored seal marked unsealed", async function () {
        const answer = (await history.answer(lastHourCv)) as ReadingsAnswer;
        expect(answer.buckets).to.have.length(1);
        expect(answer.buckets[0]?.count).to.equal(60);
        expect(answer.evidence?.complete).to.equal(true);
        expect(answer.evidence?.batches).to.have.length(2);
        // The lap weight readings in those batches are not asked for: shown only by their leaf hash.
        for (const batch of answer.evidence?.batches ?? []) {
            expect(batch.variables).to.deep.equal([['cv', '%']]);
            expect(batch.readings.filter((reading) => typeof reading === 'string')).to.have.length(25);
        }
        // Readings 1..100 are in anchored seals: 50 of them are cv. The seal of 101..110 has no block yet.
        expect(await history.verify(answer)).to.deep.equal({
            ok: true,
            proven: 50,
            unsealed: 10,
            blocks: [
                { machineId: MACHINE, seq: 1 },
                { machineId: MACHINE, seq: 2 },
            ],
        });
    });

    it('gives each raw row its own audit path, and a row past the seals is unsealed', async function () {
        // Seconds 45..59: readings 92..100 are sealed and anchored, 102..120 are not.
        const answer = (await history.answer(rawCv(45, 60))) as ReadingsAnswer;
        expect(answer.rows).to.have.length(15);
        expect(answer.evidence?.paths).to.have.length(5);
        expect(await history.verify(answer)).to.include({ ok: true, proven: 5, unsealed: 10 });
    });

    it('refuses a reading edited in the store after sealing, raw or aggregated', async function () {
        await history.tamper(8, 9.9);
        expect(await history.verify(await history.answer(rawCv(0, 10)))).to.include({
            ok: false,
            reason: 'READING_NOT_PROVEN',
        });
        expect(await history.verify(await history.answer(lastHourCv))).to.include({
            ok: false,
            reason: 'BATCH_MISMATCH',
        });
    });

    it('refuses an answer whose store lost a sealed reading', async function () {
        await history.tamper(8, 'removed');
        expect(await history.verify(await history.answer(lastHourCv))).to.include({
            ok: false,
            reason: 'BATCH_MISMATCH',
        });
        expect(await history.verify(await history.answer(rawCv(0, 10)))).to.include({ ok: false });
    });

    it('refuses a row edited in the answer, and a sealed row sent without its proof', async function () {
        const answer = (await history.answer(rawCv(0, 10))) as ReadingsAnswer;
        const edited = { ...answer, rows: answer.rows.map((row, i) => (i === 3 ? { ...row, value: 0.5 } : row)) };
        expect(await history.verify(edited)).to.include({ ok: false, reason: 'READING_NOT_PROVEN' });
        const evidence = answer.evidence;
        const stripped = { ...answer, evidence: evidence && { ...evidence, paths: evidence.paths.slice(1) } };
        expect(await history.verify(stripped)).to.include({ ok: false, reason: 'READING_NOT_PROVEN' });
    });

    it('refuses a bucket that is not what its proven readings give', async function () {
        const answer = (await history.answer(lastHourCv)) as ReadingsAnswer;
        const bucket = answer.buckets[0];
        const edited = { ...answer, buckets: bucket ? [{ ...bucket, cvPercent: (bucket.cvPercent ?? 0) / 2 }] : [] };
        expect(await history.verify(edited)).to.include({ ok: false, reason: 'ANSWER_MISMATCH' });
    });

    it('refuses a block the channel does not anchor, and a seal that is not in its block', async function () {
        const answer = (await history.answer(lastHourCv)) as ReadingsAnswer;
        history.anchors.set(1, 'f'.repeat(64));
        expect(await history.verify(answer)).to.include({ ok: false, reason: 'ANCHOR_MISMATCH' });
        history.anchors.set(1, blockHash(history.blocks.get(1) as ChainBlock));
        const evidence = answer.evidence;
        const seal = evidence?.seals[1];
        const moved = evidence &&
            seal && {
                ...evidence,
                seals: [evidence.seals[0], { ...seal, entry: { ...seal.entry, root: 'a'.repeat(64) } }],
            };
        expect(await history.verify({ ...answer, evidence: moved as typeof evidence })).to.include({
            ok: false,
            reason: 'SEAL_NOT_IN_BLOCK',
        });
    });

    it('refuses batches with a gap between them', async function () {
        const answer = (await history.answer(lastHourCv)) as ReadingsAnswer;
        const evidence = answer.evidence;
        const gapped = evidence && { ...evidence, batches: evidence.batches.slice(1), complete: true };
        const verdict = await history.verify({ ...answer, evidence: gapped });
        // Without the first batch the bucket no longer adds up to what was answered.
        expect(verdict).to.include({ ok: false, reason: 'ANSWER_MISMATCH' });
    });

    it('keeps the answer within its byte cap, leaving out the oldest batches and saying the evidence is incomplete', async function () {
        const answer = (await history.answer(lastHourCv, 2_500)) as ReadingsAnswer;
        expect(Buffer.byteLength(JSON.stringify(answer))).to.be.at.most(2_500);
        expect(answer.evidence?.complete).to.equal(false);
        const verdict = await history.verify(answer);
        expect(verdict.ok).to.equal(true);
        expect(verdict.ok && verdict.proven).to.be.below(50);
        const raw = (await history.answer(rawCv(0, 60), 4_000)) as ReadingsAnswer;
        expect(Buffer.byteLength(JSON.stringify(raw))).to.be.at.most(4_000);
        expect(raw.truncated).to.equal(true);
        expect((await history.verify(raw)).ok).to.equal(true);
    });

    it("proves a status answer's latest readings, and counts an answer without evidence as unsealed", async function () {
        await history.seal(10);
        const status = await history.answer({ kind: 'status' });
        expect(await history.verify(status)).to.include({ ok: true, proven: 2, unsealed: 0 });
        const bare = { ...(status as Extract<Answer, { kind: 'status' }>), evidence: undefined };
        expect(await history.verify(bare)).to.include({ ok: true, proven: 0, unsealed: 2 });
    });
});
