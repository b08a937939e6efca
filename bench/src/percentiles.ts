/** Latency percentiles of a workload, in milliseconds, from its per-transaction records. */
export interface Percentiles {
    p50: number;
    p95: number;
    p99: number;
}

/**
 * The nearest-rank percentile of sorted values: the smallest value with at least `q` of the
 * records at or below it. No interpolation, so every figure is a latency that happened.
 */
export function nearestRank(sorted: readonly number[], q: number): number {
    if (sorted.length === 0) {
        return Number.NaN;
    }
    const rank = Math.max(1, Math.ceil(q * sorted.length));
    return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** p50, p95 and p99 of a list of latencies. */
export function percentilesOf(latenciesMs: readonly number[]): Percentiles {
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    return { p50: nearestRank(sorted, 0.5), p95: nearestRank(sorted, 0.95), p99: nearestRank(sorted, 0.99) };
}
