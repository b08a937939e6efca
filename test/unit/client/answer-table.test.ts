import { expect } from 'chai';
import type { Answer, Reading } from '@spindle/chaincode/protocol';
import { alignedTable, answerTable, figureText, formatAnswer } from '@spindle/client';

const BASE = { machineId: 'lap-former-b1', answeredAt: '2026-12-02T16:00:00.000Z' };

function reading(seq: number, value: number): Reading {
    return {
        machineId: 'lap-former-b1',
        seq,
        variable: 'lapWeight',
        value,
        unit: 'g/m',
        sourceTimestamp: `2026-12-02T08:0${seq}:00.000Z`,
    };
}

describe('answers printed as tables', function () {
    it('aligns columns, numbers to the right', function () {
        expect(
            alignedTable(
                ['name', 'value'],
                [
                    ['cv', '1.5'],
                    ['lapWeight', '62'],
                ],
            ),
        ).to.deep.equal(['name       value', 'cv           1.5', 'lapWeight     62']);
    });

    it('prints raw readings with seq and whether each is sealed', function () {
        const answer: Answer = {
            ...BASE,
            kind: 'readings',
            mode: 'raw',
            from: '2026-12-02T08:00:00.000Z',
            to: '2026-12-02T16:00:00.000Z',
            units: { lapWeight: 'g/m' },
            sealedThrough: 1,
            rows: [reading(1, 62.1), reading(2, 62.75)],
            buckets: [],
            truncated: false,
        };
        const lines = answerTable(answer);
        expect(lines.slice(1)).to.deep.equal([
            'seq  time                      variable   value  unit  sealed',
            '  1  2026-12-02T08:01:00.000Z  lapWeight   62.1  g/m   yes',
            '  2  2026-12-02T08:02:00.000Z  lapWeight  62.75  g/m   no',
        ]);
    });

    it('prints buckets with - for an empty one and says when the answer was truncated', function () {
        const answer: Answer = {
            ...BASE,
            kind: 'readings',
            mode: 'aggregate',
            from: '2026-12-02T08:00:00.000Z',
            to: '2026-12-02T10:00:00.000Z',
            everySeconds: 3600,
            units: { cv: '%' },
            sealedThrough: 0,
            rows: [],
            buckets: [
                {
                    variable: 'cv',
                    start: '2026-12-02T08:00:00.000Z',
                    end: '2026-12-02T09:00:00.000Z',
                    count: 5,
                    min: 10,
                    max: 18,
                    mean: 14,
                    p95: 18,
                    cvPercent: (Math.sqrt(10) / 14) * 100,
                },
                {
                    variable: 'cv',
                    start: '2026-12-02T09:00:00.000Z',
                    end: '2026-12-02T10:00:00.000Z',
                    count: 0,
                    min: null,
                    max: null,
                    mean: null,
                    p95: null,
                    cvPercent: null,
                },
            ],
            truncated: true,
        };
        const lines = answerTable(answer);
        expect(lines[2]).to.match(/ 5 +10 +18 +14 +18 +22\.59$/);
        expect(lines[3]).to.match(/ 0 +- +- +- +- +-$/);
        expect(lines.at(-1)).to.match(/^\(truncated/);
    });

    it('prints JSON with --json and an error answer as one line', function () {
        const answer: Answer = { ...BASE, kind: 'error', code: 'QUESTION_INVALID', message: 'QUESTION_INVALID: x' };
        expect(JSON.parse(formatAnswer(answer, true))).to.deep.equal(answer);
        expect(formatAnswer(answer, false)).to.equal('lap-former-b1 refused the question: QUESTION_INVALID: x');
    });

    it('writes figures with six significant digits at most', function () {
        expect([
            figureText(null),
            figureText(3),
            figureText((Math.sqrt(10) / 14) * 100),
            figureText(0.1 + 0.2),
        ]).to.deep.equal(['-', '3', '22.5877', '0.3']);
    });
});
