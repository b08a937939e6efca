import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { Answer } from '@spindle/chaincode/protocol';
import {
    EXIT_CODES,
    evidenceLine,
    exitCodeOf,
    queryQuestion,
    queryResultFailure,
    queryResultLines,
    queryResultOf,
    type QueryOutcome,
} from '@spindle/client';
import { codeOf } from '../support/code-of';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');
const NOW = new Date('2026-12-02T16:00:00.000Z');

type EvidenceCheck = Parameters<typeof evidenceLine>[0];

/** The CLI on a run folder with no identities: a command that gets as far as opening one fails IDENTITY_MISSING. */
function spindle(...args: string[]) {
    const runDir = mkdtempSync(join(tmpdir(), 'spindle-query-cli-'));
    return spawnSync(process.execPath, [CLI, '--run-dir', runDir, ...args], {
        encoding: 'utf8',
        env: { ...process.env, SPINDLE_DEBUG: '' },
    });
}

const BUCKETS: Answer = {
    kind: 'readings',
    machineId: 'lap-former-b1',
    answeredAt: '2026-12-02T16:00:00.000Z',
    mode: 'aggregate',
    from: '2026-12-02T15:00:00.000Z',
    to: '2026-12-02T16:00:00.000Z',
    everySeconds: 3600,
    units: { cv: '%' },
    sealedThrough: 118,
    rows: [],
    buckets: [
        {
            variable: 'cv',
            start: '2026-12-02T15:00:00.000Z',
            end: '2026-12-02T16:00:00.000Z',
            count: 122,
            min: 0.91,
            max: 1.74,
            mean: 1.31,
            p95: 1.62,
            cvPercent: 12.345,
        },
    ],
    truncated: false,
};

function outcomeOf(answer: unknown, verification?: EvidenceCheck): QueryOutcome {
    const outcome: QueryOutcome = {
        queryId: 'q'.repeat(64),
        answer: Buffer.from(typeof answer === 'string' ? answer : JSON.stringify(answer), 'utf8'),
        steps: [],
        totalMs: 812,
    };
    return verification === undefined ? outcome : Object.assign(outcome, { verification });
}

