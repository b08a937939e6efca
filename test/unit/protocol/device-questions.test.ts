import { expect } from 'chai';
import { QUESTION_LIMITS, parseAnswer, parseQuestion } from '@spindle/chaincode/protocol';
import { codeOf } from '../support/code-of';

const FROM = '2026-12-02T08:00:00.000Z';
const TO = '2026-12-02T16:00:00.000Z';

function readings(fields: Record<string, unknown>): string {
    return JSON.stringify({ kind: 'readings', variables: ['lapWeight'], from: FROM, to: TO, mode: 'raw', ...fields });
}

describe('typed device questions', function () {
    it('reads each kind of question', function () {
        expect(parseQuestion('{"kind":"status"}')).to.deep.equal({ kind: 'status' });
        expect(parseQuestion(readings({ mode: 'aggregate', everySeconds: 3600 }))).to.include({ everySeconds: 3600 });
        expect(parseQuestion('{"kind":"lot-quality","lotId":"lap-0001"}')).to.include({ lotId: 'lap-0001' });
        const messages = { kind: 'messages', type: 'download', from: FROM, to: TO };
        expect(parseQuestion(Buffer.from(JSON.stringify(messages)))).to.deep.equal(messages);
    });

    it("refuses today's free-text queries and non-JSON with QUESTION_INVALID, never a crash", function () {
        for (const plaintext of [
            '{"what":"status and quality"}',
            'status please',
            '',
            'null',
            '[]',
            '42',
            '{"kind":7}',
        ]) {
            expect(
                codeOf(() => parseQuestion(plaintext)),
                plaintext,
            ).to.equal('QUESTION_INVALID');
        }
    });

    it('refuses a kind it does not know with QUESTION_UNSUPPORTED', function () {
        expect(codeOf(() => parseQuestion('{"kind":"forecast"}'))).to.equal('QUESTION_UNSUPPORTED');
    });

    it('refuses readings questions that break the schema with QUESTION_INVALID', function () {
        const bad: Record<string, Record<string, unknown>> = {
            'no variables': { variables: [] },
            'nine variables': { variables: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] },
            'a repeated variable': { variables: ['cv', 'cv'] },
            'a variable that is not a name': { variables: ['lap weight'] },
            'from after to': { from: TO, to: FROM },
            'an empty range': { to: FROM },
            'aggregate without a width': { mode: 'aggregate' },
            'raw with a width': { everySeconds: 60 },
            'too many buckets': { mode: 'aggregate', everySeconds: 1 },
            'a zero width': { mode: 'aggregate', everySeconds: 0 },
            'an unknown field': { since: '8h' },
            'a local time': { from: '2026-12-02 08:00' },
        };
        for (const [name, fields] of Object.entries(bad)) {
            expect(
                codeOf(() => parseQuestion(readings(fields))),
                name,
            ).to.equal('QUESTION_INVALID');
        }
    });

    it('accepts exactly the bucket bound and refuses one more', function () {
        const seconds = (Date.parse(TO) - Date.parse(FROM)) / 1000;
        const width = Math.ceil(seconds / QUESTION_LIMITS.bucketsPerVariableMax);
        expect(codeOf(() => parseQuestion(readings({ mode: 'aggregate', everySeconds: width })))).to.equal(undefined);
        expect(codeOf(() => parseQuestion(readings({ mode: 'aggregate', everySeconds: width - 1 })))).to.equal(
            'QUESTION_INVALID',
        );
    });

    it('refuses other kinds with bad fields, and a question over its byte cap', function () {
        const bad = [
            '{"kind":"status","verbose":true}',
            '{"kind":"lot-quality","lotId":"Lap 1"}',
            `{"kind":"messages","type":"fax","from":"${FROM}","to":"${TO}"}`,
            `{"kind":"messages","from":"${TO}","to":"${FROM}"}`,
            readings({ padding: 'x'.repeat(QUESTION_LIMITS.questionBytes) }),
        ];
        for (const plaintext of bad) {
            expect(
                codeOf(() => parseQuestion(plaintext)),
                plaintext.slice(0, 60),
            ).to.equal('QUESTION_INVALID');
        }
    });

    it('reads an error answer and refuses an answer of no known shape', function () {
        const error = {
            kind: 'error',
            machineId: 'lap-former-b1',
            answeredAt: TO,
            code: 'QUESTION_INVALID',
            message: 'QUESTION_INVALID: the question is not JSON',
        };
        expect(parseAnswer(JSON.stringify(error))).to.deep.equal(error);
        expect(codeOf(() => parseAnswer('{"kind":"status"}'))).to.equal('INVALID_ARGUMENT');
        expect(codeOf(() => parseAnswer('not json'))).to.equal('INVALID_ARGUMENT');
    });
});
