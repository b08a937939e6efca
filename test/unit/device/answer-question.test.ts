import { expect } from 'chai';
import {
    DomainError,
    QUESTION_LIMITS,
    parseAnswer,
    parseQuestion,
    type Answer,
    type Question,
} from '@spindle/chaincode/protocol';
import {
    MAX_PADDED_PLAINTEXT_BYTES,
    answerPlaintext,
    answerQuestion,
    paddedLength,
    type AnswerContext,
} from '@spindle/client';
import { machineRecord } from '../domain/fixtures';
import { InMemoryHistory } from '../support/in-memory-history';
import { chainBlock, chainEntry, lapWithTransform, sealEntry } from './device-fixtures';

const NOW = new Date('2026-12-02T16:00:00.000Z');
const FROM = '2026-12-02T08:00:00.000Z';
const TO = '2026-12-02T16:00:00.000Z';

function at(minutes: number): string {
    return new Date(Date.parse(FROM) + minutes * 60_000).toISOString();
}

/** The answer, checked against the shared answer schema as a requester would read it. */
async function answer(
    question: Question,
    history: InMemoryHistory,
    context: Partial<AnswerContext> = {},
): Promise<Answer> {
    const given = await answerQuestion(question, history, { now: NOW, ...context });
    return parseAnswer(JSON.stringify(given));
}

async function codeOfAnswer(action: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await action();
        return undefined;
    } catch (error) {
        if (error instanceof DomainError) {
            return error.code;
        }
        throw error;
    }
}