describe('spindle query: the question on the command line and the answer printed', function () {
    this.timeout(30_000);

    it('sends words that start with a question kind as that typed question, any other words as free text', function () {
        expect(queryQuestion(['status'], NOW)).to.deep.equal({ kind: 'status' });
        expect(queryQuestion(['readings', '--vars', 'cv', '--since', '1h', '--every', '1h'], NOW)).to.deep.equal({
            kind: 'readings',
            variables: ['cv'],
            from: '2026-12-02T15:00:00.000Z',
            to: '2026-12-02T16:00:00.000Z',
            mode: 'aggregate',
            everySeconds: 3600,
        });
        expect(queryQuestion(['messages', '--type=download', '--since=1d'], NOW)).to.deep.equal({
            kind: 'messages',
            type: 'download',
            from: '2026-12-01T16:00:00.000Z',
            to: '2026-12-02T16:00:00.000Z',
        });
        expect(queryQuestion(['status and quality'], NOW)).to.deep.equal({ what: 'status and quality' });
        expect(queryQuestion(['how', 'is', 'the', 'lap'], NOW)).to.deep.equal({ what: 'how is the lap' });
    });

    it('refuses a bad typed question, an option before the kind, and no question with INVALID_ARGUMENT', function () {
        for (const words of [[], [''], ['--vars', 'cv'], ['readings', '--vars', 'cv'], ['status', 'extra']]) {
            expect(
                codeOf(() => queryQuestion(words, NOW)),
                words.join(' '),
            ).to.equal('INVALID_ARGUMENT');
        }
    });

    it("leaves the question's options to the question and takes --timeout and --json wherever they stand", function () {
        // The question parses, so the command goes on to open the asking machine's identity,
        // which this run folder lacks: IDENTITY_MISSING, not the question's INVALID_ARGUMENT.
        for (const args of [
            ['query', 'carding-a1', 'lap-former-b1', 'readings', '--vars', 'cv', '--since', '1h', '--timeout', '5'],
            ['query', 'carding-a1', 'lap-former-b1', 'readings', '--vars', 'cv', '--json', '--since', '1h'],
            [
                'query',
                '--timeout',
                '5',
                'carding-a1',
                'lap-former-b1',
                'messages',
                '--type',
                'download',
                '--since',
                '1d',
            ],
            ['--json', 'query', 'carding-a1', 'lap-former-b1', 'lot-quality', 'lap-r1'],
        ]) {
            const result = spindle(...args);
            expect(result.status, `${args.join(' ')}: ${result.stderr}`).to.equal(EXIT_CODES.IDENTITY_MISSING);
            expect(result.stderr).to.match(/^spindle: IDENTITY_MISSING: /);
        }
    });

    it('fails a bad typed question or timeout with exit 2 before opening any identity', function () {
        for (const args of [
            ['query', 'carding-a1', 'lap-former-b1', 'readings', '--vars', 'cv', '--since', '8'],
            ['query', 'carding-a1', 'lap-former-b1', 'readings', '--vars', 'cv', '--since', '1h', '--bogus', '1'],
            ['query', 'carding-a1', 'lap-former-b1', 'status', '--timeout', 'soon'],
        ]) {
            const result = spindle(...args);
            expect(result.status, `${args.join(' ')}: ${result.stderr}`).to.equal(EXIT_CODES.INVALID_ARGUMENT);
            expect(result.stderr).to.match(/^spindle: INVALID_ARGUMENT: /);
        }
    });

    it('prints buckets as a table and the proofs line after it', function () {
        const result = queryResultOf(
            { kind: 'status' },
            outcomeOf(BUCKETS, {
                ok: true,
                proven: 118,
                unsealed: 4,
                blocks: [{ machineId: 'lap-former-b1', seq: 7 }],
            }),
        );
        const lines = queryResultLines(result);
        expect(lines[0]).to.equal(`query ${'q'.repeat(64)} answered in 812 ms`);
        expect(lines[2]).to.match(/^variable +unit +start +end +count +min +max +mean +p95 +cv %$/);
        expect(lines[3]).to.match(/ 122 +0\.91 +1\.74 +1\.31 +1\.62 +12\.35$/);
        expect(lines.at(-1)).to.equal('proofs: 118 readings proven, 4 unsealed, anchored in block 7 of lap-former-b1');
        expect(queryResultFailure(result)).to.equal(undefined);
    });

    it('says which blocks the proofs reach, in ranges, and when no block is sealed yet', function () {
        const blocks = [3, 4, 5, 9, 4].map((seq) => ({ machineId: 'lap-former-b1', seq }));
        expect(evidenceLine({ ok: true, proven: 1, unsealed: 0, blocks })).to.equal(
            'proofs: 1 reading proven, 0 unsealed, anchored in blocks 3-5, 9 of lap-former-b1',
        );
        expect(evidenceLine({ ok: true, proven: 0, unsealed: 6, blocks: [] })).to.equal(
            'proofs: 0 readings proven, 6 unsealed, no sealed block yet',
        );
        expect(evidenceLine({ ok: false, reason: 'ANCHOR_MISMATCH', detail: 'block 7 hash differs' })).to.equal(
            'proofs: FAILED ANCHOR_MISMATCH: block 7 hash differs',
        );
    });

    it("fails an agent's error answer with its code, so the CLI exits with that code's status", function () {
        const refused = queryResultOf(
            { what: 'status and quality' },
            outcomeOf({
                kind: 'error',
                machineId: 'lap-former-b1',
                answeredAt: '2026-12-02T16:00:00.000Z',
                code: 'QUESTION_INVALID',
                message: 'QUESTION_INVALID: the question is not an object with a kind',
            }),
        );
        expect(queryResultLines(refused)[1]).to.equal(
            'lap-former-b1 refused the question: QUESTION_INVALID: the question is not an object with a kind',
        );
        const failure = queryResultFailure(refused);
        expect(failure?.code).to.equal('QUESTION_INVALID');
        expect(exitCodeOf(failure?.code ?? '')).to.equal(31);
        expect(
            queryResultFailure(
                queryResultOf(
                    { kind: 'status' },
                    outcomeOf(BUCKETS, { ok: false, reason: 'READING_NOT_PROVEN', detail: 'seq 12' }),
                ),
            )?.code,
        ).to.equal('READING_NOT_PROVEN');
    });

    it("prints an older answerer's JSON as JSON, and gives --json the question, answer and verification", function () {
        const older = { machineId: 'lap-former-b1', status: 'ACTIVE', localData: {} };
        const result = queryResultOf({ what: 'status and quality' }, outcomeOf(older));
        expect(queryResultLines(result).slice(1).join('\n')).to.equal(JSON.stringify(older, undefined, 2));
        expect(queryResultLines(result)[0]).to.equal(`query ${'q'.repeat(64)} answered in 812 ms`);
        expect(queryResultFailure(result)).to.equal(undefined);
        expect(JSON.parse(JSON.stringify(result))).to.deep.equal({
            queryId: 'q'.repeat(64),
            question: { what: 'status and quality' },
            answer: older,
            verification: null,
            steps: [],
            totalMs: 812,
        });
    });
});
