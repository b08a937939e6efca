import { LINE_PROFILE, type LineType, type TrafficKind } from './line-profile';

/** One event of the mix: at `atMs` from the start, machine `machine` (an index into the fleet) does `kind`. */
export interface Arrival {
    atMs: number;
    machine: number;
    kind: TrafficKind;
}

/** How the schedule is drawn. */
export interface ScheduleOptions {
    durationMs: number;
    /** Each upload interval is stretched or shrunk by up to this share (0.1: ±10 %). */
    jitter: number;
    /** A uniform random number in [0, 1); seeded in the bench so a run can be repeated. */
    random: () => number;
}

/**
 * Open-loop arrivals for a fleet over `durationMs`, sorted by time: each machine's periodic
 * uploads start at a random phase and repeat every `uploadEverySeconds` ± jitter, so machines
 * do not fire together; its orders, queries and registry reads are Poisson arrivals at the
 * profile's hourly rates (exponential gaps). Arrivals never wait for earlier ones to finish:
 * a slow network sees the same offered load, and its latency shows it.
 *
 * @throws Error CONFIG_INVALID when the duration or the jitter is out of range.
 */
export function trafficSchedule(types: readonly LineType[], options: ScheduleOptions): Arrival[] {
    if (!(options.durationMs > 0) || !(options.jitter >= 0 && options.jitter < 1)) {
        throw new Error(
            `CONFIG_INVALID: a schedule needs a positive duration and a jitter in [0, 1), not ${options.durationMs} ms and ${options.jitter}`,
        );
    }
    const arrivals: Arrival[] = [];
    types.forEach((type, machine) => {
        const traffic = LINE_PROFILE[type];
        const periodMs = traffic.uploadEverySeconds * 1000;
        for (let at = options.random() * periodMs; at < options.durationMs;) {
            arrivals.push({ atMs: at, machine, kind: 'upload' });
            at += periodMs * (1 + options.jitter * (2 * options.random() - 1));
        }
        const poisson = (kind: TrafficKind, perHour: number) => {
            for (const atMs of poissonTimes(perHour / 3_600_000, options.durationMs, options.random)) {
                arrivals.push({ atMs, machine, kind });
            }
        };
        poisson('order', traffic.ordersPerHour);
        poisson('query', traffic.queriesPerHour);
        poisson('registry-read', traffic.registryReadsPerHour);
    });
    return arrivals.sort((a, b) => a.atMs - b.atMs);
}

/** Times in [0, durationMs) of a Poisson process with `ratePerMs` events per millisecond. */
function poissonTimes(ratePerMs: number, durationMs: number, random: () => number): number[] {
    const times: number[] = [];
    if (ratePerMs <= 0) {
        return times;
    }
    for (let at = exponential(ratePerMs, random); at < durationMs; at += exponential(ratePerMs, random)) {
        times.push(at);
    }
    return times;
}

function exponential(rate: number, random: () => number): number {
    return -Math.log(1 - random()) / rate;
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same schedule, so two runs
 * offer the same traffic.
 */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * The schedule with at least `minimum` queries: when the profile offers fewer in the window (few
 * machines, a short round), evenly spaced extra queries from the machines in `askers` (in turn)
 * make up the rest, so the round's query-flow p95 rests on enough samples. Answers the schedule,
 * sorted, and how many were added.
 */
export function withQuerySamples(
    arrivals: readonly Arrival[],
    minimum: number,
    askers: readonly number[],
    durationMs: number,
): { arrivals: Arrival[]; added: number } {
    const offered = arrivals.filter((arrival) => arrival.kind === 'query').length;
    const missing = askers.length === 0 ? 0 : Math.max(0, minimum - offered);
    const extra = Array.from({ length: missing }, (_, index): Arrival => ({
        atMs: ((index + 0.5) * durationMs) / missing,
        machine: askers[index % askers.length] ?? 0,
        kind: 'query',
    }));
    return { arrivals: [...arrivals, ...extra].sort((a, b) => a.atMs - b.atMs), added: missing };
}
