import type { PeerProfileSummary } from './profile-every-peer';
import type { WorkloadResult } from './workloads/workload';

/** What the scale mode measured at one machine count. */
export interface ScaleStep {
    /** The machine count asked for. */
    size: number;
    /** ACTIVE machines on the ledger while it was measured. */
    machines: number;
    results: WorkloadResult[];
    /** Every peer's profile by workload ID, at the sizes that were profiled. */
    profiles?: Record<string, PeerProfileSummary[]>;
}

/** A row of the scale table: a workload and the figure that stands for it. */
export interface ScaleMetric {
    /** The workload's result ID. */
    id: string;
    label: string;
    /** Throughput (higher is better) or median latency (lower is better). */
    figure: 'tx/s' | 'p50 ms';
}

/** The rows of the scale table, in order. */
export const SCALE_METRICS: readonly ScaleMetric[] = [
    { id: 'B', label: 'B: Probe:put (public)', figure: 'tx/s' },
    { id: 'private-put', label: 'private put', figure: 'tx/s' },
    { id: 'send', label: 'send', figure: 'tx/s' },
    { id: 'query-flow', label: '9-step query flow', figure: 'p50 ms' },
    { id: 'add-machine', label: 'add one machine (enroll, register, approve)', figure: 'p50 ms' },
];

/** Issue 12's target: at the largest size, every figure at least this multiple of the smallest size's. */
export const SCALE_TARGET = 0.9;

/** A metric's figure in a result: throughput or p50; NaN when nothing was valid. */
export function figureOf(result: WorkloadResult | undefined, metric: ScaleMetric): number {
    if (result === undefined || result.load.valid === 0) {
        return Number.NaN;
    }
    return metric.figure === 'tx/s' ? result.load.throughputPerSecond : result.load.latency.p50;
}

/**
 * The largest size's figure against the smallest's as performance, so that 1 is "no worse" for
 * both kinds: throughput last / first, latency first / last. NaN when either is missing.
 */
export function scaleRatio(first: number, last: number, figure: ScaleMetric['figure']): number {
    const ratio = figure === 'tx/s' ? last / first : first / last;
    return Number.isFinite(ratio) ? ratio : Number.NaN;
}

/** `met`, `missed`, or `not measured` for a ratio against {@link SCALE_TARGET}. */
export function scaleVerdict(ratio: number): string {
    if (Number.isNaN(ratio)) {
        return 'not measured';
    }
    return ratio >= SCALE_TARGET ? 'met' : 'missed';
}

/**
 * The scale table in Markdown: the ACTIVE machines at each size, then per workload its figure
 * at each size (with failures, if any), the largest size against the smallest and the verdict.
 */
export function scaleTable(steps: readonly ScaleStep[]): string[] {
    const first = steps[0];
    const last = steps[steps.length - 1];
    const sizes = steps.map((step) => String(step.size));
    const lines = [
        `| workload | figure | ${sizes.join(' | ')} | ${last?.size ?? '-'} vs ${first?.size ?? '-'} | target ${SCALE_TARGET}× |`,
        `| --- | --- | ${sizes.map(() => '---:').join(' | ')} | ---: | --- |`,
        `| machines ACTIVE when measured | count | ${steps.map((step) => String(step.machines)).join(' | ')} | | |`,
    ];
    for (const metric of SCALE_METRICS) {
        const results = steps.map((step) => step.results.find((result) => result.id === metric.id));
        const firstFigure = figureOf(results[0], metric);
        const lastFigure = figureOf(results[results.length - 1], metric);
        const ratio = steps.length > 1 ? scaleRatio(firstFigure, lastFigure, metric.figure) : Number.NaN;
        lines.push(
            `| ${metric.label} | ${metric.figure} | ${results.map((result) => cell(result, metric)).join(' | ')} | ` +
                `${Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}×`} | ${scaleVerdict(ratio)} |`,
        );
    }
    return lines;
}

function cell(result: WorkloadResult | undefined, metric: ScaleMetric): string {
    const figure = figureOf(result, metric);
    const text = Number.isNaN(figure) ? '-' : figure.toFixed(metric.figure === 'tx/s' ? 1 : 0);
    const failed = result === undefined ? 0 : result.load.completed - result.load.valid;
    return failed > 0 && result !== undefined ? `${text} (${failed} of ${result.load.completed} failed)` : text;
}

/** The peers' CPU milliseconds per valid transaction of a workload (every `*-peer` process summed); NaN without records. */
export function peerCpuPerTx(result: WorkloadResult | undefined): number {
    if (result?.cpuSeconds === undefined || result.load.valid === 0) {
        return Number.NaN;
    }
    const seconds = Object.entries(result.cpuSeconds)
        .filter(([name]) => name.endsWith('-peer'))
        .reduce((sum, [, spent]) => sum + spent, 0);
    return (1000 * seconds) / result.load.valid;
}

/**
 * Every watched process's CPU (the network's and the bench's) over a workload's wall time and
 * the machine's `cpus`, in percent: near 100 when the run had the machine to itself; NaN without records.
 */
export function busyPercent(result: WorkloadResult | undefined, cpus: number): number {
    if (result?.cpuSeconds === undefined || result.load.elapsedMs === 0) {
        return Number.NaN;
    }
    const seconds = Object.values(result.cpuSeconds).reduce((sum, spent) => sum + spent, 0);
    return (100 * seconds) / (result.load.elapsedMs / 1000) / cpus;
}

/**
 * The peers' CPU per valid transaction of each saturated workload at every size, with how busy
 * the run kept the machine's `cpus`, and the largest size's against the smallest's: what the
 * peers pay per transaction, and whether other work took CPU from the run.
 */
export function peerCpuTable(steps: readonly ScaleStep[], cpus: number): string[] {
    const first = steps[0];
    const last = steps[steps.length - 1];
    const text = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
    const lines = [
        `| peers' CPU ms per valid tx (busy %) | ${steps.map((step) => String(step.size)).join(' | ')} | ${last?.size ?? '-'} / ${first?.size ?? '-'} |`,
        `| --- | ${steps.map(() => '---:').join(' | ')} | ---: |`,
    ];
    for (const metric of SCALE_METRICS.filter((candidate) => candidate.figure === 'tx/s')) {
        const results = steps.map((step) => step.results.find((result) => result.id === metric.id));
        const figures = results.map(peerCpuPerTx);
        const growth = (figures[figures.length - 1] ?? Number.NaN) / (figures[0] ?? Number.NaN);
        const cells = results.map((result, index) => {
            const busy = busyPercent(result, cpus);
            return `${text(figures[index] ?? Number.NaN, 1)}${Number.isFinite(busy) ? ` (${busy.toFixed(0)} %)` : ''}`;
        });
        lines.push(`| ${metric.label} | ${cells.join(' | ')} | ${steps.length > 1 ? `${text(growth, 2)}×` : '-'} |`);
    }
    return lines;
}
