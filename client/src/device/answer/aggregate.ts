import type { Reading, ReadingBucket } from '@spindle/chaincode/protocol';

/** The figures of one bucket: count, min, max, mean, p95 and CV %; null where undefined. */
export type BucketFigures = Pick<ReadingBucket, 'count' | 'min' | 'max' | 'mean' | 'p95' | 'cvPercent'>;

/**
 * The figures of a bucket's values. p95 is the nearest-rank percentile (the value at rank
 * ⌈0.95 n⌉ in ascending order); CV % is the sample standard deviation (n − 1) over the mean × 100,
 * null under two values or for a zero mean. An empty bucket has count 0 and null figures.
 */
export function bucketFigures(values: readonly number[]): BucketFigures {
    const count = values.length;
    if (count === 0) {
        return { count, min: null, max: null, mean: null, p95: null, cvPercent: null };
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mean = sorted.reduce((sum, value) => sum + value, 0) / count;
    const p95 = sorted[Math.ceil(0.95 * count) - 1] ?? null;
    let cvPercent: number | null = null;
    if (count >= 2 && mean !== 0) {
        const squares = sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0);
        cvPercent = (Math.sqrt(squares / (count - 1)) / Math.abs(mean)) * 100;
    }
    return { count, min: sorted[0] ?? null, max: sorted[count - 1] ?? null, mean, p95, cvPercent };
}

/**
 * The buckets of one variable over `[from, to)`: `[from + i × every, from + (i + 1) × every)`,
 * aligned to `from`, the last one cut at `to`, at most `maxBuckets` of them (the earliest).
 * Every bucket is listed, an empty one with count 0. `readings` are the variable's, in any order;
 * those outside the range are ignored.
 */
export function aggregateReadings(
    variable: string,
    readings: readonly Reading[],
    from: Date,
    to: Date,
    everySeconds: number,
    maxBuckets: number,
): ReadingBucket[] {
    const start = from.getTime();
    const end = to.getTime();
    const width = everySeconds * 1000;
    const count = Math.min(Math.ceil((end - start) / width), maxBuckets);
    const values: number[][] = Array.from({ length: count }, () => []);
    for (const reading of readings) {
        const at = Date.parse(reading.sourceTimestamp);
        if (at >= start && at < end) {
            values[Math.floor((at - start) / width)]?.push(reading.value);
        }
    }
    return values.map((bucket, index) => ({
        variable,
        start: new Date(start + index * width).toISOString(),
        end: new Date(Math.min(start + (index + 1) * width, end)).toISOString(),
        ...bucketFigures(bucket),
    }));
}
