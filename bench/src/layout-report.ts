import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayoutKind, WanState } from '@spindle/network';

import type { MachineInfo } from './machine-info';
import { withSection } from './report-section';
import type { WorkloadResult } from './workloads/workload';

/** The heading of the layouts section of bench/REPORT.md. */
export const LAYOUT_HEADING = 'Loopback and netns layouts: the 9-step flow and send across a WAN';

/** One `--layout` run. */
export interface LayoutRun {
    layout: LayoutKind;
    /** The WAN the netns layout had (delay applied, or why not). */
    wan?: WanState;
    machine: MachineInfo;
    /** The 1-minute load average before and after: the machine is shared. */
    loadAverage: { before: number; after: number };
    workloads: WorkloadResult[];
}

const ROWS = [
    ['B-single', 'Probe:put, one at a time'],
    ['send-single', 'send MillA → MillB, one at a time'],
    ['send', 'send MillA → MillB, 32 in flight'],
    ['query-flow', '9-step query MillA → MillB'],
] as const;

/** The section: one row per workload, p50 / p95 and tx/s of each layout side by side. */
export function toLayoutSection(runs: readonly LayoutRun[]): string {
    const header = runs.map((run) => `${label(run)} p50 / p95 ms`);
    const rate = runs.map((run) => `${label(run)} tx/s`);
    const lines = [
        `## ${LAYOUT_HEADING}`,
        '',
        '`npm run bench -- --layout` on the network that is up, once per layout (see README, "Each mill on its own host").',
        'Latency is submit → commit status, or the answer for the 9-step flow; nearest rank over the valid transactions.',
        '',
        `| workload | ${header.join(' | ')} | ${rate.join(' | ')} |`,
        `| --- | ${runs.map(() => '---:').join(' | ')} | ${runs.map(() => '---:').join(' | ')} |`,
    ];
    for (const [id, title] of ROWS) {
        const results = runs.map((run) => run.workloads.find((result) => result.id === id));
        const latency = results.map((result) =>
            result === undefined
                ? '-'
                : `${Math.round(result.load.latency.p50)} / ${Math.round(result.load.latency.p95)}`,
        );
        const throughput = results.map((result) =>
            result === undefined ? '-' : result.load.throughputPerSecond.toFixed(1),
        );
        lines.push(`| ${title} | ${latency.join(' | ')} | ${throughput.join(' | ')} |`);
    }
    lines.push('');
    for (const run of runs) {
        const failures = run.workloads.flatMap((result) =>
            Object.entries(result.load.failures).map(([code, count]) => `${result.id} ${code} ×${count}`),
        );
        lines.push(
            `- ${label(run)}: ${run.machine.date}, ${run.machine.nproc} CPUs, load average ${run.loadAverage.before.toFixed(1)} before and ` +
                `${run.loadAverage.after.toFixed(1)} after (a shared machine)${wanNote(run)}; failures: ${failures.length > 0 ? failures.join(', ') : 'none'}.`,
        );
    }
    return `${lines.join('\n')}\n`;
}

/**
 * Keeps this run as `layout-<layout>.json`, writes the section of every layout measured so far
 * to `layout-latest.md` and answers its path; with `publishDir`, also into its REPORT.md.
 */
export function writeLayoutReport(dir: string, run: LayoutRun, publishDir?: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `layout-${run.layout}.json`), `${JSON.stringify(run, null, 2)}\n`);
    const runs = (['loopback', 'netns'] as const)
        .map((layout) => join(dir, `layout-${layout}.json`))
        .filter((file) => existsSync(file))
        .map((file) => JSON.parse(readFileSync(file, 'utf8')) as LayoutRun);
    const section = toLayoutSection(runs);
    const markdown = join(dir, 'layout-latest.md');
    writeFileSync(markdown, section);
    if (publishDir !== undefined) {
        const report = join(publishDir, 'REPORT.md');
        const old = existsSync(report) ? readFileSync(report, 'utf8') : '# Spindle benchmark\n';
        writeFileSync(report, withSection(old, LAYOUT_HEADING, section));
        return report;
    }
    return markdown;
}

function label(run: LayoutRun): string {
    if (run.layout === 'loopback') {
        return 'loopback';
    }
    const wan = run.wan?.applied === true ? run.wan.wan : undefined;
    return wan === undefined ? 'netns, no delay' : `netns + ${wan.delayMs} ms`;
}

function wanNote(run: LayoutRun): string {
    if (run.layout !== 'netns') {
        return '';
    }
    const wan = run.wan;
    if (wan?.applied === true && wan.wan !== undefined) {
        const how = wan.mechanism === 'nfqueue' ? 'network/wan-delay (NFQUEUE; this kernel has no netem)' : 'tc netem';
        return `; ${how}: ${wan.wan.delayMs} ms ± ${wan.wan.jitterMs} ms, ${wan.wan.lossPercent} % loss each way between mills`;
    }
    return `; no WAN delay: ${wan?.reason ?? 'not recorded'}`;
}
