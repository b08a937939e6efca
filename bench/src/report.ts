import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { toSvg } from './chart';
import { limitNoteFor } from './limit-notes';
import type { MachineInfo } from './machine-info';
import { sectionOf, withSection } from './report-section';
import { SCALE_HEADING } from './scale-report';
import type { TargetVerdict } from './targets';
import type { WorkloadResult } from './workloads/workload';

/** Everything one `npm run bench` measured. */
export interface BenchReport {
    machine: MachineInfo;
    workloads: WorkloadResult[];
    targets: TargetVerdict[];
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The Markdown report: one row per workload with ratios to B, the targets, the machine. */
export function toMarkdown(report: BenchReport, chartFile = 'latest.svg'): string {
    const b = report.workloads.find((result) => result.id === 'B');
    const lines = [
        '# Spindle benchmark',
        '',
        `${report.machine.date} · ${report.machine.nproc} CPUs (${report.machine.cpuModel}), ${report.machine.memoryGiB} GiB · ` +
            `Node ${report.machine.node} · Fabric ${report.machine.fabric} · ${report.machine.mills} mills, one Raft orderer and one LevelDB peer each · ` +
            `BatchTimeout ${report.machine.batchTimeout}, MaxMessageCount ${report.machine.maxMessageCount} · ${report.machine.client}`,
        '',
        'Latency is submit → commit status (writes) or the answer (reads), from per-transaction records, nearest rank; throughput counts valid transactions over the workload. Ratios are to B in this run.',
        '',
        `![Throughput as a multiple of B, and trace latency by depth](${chartFile})`,
        '',
        '| workload | in flight | done | valid | tx/s | × B tx/s | p50 ms | p95 ms | p99 ms | p50 × B | failures |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ];
    for (const result of report.workloads) {
        const { load } = result;
        const failures = Object.entries(load.failures)
            .map(([outcome, count]) => `${outcome} ${count}`)
            .join(', ');
        lines.push(
            `| ${result.id}: ${result.title} | ${result.concurrency} | ${load.completed} | ${load.valid} | ` +
                `${fixed(load.throughputPerSecond, 1)} | ${b ? fixed(load.throughputPerSecond / b.load.throughputPerSecond, 2) : '-'} | ` +
                `${fixed(load.latency.p50, 0)} | ${fixed(load.latency.p95, 0)} | ${fixed(load.latency.p99, 0)} | ` +
                `${b ? fixed(load.latency.p50 / b.load.latency.p50, 2) : '-'} | ${failures || '-'} |`,
        );
    }
    const wide = report.workloads.find((result) => result.id === 'B-wide');
    if (b && wide) {
        const bound = b.concurrency / (b.load.latency.p50 / 1000);
        lines.push(
            '',
            `B with ${b.concurrency} in flight can do at most ${fixed(bound, 0)} tx/s by Little's law (in flight / p50 latency, ` +
                `which BatchTimeout ${report.machine.batchTimeout} dominates); with ${wide.concurrency} in flight it did ` +
                `${fixed(wide.load.throughputPerSecond, 1)} tx/s at p50 ${fixed(wide.load.latency.p50, 0)} ms, the saturated figure of this machine.`,
        );
    }
    lines.push('', '## Targets of issue 5', '', '| target | measured | status |', '| --- | --- | --- |');
    for (const verdict of report.targets) {
        lines.push(`| ${verdict.target} | ${verdict.measured} | ${verdict.status} |`);
    }
    const missed = report.targets.filter((verdict) => verdict.status === 'missed');
    if (missed.length > 0) {
        lines.push('', '### What limits the missed targets', '');
        for (const verdict of missed) {
            lines.push(
                `- **${verdict.target}** (${verdict.measured}): ${limitNoteFor(verdict.target) ?? 'no note written.'}`,
            );
        }
    }
    lines.push('', '## CPU seconds per process, per workload', '');
    const names = [...new Set(report.workloads.flatMap((result) => Object.keys(result.cpuSeconds ?? {})))].sort();
    lines.push(
        `How busy the machine was: all processes' CPU seconds over the workload's wall time and ${report.machine.nproc} CPUs; the busiest process names the bottleneck.`,
        '',
        `| workload | busy % | CPU ms / valid tx | busiest | ${names.join(' | ')} |`,
        `| --- | ---: | ---: | --- | ${names.map(() => '---:').join(' | ')} |`,
    );
    for (const result of report.workloads) {
        const cpu = Object.entries(result.cpuSeconds ?? {});
        const total = cpu.reduce((sum, [, seconds]) => sum + seconds, 0);
        const busiest = cpu.reduce<[string, number]>((top, entry) => (entry[1] > top[1] ? entry : top), ['-', 0]);
        const busy = (100 * total) / (result.load.elapsedMs / 1000) / report.machine.nproc;
        lines.push(
            `| ${result.id} | ${fixed(busy, 0)} | ${fixed((1000 * total) / result.load.valid, 1)} | ${busiest[0]} | ${names.map((name) => fixed(result.cpuSeconds?.[name] ?? 0, 2)).join(' | ')} |`,
        );
    }
    const profiled = report.workloads.filter((result) => result.peerProfile !== undefined);
    if (profiled.length > 0) {
        lines.push(
            '',
            "## Where the first mill's peer spent its CPU",
            '',
            'Share of the samples of a CPU profile taken during the workload (network up with SPINDLE_PEER_PPROF=1), by the Fabric function each stage runs under; stages overlap (signature checks run inside validation and endorsement). The raw profiles and `go tool pprof -top -cum` of each are in bench/results.',
        );
        for (const result of profiled) {
            lines.push('', `### ${result.id}`, '', '```', result.peerProfile ?? '', '```');
        }
    }
    const extras = report.workloads.filter((result) => result.extra !== undefined);
    if (extras.length > 0) {
        lines.push('', '## Notes per workload', '');
        for (const result of extras) {
            const details = Object.entries(result.extra ?? {})
                .map(([key, value]) => `${key}: ${String(value)}`)
                .join('; ');
            lines.push(
                `- ${result.id}: ${details}${result.load.firstError ? `; first error: ${result.load.firstError}` : ''}`,
            );
        }
    }
    return `${lines.join('\n')}\n`;
}

/**
 * Writes `latest.json`, `latest.md` and `latest.svg` into the results folder and answers the
 * Markdown file's path. With `publishDir`, also the Markdown and the chart as `REPORT.md` and
 * `report.svg` there: the copy the README links, committed when the figures are refreshed; the
 * scale section that REPORT.md had is kept.
 */
export function writeReport(dir: string, report: BenchReport, publishDir?: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const svg = toSvg(report);
    writeFileSync(join(dir, 'latest.svg'), svg);
    const markdown = join(dir, 'latest.md');
    writeFileSync(markdown, toMarkdown(report));
    if (publishDir !== undefined) {
        writeFileSync(join(publishDir, 'report.svg'), svg);
        const published = join(publishDir, 'REPORT.md');
        // The scale section comes from `--scale`, a run of its own: kept as it was.
        const scale = existsSync(published) ? sectionOf(readFileSync(published, 'utf8'), SCALE_HEADING) : undefined;
        const fresh = toMarkdown(report, 'report.svg');
        writeFileSync(published, scale === undefined ? fresh : withSection(fresh, SCALE_HEADING, scale));
    }
    return markdown;
}