describe('answering readings questions', function () {
    it('answers raw readings whole, with their seq, per variable in the question order', async function () {
        const history = new InMemoryHistory('lap-former-b1', 2);
        const weight1 = history.add('lapWeight', 62.1, at(10), 'g/m');
        const cv = history.add('cv', 1.9, at(5), '%');
        const weight2 = history.add('lapWeight', 62.7, at(20), 'g/m');
        history.add('lapWeight', 61, at(-1), 'g/m');
        const given = await answer(
            { kind: 'readings', variables: ['lapWeight', 'cv'], from: FROM, to: TO, mode: 'raw' },
            history,
        );
        expect(given).to.deep.include({
            kind: 'readings',
            machineId: 'lap-former-b1',
            answeredAt: NOW.toISOString(),
            rows: [weight1, weight2, cv],
            buckets: [],
            units: { lapWeight: 'g/m', cv: '%' },
            sealedThrough: 2,
            truncated: false,
        });
    });

    it('shares the row cap between variables and says it truncated', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        for (let minute = 0; minute < 5; minute += 1) {
            history.add('lapWeight', minute, at(minute));
            history.add('cv', minute, at(minute));
        }
        const question: Question = {
            kind: 'readings',
            variables: ['lapWeight', 'cv'],
            from: FROM,
            to: TO,
            mode: 'raw',
        };
        const capped = await answer(question, history, { limits: { rowsMax: 6 } });
        expect(capped.kind === 'readings' && capped.rows.map((row) => `${row.variable}${row.value}`)).to.deep.equal([
            'lapWeight0',
            'lapWeight1',
            'lapWeight2',
            'cv0',
            'cv1',
            'cv2',
        ]);
        expect(capped).to.include({ truncated: true });
        expect(await answer(question, history, { limits: { rowsMax: 10 } })).to.include({ truncated: false });
    });

    it('cuts the rows to the byte cap, keeping the earliest, and says so', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        for (let minute = 0; minute < 100; minute += 1) {
            history.add('lapWeight', 62 + minute / 100, at(minute), 'g/m');
        }
        const question: Question = { kind: 'readings', variables: ['lapWeight'], from: FROM, to: TO, mode: 'raw' };
        const given = await answerQuestion(question, history, { now: NOW, limits: { answerBytesMax: 4_000 } });
        const bytes = Buffer.byteLength(JSON.stringify(given));
        expect(bytes).to.be.at.most(4_000);
        expect(bytes).to.be.above(3_800);
        expect(given.kind === 'readings' && given.rows.map((row) => row.seq)).to.deep.equal(
            Array.from({ length: given.kind === 'readings' ? given.rows.length : 0 }, (_, index) => index + 1),
        );
        expect(given).to.include({ truncated: true });
    });

    it('keeps an answer at its byte cap small enough for one reply packet', function () {
        expect(() => paddedLength(QUESTION_LIMITS.answerBytesMax, MAX_PADDED_PLAINTEXT_BYTES)).not.to.throw();
        expect(MAX_PADDED_PLAINTEXT_BYTES - QUESTION_LIMITS.answerBytesMax).to.be.above(4_096);
    });

    it('aggregates per bucket from the store with figures computed by hand, empty buckets at count 0', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        // first hour: 10, 12, 14, 16, 18 -> mean 14, p95 18, CV sqrt(10)/14 = 22.5877 %
        [10, 12, 14, 16, 18].forEach((value, index) => history.add('cv', value, at(index * 10), '%'));
        history.add('cv', 5, at(150), '%');
        const given = await answer(
            {
                kind: 'readings',
                variables: ['cv'],
                from: FROM,
                to: at(180),
                mode: 'aggregate',
                everySeconds: 3600,
            },
            history,
        );
        if (given.kind !== 'readings') {
            throw new Error(`not a readings answer: ${given.kind}`);
        }
        expect(given.rows).to.deep.equal([]);
        expect(given.buckets.map((bucket) => [bucket.start, bucket.count, bucket.mean, bucket.p95])).to.deep.equal([
            [at(0), 5, 14, 18],
            [at(60), 0, null, null],
            [at(120), 1, 5, 5],
        ]);
        expect(given.buckets[0]?.cvPercent).to.be.closeTo(22.5877, 1e-4);
        expect(given.buckets[2]?.cvPercent).to.equal(null);
        expect(given).to.include({ truncated: false, everySeconds: 3600 });
    });

    it('keeps the earliest buckets of each variable within the bucket cap', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        history.add('cv', 1, at(30));
        history.add('cv', 2, at(200));
        const given = await answer(
            {
                kind: 'readings',
                variables: ['cv', 'lapWeight'],
                from: FROM,
                to: TO,
                mode: 'aggregate',
                everySeconds: 3600,
            },
            history,
            { limits: { bucketsMax: 4 } },
        );
        expect(
            given.kind === 'readings' &&
                given.buckets.map((bucket) => `${bucket.variable}@${bucket.start}:${bucket.count}`),
        ).to.deep.equal([`cv@${at(0)}:1`, `cv@${at(60)}:0`, `lapWeight@${at(0)}:0`, `lapWeight@${at(60)}:0`]);
        expect(given).to.include({ truncated: true });
    });

    it('says truncated when a bucket range holds more readings than an aggregation reads', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        [1, 2, 3].forEach((value) => history.add('cv', value, at(value)));
        const given = await answer(
            { kind: 'readings', variables: ['cv'], from: FROM, to: at(60), mode: 'aggregate', everySeconds: 3600 },
            history,
            { limits: { aggregateReadingsMax: 2 } },
        );
        expect(given.kind === 'readings' && given.buckets[0]?.count).to.equal(2);
        expect(given).to.include({ truncated: true });
    });
});

