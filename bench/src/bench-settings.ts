import { join } from 'node:path';

import type { WorkloadResult } from './workloads/workload';

/** Seconds each saturated workload runs; `SPINDLE_BENCH_SECONDS` overrides. */
export const SECONDS = Number(process.env.SPINDLE_BENCH_SECONDS ?? '12');
/** In-flight submits of a saturated workload; `SPINDLE_BENCH_CONCURRENCY` overrides. */
export const CONCURRENCY = Number(process.env.SPINDLE_BENCH_CONCURRENCY ?? '128');
/** Seconds of unrecorded B before measuring. */
export const WARM_UP_SECONDS = 8;
/** Queries of the 9-step flow at most, one at a time, per measurement. */
export const QUERY_FLOW_COUNT = 20;
/**
 * The send workload's senders: MillA machines to one MillB machine (lap-former-b1). More than
 * one, since the per-machine rate limit (128 packets a second) is below the throughput measured.
 */
export const OWN_SENDERS = ['carding-a1', 'carding-a2', 'blow-room-a1', 'winder-a1'];
/** The machine that receives the send workload and answers the 9-step flow. */
export const OWN_RECEIVER = 'lap-former-b1';
/** Where every run writes its report (git-ignored). */
export const RESULTS_DIR = join(__dirname, '..', 'results');

/** The line the bench prints after a workload: valid of done, tx/s and latency percentiles. */
export function resultLine(result: WorkloadResult): string {
    const { load } = result;
    return (
        `${result.id}: ${load.valid}/${load.completed} valid, ${load.throughputPerSecond.toFixed(1)} tx/s, ` +
        `p50 ${load.latency.p50.toFixed(0)} ms, p95 ${load.latency.p95.toFixed(0)} ms, p99 ${load.latency.p99.toFixed(0)} ms`
    );
}
