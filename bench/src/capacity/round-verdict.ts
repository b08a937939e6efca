import type { CpuSeconds } from '../cpu-sampler';
import { percentilesOf } from '../percentiles';
import type { TrafficKind } from './line-profile';

/** The limits of issue 15: a machine count is served while both p95s stay under them. */
export const CAPACITY_LIMITS = {
    sendP95Ms: 2000,
    queryP95Ms: 3000,
    /** More failed sends or queries than this share also fails the round: a refused packet is not served. */
    failureShare: 0.01,
} as const;

/** Queries a round runs at least, extra ones added when the profile offers fewer, so its p95 is not one query's luck. */
export const MIN_QUERY_SAMPLES = 20;

/** One arrival as the driver saw it: latency from its scheduled time, so a late start counts. */
export interface ArrivalRecord {
    kind: TrafficKind;
    /** Scheduled time from the round's start. */
    atMs: number;
    /** How late the driver started it (event loop, a busy client). */
    lateMs: number;
    latencyMs: number;
    outcome: string;
}

/** What one kind of traffic (or all sends together) did in a round. */
export interface KindFigures {
    completed: number;
    valid: number;
    p50Ms: number;
    p95Ms: number;
    /** Failed ones by outcome. */
    failures: Record<string, number>;
}

/** Why a round passed or failed. */
export interface RoundVerdict {
    passed: boolean;
    /** Each limit broken, e.g. `send p95 2410 ms ≥ 2000 ms`; empty when passed. */
    broken: string[];
}

/** Everything one round at a machine count measured. */
export interface CapacityRound {
    machines: number;
    /** The traffic window; the round then waits for what is in flight. */
    seconds: number;
    /** Arrivals offered per second over the window, by kind (added queries included). */
    offeredPerSecond: Record<TrafficKind, number>;
    /** Queries added beyond the profile's so that the round has enough query samples. */
    addedQueries: number;
    kinds: Record<TrafficKind, KindFigures>;
    /** Uploads and orders together: every Communication:send. */
    send: KindFigures;
    /** p95 of how late the driver started an arrival: large means the client, not the network, fell behind. */
    lateP95Ms: number;
    /** From the first arrival to the last completion. */
    wallMs: number;
    cpuSeconds: CpuSeconds;
    loadAverage: { before: number[]; after: number[] };
    verdict: RoundVerdict;
}

/** p50, p95, counts and failures of some arrival records. */
export function figuresOf(records: readonly ArrivalRecord[]): KindFigures {
    const valid = records.filter((record) => record.outcome === 'VALID');
    const failures: Record<string, number> = {};
    for (const record of records) {
        if (record.outcome !== 'VALID') {
            failures[record.outcome] = (failures[record.outcome] ?? 0) + 1;
        }
    }
    const latency = percentilesOf(valid.map((record) => record.latencyMs));
    return {
        completed: records.length,
        valid: valid.length,
        p50Ms: Math.round(latency.p50),
        p95Ms: Math.round(latency.p95),
        failures,
    };
}

/**
 * Judges a round against {@link CAPACITY_LIMITS}: send p95 under 2 s, 9-step query-flow p95
 * under 3 s, and at most 1 % of sends or queries failed. A round with no query at all (few
 * machines, a short window) is judged on its sends alone; a round with no valid send fails.
 */
export function judgeRound(send: KindFigures, query: KindFigures): RoundVerdict {
    const broken: string[] = [];
    if (send.valid === 0) {
        broken.push('no send was valid');
    } else if (!(send.p95Ms < CAPACITY_LIMITS.sendP95Ms)) {
        broken.push(`send p95 ${send.p95Ms} ms ≥ ${CAPACITY_LIMITS.sendP95Ms} ms`);
    }
    if (query.valid > 0 && !(query.p95Ms < CAPACITY_LIMITS.queryP95Ms)) {
        broken.push(`query-flow p95 ${query.p95Ms} ms ≥ ${CAPACITY_LIMITS.queryP95Ms} ms`);
    }
    for (const [what, figures] of [
        ['sends', send],
        ['queries', query],
    ] as const) {
        const failed = figures.completed - figures.valid;
        if (figures.completed > 0 && failed / figures.completed > CAPACITY_LIMITS.failureShare) {
            broken.push(`${failed} of ${figures.completed} ${what} failed`);
        }
    }
    return { passed: broken.length === 0, broken };
}

/** Network processes' CPU seconds (every watched process but the bench's own) per machine per second of traffic. */
export function cpuPerMachineSecond(round: Pick<CapacityRound, 'cpuSeconds' | 'machines' | 'seconds'>): number {
    return networkCpuSeconds(round.cpuSeconds) / (round.machines * round.seconds);
}

/** CPU seconds of the network's processes (peers, orderers, chaincode servers, CAs), the bench's own left out. */
export function networkCpuSeconds(cpu: CpuSeconds): number {
    return Object.entries(cpu)
        .filter(([name]) => name !== BENCH_PROCESS)
        .reduce((sum, [, seconds]) => sum + seconds, 0);
}

/** The name the CPU sampler gives the bench's own process. */
export const BENCH_PROCESS = 'bench-client';
