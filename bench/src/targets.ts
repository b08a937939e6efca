import type { WorkloadResult } from './workloads/workload';

/** One target of issue 5, judged on this run's figures. */
export interface TargetVerdict {
    target: string;
    measured: string;
    status: 'met' | 'missed' | 'not measured';
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Judges the targets of issue 5 (and issue 15's send target) as ratios within this run. */
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
        const short = ratio >= minimum ? '' : `, ${((1 - ratio / minimum) * 100).toFixed(1)} % short`;
        verdicts.push({
            target,
            measured: `${round(ratio)}× (${round(value, 1)} vs ${round(against, 1)} tx/s)${short}`,
            status: ratio >= minimum ? 'met' : 'missed',
        });
    };
    ratioTarget(
        'register (own write) ≥ 0.85 × B-short (B over as many transactions)',
        'register',
        tput('B-short'),
        0.85,
    );
    ratioTarget('send (own write) ≥ 0.85 × B', 'send', b, 0.85);
    ratioTarget('send ≥ 0.7 × B (issue 15, cheaper single sends)', 'send', b, 0.7);
    ratioTarget('material createLot (own write) ≥ 0.85 × B', 'create-lot', b, 0.85);
    ratioTarget('material transform (own write) ≥ 0.85 × B', 'transform', b, 0.85);
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
            measured: `${round(flow / single)}× (${round(flow, 0)} vs ${round(single, 0)} ms)${flow / single <= 2 ? '' : `, ${Math.round((flow / single / 2 - 1) * 100)} % over`}`,
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
    verdicts.push(traceVerdict(results));
    if (b === undefined) {
        verdicts.push({ target: 'B ≥ 300 tx/s', measured: '-', status: 'not measured' });
    } else {
        verdicts.push({
            target: 'B ≥ 300 tx/s',
            measured: `${round(b, 1)} tx/s${b >= 300 ? '' : `, ${Math.round((1 - b / 300) * 100)} % short`}`,
            status: b >= 300 ? 'met' : 'missed',
        });
    }
    return verdicts;
}

/**
 * t(deepest) / t(1) ≤ 8 over the traces measured, and no faster than linear growth: t(d) / t(1) ≤ d
 * at every depth, up to LIMITS.traceDepthMax (64).
 */
function traceVerdict(results: readonly WorkloadResult[]): TargetVerdict {
    const traces = results
        .filter((result) => result.kind === 'trace')
        .map((result) => ({ depth: Number(result.id.replace('trace-', '')), p50: result.load.latency.p50 }))
        .sort((a, b) => a.depth - b.depth);
    const first = traces[0];
    const last = traces.at(-1);
    const target = 'trace t(deepest) / t(1) ≤ 8, at most linear in depth';
    if (first === undefined || last === undefined || first.depth !== 1 || traces.length < 2) {
        return { target, measured: '-', status: 'not measured' };
    }
    const series = traces.map((trace) => `t(${trace.depth}) ${round(trace.p50 / first.p50)}×`).join(', ');
    const linear = traces.every((trace) => trace.p50 / first.p50 <= Math.max(1, trace.depth));
    const ratio = last.p50 / first.p50;
    return {
        target,
        measured: `t(${last.depth}) / t(1) = ${round(ratio)}×${ratio <= 8 ? '' : `, ${Math.round((ratio / 8 - 1) * 100)} % over 8×`} (${series})`,
        status: ratio <= 8 && linear ? 'met' : 'missed',
    };
}