describe('answering status, lot-quality and messages questions', function () {
    it('answers status with the record, chain length and newest reading of each variable', async function () {
        const history = new InMemoryHistory('lap-former-b1', 1);
        history.add('lapWeight', 62, at(0), 'g/m');
        const newest = history.add('lapWeight', 63, at(1), 'g/m');
        const cv = history.add('cv', 1.7, at(0), '%');
        const record = machineRecord('lap-former-b1', 'ACTIVE', 'unused');
        const given = await answer({ kind: 'status' }, history, { machine: record, chainLength: 7 });
        expect(given).to.deep.include({
            kind: 'status',
            machine: { status: 'ACTIVE', machineType: 'carding', processStep: 'carding', line: 'line-a1' },
            chainLength: 7,
            sealedThrough: 1,
            latest: [cv, newest],
            truncated: false,
        });
        expect(await answer({ kind: 'status' }, history, { limits: { latestMax: 1 } })).to.deep.include({
            latest: [cv],
            truncated: true,
            chainLength: 0,
        });
    });

    it('answers lot-quality for a lot this machine produced, from its transform', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        const given = await answer({ kind: 'lot-quality', lotId: 'lap-0001' }, history, {
            lot: (lotId) => Promise.resolve(lotId === 'lap-0001' ? lapWithTransform() : undefined),
        });
        expect(given).to.deep.include({
            kind: 'lot-quality',
            lotId: 'lap-0001',
            form: 'lap',
            transformId: 'form-0001',
            processStep: 'lap-forming',
            inputs: [{ lotId: 'bale-0001', quantityGrams: 100_000 }],
            quality: { lapWeight: 62.4, cv: 1.8, grade: 'A' },
        });
    });

    it("refuses another machine's lot and an unknown lot with NOT_FOUND, and lot-quality without a ledger with QUESTION_UNSUPPORTED", async function () {
        const other = new InMemoryHistory('lap-former-b2');
        const lot = (): Promise<ReturnType<typeof lapWithTransform>> => Promise.resolve(lapWithTransform());
        const question: Question = { kind: 'lot-quality', lotId: 'lap-0001' };
        expect(await codeOfAnswer(() => answerQuestion(question, other, { now: NOW, lot }))).to.equal('NOT_FOUND');
        const none = (): Promise<undefined> => Promise.resolve(undefined);
        expect(await codeOfAnswer(() => answerQuestion(question, other, { now: NOW, lot: none }))).to.equal(
            'NOT_FOUND',
        );
        expect(await codeOfAnswer(() => answerQuestion(question, other, { now: NOW }))).to.equal(
            'QUESTION_UNSUPPORTED',
        );
    });

    it('lists chain messages of one type in the range, oldest first, without content or seals, within the cap', async function () {
        const blocks = [
            chainBlock(2, [chainEntry(3, 'download', at(30)), chainEntry(4, 'download', at(600)), sealEntry()]),
            chainBlock(1, [
                chainEntry(1, 'download', at(-5)),
                chainEntry(2, 'upload', at(10)),
                chainEntry(5, 'download', at(20)),
            ]),
        ];
        const chainBlocks = (): Promise<typeof blocks> => Promise.resolve(blocks);
        const question: Question = { kind: 'messages', type: 'download', from: FROM, to: at(480) };
        const given = await answer(question, new InMemoryHistory('lap-former-b1'), { chainBlocks });
        expect(
            given.kind === 'messages' && given.messages.map((message) => [message.blockSeq, message.size]),
        ).to.deep.equal([
            [1, 105],
            [2, 103],
        ]);
        expect(given).to.include({ truncated: false, type: 'download' });
        const capped = await answer(question, new InMemoryHistory('lap-former-b1'), {
            chainBlocks,
            limits: { messagesMax: 1 },
        });
        expect(capped.kind === 'messages' && capped.messages).to.have.length(1);
        expect(capped).to.include({ truncated: true });
        expect(
            await codeOfAnswer(() => answerQuestion(question, new InMemoryHistory('lap-former-b1'), { now: NOW })),
        ).to.equal('QUESTION_UNSUPPORTED');
    });
});

describe('answering any plaintext', function () {
    it("answers today's free-text query with a QUESTION_INVALID error answer instead of crashing", async function () {
        const history = new InMemoryHistory('lap-former-b1');
        const given = await answerPlaintext('{"what":"status and quality"}', history, { now: NOW });
        expect(parseAnswer(JSON.stringify(given))).to.include({ kind: 'error', code: 'QUESTION_INVALID' });
        const unknown = await answerPlaintext('{"kind":"forecast"}', history, { now: NOW });
        expect(unknown).to.include({ kind: 'error', code: 'QUESTION_UNSUPPORTED' });
    });

    it('answers a typed question and lets a failing store throw', async function () {
        const history = new InMemoryHistory('lap-former-b1');
        const question = parseQuestion('{"kind":"status"}');
        expect(await answerPlaintext(JSON.stringify(question), history, { now: NOW })).to.include({ kind: 'status' });
        history.latest = () => Promise.reject(new Error('store closed'));
        let thrown: unknown;
        await answerPlaintext('{"kind":"status"}', history, { now: NOW }).catch((error: unknown) => {
            thrown = error;
        });
        expect(thrown).to.be.instanceOf(Error).and.not.instanceOf(DomainError);
    });
});
