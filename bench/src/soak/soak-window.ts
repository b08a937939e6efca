import type { TransactionRecord } from '../harness';
import { percentilesOf } from '../percentiles';

/** Send latency and rate over a run of consecutive deliveries. */
export interface SoakWindow {
    /** Position of the window's first and last delivery in completion order (1-based). */
    from: number;
    to: number;
    valid: number;
    p50Ms: number;
    p95Ms: number;
    /** Valid deliveries per second from the window's first completion to its last. */
    perSecond: number;
}

/** The window of `records[from - 1 .. to - 1]` (completion order). */
export function windowOf(records: readonly TransactionRecord[], from: number, to: number): SoakWindow {
    const slice = records.slice(Math.max(0, from - 1), to);
    const valid = slice.filter((record) => record.outcome === 'VALID');
    const completions = slice.map((record) => record.startMs + record.latencyMs);
    const first = Math.min(...completions);
    const last = Math.max(...completions);
    const latency = percentilesOf(valid.map((record) => record.latencyMs));
    return {
        from,
        to: Math.min(to, records.length),
        valid: valid.length,
        p50Ms: Math.round(latency.p50),
        p95Ms: Math.round(latency.p95),
        perSecond: slice.length === 0 ? 0 : Math.round((valid.length / ((last - first) / 1000)) * 10) / 10,
    };
}

/**
 * The start and end windows of a run of `total` deliveries: a tenth of the run each, at most
 * 5,000, the start one after a warm-up of a twentieth (at most 1,000) in which the chaincode's
 * paths compile and the caches fill.
 */
export function startAndEndWindows(records: readonly TransactionRecord[]): { start: SoakWindow; end: SoakWindow } {
    const total = records.length;
    const size = Math.max(1, Math.min(5_000, Math.floor(total / 10)));
    const warmUp = Math.min(1_000, Math.floor(total / 20));
    return {
        start: windowOf(records, warmUp + 1, warmUp + size),
        end: windowOf(records, total - size + 1, total),
    };
}
