import { expect } from 'chai';
import { durationText, parseDuration, parseQuestionArgs } from '@spindle/client';
import { codeOf } from '../support/code-of';

const NOW = new Date('2026-12-02T16:00:00.000Z');

function words(line: string): string[] {
    return line.split(' ');
}

describe('questions on the command line', function () {
    it('reads aggregated readings over the last 8 hours', function () {
        expect(parseQuestionArgs(words('readings --vars lapWeight,cv --since 8h --every 1h'), NOW)).to.deep.equal({
            kind: 'readings',
            variables: ['lapWeight', 'cv'],
            from: '2026-12-02T08:00:00.000Z',
            to: '2026-12-02T16:00:00.000Z',
            mode: 'aggregate',
            everySeconds: 3600,
        });
    });

    it('reads raw readings between two ISO times, and up to now without --to', function () {
        expect(
            parseQuestionArgs(words('readings --vars cv --from 2026-12-02T08:00:00Z --to 2026-12-02T09:30:00Z'), NOW),
        ).to.deep.equal({
            kind: 'readings',
            variables: ['cv'],
            from: '2026-12-02T08:00:00.000Z',
            to: '2026-12-02T09:30:00.000Z',
            mode: 'raw',
        });
        expect(parseQuestionArgs(words('readings --vars cv --from 2026-12-02T15:00:00Z'), NOW)).to.include({
            to: NOW.toISOString(),
        });
    });

    it('reads status, lot-quality and messages', function () {
        expect(parseQuestionArgs(['status'], NOW)).to.deep.equal({ kind: 'status' });
        expect(parseQuestionArgs(words('lot-quality lap-0001'), NOW)).to.deep.equal({
            kind: 'lot-quality',
            lotId: 'lap-0001',
        });
        expect(parseQuestionArgs(words('messages --type download --since 1d'), NOW)).to.deep.equal({
            kind: 'messages',
            type: 'download',
            from: '2026-12-01T16:00:00.000Z',
            to: NOW.toISOString(),
        });
        expect(parseQuestionArgs(words('messages --since 30m'), NOW)).to.not.have.property('type');
    });

    it('refuses malformed command lines with INVALID_ARGUMENT', function () {
        const bad = [
            '',
            'forecast',
            'status --since 1h',
            'status extra',
            'lot-quality',
            'lot-quality Lap_1',
            'lot-quality a b',
            'readings --since 8h',
            'readings --vars cv',
            'readings --vars cv --since 8h --from 2026-12-02T08:00:00Z',
            'readings --vars cv --since 8h --to 2026-12-02T09:00:00Z',
            'readings --vars cv --since 8 hours',
            'readings --vars cv --since 8h --every 0m',
            'readings --vars cv --since 8h --every 1s',
            'readings --vars cv,cv --since 8h',
            'readings --vars cv --vars cv --since 8h',
            'readings --vars lap-weight --since 8h',
            'readings --vars cv --from yesterday',
            'readings --vars cv --from 2026-12-02T17:00:00Z',
            'readings --vars cv --since',
            'messages --type fax --since 1d',
            'messages --type download',
        ];
        for (const line of bad) {
            expect(
                codeOf(() => parseQuestionArgs(line === '' ? [] : words(line), NOW)),
                line,
            ).to.equal('INVALID_ARGUMENT');
        }
    });

    it('reads durations in seconds, minutes, hours and days, up to a year', function () {
        expect(['45s', '30m', '8h', '2d', '366d'].map((text) => parseDuration(text, 'd'))).to.deep.equal([
            45,
            1800,
            28_800,
            172_800,
            366 * 86_400,
        ]);
        for (const text of ['0h', '367d', '1.5h', '-1h', '8H', 'h', '1w']) {
            expect(
                codeOf(() => parseDuration(text, 'd')),
                text,
            ).to.equal('INVALID_ARGUMENT');
        }
    });

    it('writes durations in their largest whole unit', function () {
        expect([3600, 90, 172_800, 1800, 45].map(durationText)).to.deep.equal(['1h', '90s', '2d', '30m', '45s']);
    });
});
