import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MachineInfo } from './machine-info';
import { DEFINITION_FRAME } from './profile-summary';
import { withSection } from './report-section';
import { type ScaleStep, peerCpuTable, scaleTable } from './scale-table';

/** The heading of the scale section in bench/REPORT.md. */
export const SCALE_HEADING = 'Scale: 20 to 600 machines';

/** Everything one `npm run bench -- --scale` measured. */
export interface ScaleRun {
    machine: MachineInfo;
    /** Seconds each saturated workload ran, and its submits in flight. */
    seconds: number;
    concurrency: number;
    /** Times each size timed adding one machine. */
    addMachineSamples: number;
    steps: ScaleStep[];
    /** Machines the run added between sizes, and the wall time that took. */
    growth: { machines: number; ms: number };
    /** Wall time of the whole run. */
    durationMs: number;
}

const PROFILED = ['B', 'private-put', 'send'];

/** The scale section: what was run, the table, the peer profiles in short, the failures. */
export function toScaleSection(run: ScaleRun): string {
    const { machine } = run;
    const sizes = run.steps.map((step) => step.size).join(', ');
    const lines = [
        `## ${SCALE_HEADING}`,
        '',
        `${machine.date} · ${machine.nproc} CPUs (${machine.cpuModel}) · Node ${machine.node} · Fabric ${machine.fabric} · ` +
            `${machine.mills} mills · BatchTimeout ${machine.batchTimeout}`,
        '',
        `\`npm run bench -- --scale\`: one network, grown by the bench between sizes (${sizes} machines) by enrolling, registering ` +
            `and approving new machines spread over the mills, with no chaincode upgrade. At each size: B, private put and send ` +
            `at ${run.concurrency} in flight for ${run.seconds} s; the 9-step query flow one at a time (p50); adding one machine ` +
            `(enroll at its mill's fabric-ca, register as itself, approve as its mill's admin, one after another) ` +
            `${run.addMachineSamples} times (median). The ratio is performance at the largest size against the smallest: ` +
            `tx/s largest / smallest, latency smallest / largest; issue 12's target is at least 0.9×.`,
        '',
        ...scaleTable(run.steps),
        '',
        `The run took ${minutes(run.durationMs)}, of which ${minutes(run.growth.ms)} growing the network by ${run.growth.machines} ` +
            `machines (besides the ${run.addMachineSamples} that each size adds one at a time).`,
        '',
        "What the three peers spent (utime + stime from /proc) per valid transaction, and in brackets how busy the network's " +
            `and the bench's processes kept the ${machine.nproc} CPUs: near 100 % when the run had the machine to itself, ` +
            'lower when other work took the rest (then every figure of that size is low, and CPU per transaction rises with smaller blocks):',
        '',
        ...peerCpuTable(run.steps, machine.nproc),
        ...addMachineParts(run.steps),
        ...profileLines(run.steps),
        ...failureLines(run.steps),
    ];
    return `${lines.join('\n')}\n`;
}

/**
 * Writes `scale-latest.json` and `scale-latest.md` into the results folder and answers the
 * Markdown file's path; with `publishDir`, also puts the section into its REPORT.md, replacing
 * the old scale section and keeping the rest.
 */
export function writeScaleReport(dir: string, run: ScaleRun, publishDir?: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'scale-latest.json'), `${JSON.stringify(run, null, 2)}\n`);
    const section = toScaleSection(run);
    const markdown = join(dir, 'scale-latest.md');
    writeFileSync(markdown, section);
    if (publishDir !== undefined) {
        const report = join(publishDir, 'REPORT.md');
        const old = existsSync(report) ? readFileSync(report, 'utf8') : '# Spindle benchmark\n';
        writeFileSync(report, withSection(old, SCALE_HEADING, section));
        return report;
    }
    return markdown;
}

function minutes(ms: number): string {
    return `${(ms / 60_000).toFixed(1)} min`;
}

function addMachineParts(steps: readonly ScaleStep[]): string[] {
    const parts = steps.flatMap((step) => {
        const extra = step.results.find((result) => result.id === 'add-machine')?.extra;
        return extra === undefined
            ? []
            : [`${step.size}: ${String(extra.enrollMs)} / ${String(extra.registerMs)} / ${String(extra.approveMs)}`];
    });
    return parts.length === 0
        ? []
        : ['', `Adding one machine, median ms of enroll / register / approve at each size: ${parts.join('; ')}.`];
}

function profileLines(steps: readonly ScaleStep[]): string[] {
    const profiled = steps.filter((step) => step.profiles !== undefined);
    if (profiled.length === 0) {
        return [];
    }
    const mills = Object.values(profiled[0]?.profiles ?? {})[0]?.map((peer) => peer.mill) ?? [];
    const lines = [
        '',
        '### Peer profiles',
        '',
        `Every peer's CPU profile during B, private put and send at the smallest and largest size (network up with ` +
            `SPINDLE_PEER_PPROF=1; raw profiles in bench/results/scale). Share of the samples under \`${DEFINITION_FRAME}\`, ` +
            'which decodes the whole chaincode definition, collections included:',
        '',
        `| workload | machines | ${mills.join(' | ')} |`,
        `| --- | ---: | ${mills.map(() => '---:').join(' | ')} |`,
    ];
    const tops: string[] = [];
    for (const id of PROFILED) {
        for (const step of profiled) {
            const peers = step.profiles?.[id] ?? [];
            const shares = peers.map((peer) =>
                peer.summary === undefined ? 'no profile' : `${peer.summary.definitionPercent.toFixed(1)} %`,
            );
            lines.push(`| ${id} | ${step.machines} | ${shares.join(' | ')} |`);
            const first = peers[0];
            tops.push(`${id} at ${step.machines} machines, ${first?.mill ?? '-'}:`);
            tops.push(
                ...(first?.summary?.top.map((row) => `  ${row.percent.toFixed(1).padStart(5)} %  ${row.name}`) ?? [
                    `  ${first?.failure ?? 'no profile'}`,
                ]),
            );
        }
    }
    return [
        ...lines,
        '',
        'Top 5 frames by cumulative time (`go tool pprof -top -cum`) of the first peer:',
        '',
        '```',
        ...tops,
        '```',
    ];
}

function failureLines(steps: readonly ScaleStep[]): string[] {
    const failed = steps.flatMap((step) =>
        step.results
            .filter((result) => result.load.completed > result.load.valid)
            .map(
                (result) =>
                    `- ${result.id} at ${step.size}: ${Object.entries(result.load.failures)
                        .map(([outcome, count]) => `${outcome} ${count}`)
                        .join(', ')}${result.load.firstError ? `; first error: ${result.load.firstError}` : ''}`,
            ),
    );
    return failed.length === 0 ? [] : ['', '### Failures', '', ...failed];
}
