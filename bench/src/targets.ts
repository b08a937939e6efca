import type { WorkloadResult } from './workloads/workload';

/** One target of issue 5, judged on this run's figures. */
export interface TargetVerdict {
    target: string;
    measured: string;
    status: 'met' | 'missed' | 'not measured';
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Judges the targets of issue 5 as ratios within this run. */
export function judgeTargets(results: readonly WorkloadResult[]): TargetVerdict[] {
    const byId = new Map(results.map((result) => [result.id, result]));
    const tput = (id: string) => byId.get(id)?.load.throughputPerSecond;
    const b = tput('B');
    const verdicts: TargetVerdict[] = [];
    const ratioTarget = (target: string, id: string, against: number | undefined, minimum: number) => {
        const value = tput(id);
        if (value === undefined || against === undefined || against === 0) {
            verdicts.push({ target, measured: '-', status: 'not measured' });
            return;
        }
        const ratio = value / against;
        verdicts.push({
            target,
            measured: `${round(ratio)}× (${round(value, 1)} vs ${round(against, 1)} tx/s)`,
            status: ratio >= minimum ? 'met' : 'missed',
        });
    };
    verdicts.push({ target: 'register ≥ 0.85 × B', measured: '-', status: 'not measured' });
    ratioTarget('send (own write) ≥ 0.85 × B', 'send', b, 0.85);
    verdicts.push({ target: 'material transform ≥ 0.85 × B', measured: '-', status: 'not measured' });
    ratioTarget('private write ≥ 0.65 × public write of the same size (B)', 'private-put', b, 0.65);
    for (const id of ['read-probe', 'read-keys', 'read-machine']) {
        ratioTarget(`${id} ≥ 4 × B`, id, b, 4);
    }
    const flow = byId.get('query-flow')?.load.latency.p50;
    const single = byId.get('B-single')?.load.latency.p50;
    if (flow === undefined || single === undefined || Number.isNaN(flow)) {
        verdicts.push({ target: '9-step flow p50 ≤ 2.0 × single-submit p50', measured: '-', status: 'not measured' });
    } else {
        verdicts.push({
            target: '9-step flow p50 ≤ 2.0 × single-submit p50',
            measured: `${round(flow / single)}× (${round(flow, 0)} vs ${round(single, 0)} ms)`,
            status: flow / single <= 2 ? 'met' : 'missed',
        });
    }
    const contention = byId.get('send-16to1');
    if (contention === undefined) {
        verdicts.push({ target: 'zero MVCC conflicts, 16 senders → 1', measured: '-', status: 'not measured' });
    } else {
        const conflicts = Number(contention.extra?.mvccConflicts ?? 0);
        verdicts.push({
            target: 'zero MVCC conflicts, 16 senders → 1',
            measured: `${conflicts} of ${contention.load.completed}`,
            status: conflicts === 0 ? 'met' : 'missed',
        });
    }
    const trace1 = byId.get('trace-1')?.load.latency.p50;
    const trace64 = byId.get('trace-64')?.load.latency.p50;
    if (trace1 === undefined || trace64 === undefined) {
        verdicts.push({ target: 'trace t(64) / t(1) ≤ 8', measured: '-', status: 'not measured' });
    } else {
        verdicts.push({
            target: 'trace t(64) / t(1) ≤ 8',
            measured: `${round(trace64 / trace1)}×`,
            status: trace64 / trace1 <= 8 ? 'met' : 'missed',
        });
    }
    if (b === undefined) {
        verdicts.push({ target: 'B ≥ 300 tx/s', measured: '-', status: 'not measured' });
    } else {
        verdicts.push({ target: 'B ≥ 300 tx/s', measured: `${round(b, 1)} tx/s`, status: b >= 300 ? 'met' : 'missed' });
    }
    return verdicts;
}
