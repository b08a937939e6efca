import { expect } from 'chai';
import { aggregateReadings, bucketFigures } from '@spindle/client';
import { InMemoryHistory } from '../support/in-memory-history';

describe('aggregating readings into buckets', function () {
    it('gives count, min, max, mean, nearest-rank p95 and sample CV % as computed by hand', function () {
        // mean 14; squared deviations 16+4+0+4+16 = 40; sd = sqrt(40 / 4) = 3.16228; CV = 22.5877 %
        const figures = bucketFigures([14, 10, 18, 12, 16]);
        expect(figures).to.include({ count: 5, min: 10, max: 18, mean: 14, p95: 18 });
        expect(figures.cvPercent).to.be.closeTo((Math.sqrt(10) / 14) * 100, 1e-9);
        expect(figures.cvPercent).to.be.closeTo(22.5877, 1e-4);
    });

    it('takes p95 by nearest rank, not by interpolation', function () {
        const oneToTwenty = Array.from({ length: 20 }, (_, index) => index + 1);
        expect(bucketFigures(oneToTwenty).p95).to.equal(19);
        expect(bucketFigures([...oneToTwenty, 21]).p95).to.equal(20);
    });

    it('has no CV under two readings or for a zero mean', function () {
        expect(bucketFigures([7])).to.deep.equal({ count: 1, min: 7, max: 7, mean: 7, p95: 7, cvPercent: null });
        expect(bucketFigures([-1, 1]).cvPercent).to.equal(null);
        expect(bucketFigures([])).to.deep.equal({
            count: 0,
            min: null,
            max: null,
            mean: null,
            p95: null,
            cvPercent: null,
        });
    });

    it('aligns buckets to the range start, cuts the last at its end and lists empty ones', function () {
        const history = new InMemoryHistory('lap-former-b1');
        const readings = [
            history.add('lapWeight', 1, '2026-12-02T07:59:59.999Z'),
            history.add('lapWeight', 2, '2026-12-02T08:00:00.000Z'),
            history.add('lapWeight', 4, '2026-12-02T08:59:59.999Z'),
            history.add('lapWeight', 8, '2026-12-02T09:00:00.000Z'),
            history.add('lapWeight', 16, '2026-12-02T10:30:00.000Z'),
        ];
        const buckets = aggregateReadings(
            'lapWeight',
            readings,
            new Date('2026-12-02T08:00:00Z'),
            new Date('2026-12-02T10:30:00Z'),
            3600,
            100,
        );
        expect(buckets.map((bucket) => [bucket.start, bucket.end, bucket.count, bucket.mean])).to.deep.equal([
            ['2026-12-02T08:00:00.000Z', '2026-12-02T09:00:00.000Z', 2, 3],
            ['2026-12-02T09:00:00.000Z', '2026-12-02T10:00:00.000Z', 1, 8],
            ['2026-12-02T10:00:00.000Z', '2026-12-02T10:30:00.000Z', 0, null],
        ]);
    });

    it('keeps only the earliest buckets past its cap', function () {
        const buckets = aggregateReadings(
            'cv',
            [],
            new Date('2026-12-02T00:00:00Z'),
            new Date('2026-12-03T00:00:00Z'),
            3600,
            5,
        );
        expect(buckets).to.have.length(5);
        expect(buckets.at(-1)?.end).to.equal('2026-12-02T05:00:00.000Z');
    });
});
