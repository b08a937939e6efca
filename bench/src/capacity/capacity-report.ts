import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BatchComparison, BatchFigures } from '../batch-run';
import { OWN_RECEIVER } from '../bench-settings';
import type { MachineInfo } from '../machine-info';
import { withSection } from '../report-section';
import type { Bracket, SearchPlan } from './capacity-search';
import { LINE_MACHINES, LINE_TYPES, type LineType, type MachineTraffic } from './line-profile';
import {
    BENCH_PROCESS,
    CAPACITY_LIMITS,
    MIN_QUERY_SAMPLES,
    type CapacityRound,
    cpuPerMachineSecond,
    networkCpuSeconds,
} from './round-verdict';

/** The heading of the capacity section in bench/REPORT.md. */
export const CAPACITY_HEADING = 'Capacity';

/** The first 9-step query of a run, and the next few one at a time. */
export interface FirstQuery {
    requester: string;
    responder: string;
    firstMs: number;
    nextMs: number[];
    /** How long before the query the network's first peer had started. */
    networkAgeSeconds?: number;
}

/** Everything one `npm run bench -- --capacity` measured. */
export interface CapacityRun {
    machine: MachineInfo;
    sender: string;
    seconds: number;
    jitter: number;
    seed: number;
    plan: SearchPlan;
    budgetMinutes: number;
    profile: Readonly<Record<LineType, MachineTraffic>>;
    responders: string[];
    /** Whom one responder agent served: its machine, or its mill's responders (an edge box). */
    agents?: 'machine' | 'mill';
    firstQuery?: FirstQuery;
    /** Single against batched sends, measured after the rounds in the same run, the agents stopped. */
    batching?: BatchComparison;
    rounds: CapacityRound[];
    bracket: Bracket;
    /** Why the search ended before it was done, if it did. */
    stoppedBy?: string;
    growth: { machines: number; ms: number };
    loadAverage: { start: number[]; end: number[] };
    durationMs: number;
}

/** What limited the network: the round that says it and the words for it. */
export interface Bottleneck {
    /** The first failing round, or the largest round when none failed. */
    machines: number;
    /** The busiest network process and its share of one core. */
    busiest: string;
    busiestPercentOfCore: number;
    /** All watched processes (the bench's too) over the round's wall time and the CPUs. */
    busyPercent: number;
    text: string;
}

/**
 * The bottleneck: in the first round that broke a limit (or the largest, if none did), how busy
 * the CPUs were and which process was busiest. Over 85 % busy means CPU-bound; below, the limit
 * broke first on latency the CPUs did not cause (waiting for blocks, endorsement round trips).
 */
export function bottleneckOf(rounds: readonly CapacityRound[], nproc: number): Bottleneck | undefined {
    const failed = [...rounds].sort((a, b) => a.machines - b.machines).find((round) => !round.verdict.passed);
    const round = failed ?? [...rounds].sort((a, b) => b.machines - a.machines)[0];
    if (round === undefined) {
        return undefined;
    }
    const wallSeconds = round.wallMs / 1000;
    const network = Object.entries(round.cpuSeconds).filter(([name]) => name !== BENCH_PROCESS);
    const [busiest, busiestSeconds] = network.reduce<[string, number]>(
        (best, entry) => (entry[1] > best[1] ? entry : best),
        ['none', 0],
    );
    const total = Object.values(round.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0);
    const busyPercent = Math.round((total / (wallSeconds * nproc)) * 100);
    const busiestPercentOfCore = Math.round((busiestSeconds / wallSeconds) * 100);
    const limit = failed === undefined ? 'no limit broke' : `it broke ${failed.verdict.broken.join(' and ')}`;
    const load = `load average ${round.loadAverage.before[0] ?? '?'} → ${round.loadAverage.after[0] ?? '?'}`;
    const text =
        busyPercent >= 85
            ? `CPU: at ${round.machines} machines ${limit} with the watched processes keeping the ${nproc} CPUs ${busyPercent} % busy ` +
              `(${load}); the busiest, ${busiest}, took ${busiestPercentOfCore} % of one core.`
            : `at ${round.machines} machines ${limit} with the watched processes keeping the ${nproc} CPUs only ${busyPercent} % busy ` +
              `(${load}: other work on the shared machine takes the rest); the busiest, ${busiest}, took ${busiestPercentOfCore} % of one core.`;
    return { machines: round.machines, busiest, busiestPercentOfCore, busyPercent, text };
}

/** The capacity section: the figure, the bottleneck, the first query after up, the profile and every round. */
export function toCapacitySection(run: CapacityRun): string {
    const { machine, bracket } = run;
    const best = run.rounds.find((round) => round.machines === bracket.passed && round.verdict.passed);
    const bottleneck = bottleneckOf(run.rounds, machine.nproc);
    const figure =
        best === undefined
            ? `**No machine count passed**: the smallest tried, ${bracket.failed ?? '-'}, broke a limit.`
            : `**${bracket.passed} machines served**: the largest count whose round kept send p95 under ` +
              `${CAPACITY_LIMITS.sendP95Ms / 1000} s and 9-step query-flow p95 under ${CAPACITY_LIMITS.queryP95Ms / 1000} s ` +
              (bracket.failed === undefined
                  ? `(no count tried failed: the capacity is at least this${run.stoppedBy ? `; stopped by ${run.stoppedBy}` : ''}).`
                  : `(${bracket.failed} machines did not).`) +
              ` At ${bracket.passed} machines the network's processes spent ` +
              `**${(cpuPerMachineSecond(best) * 1000).toFixed(1)} ms of CPU per machine-second** ` +
              `(${networkCpuSeconds(best.cpuSeconds).toFixed(1)} CPU s over ${best.machines} machines × ${best.seconds} s of traffic).`;
    const lines = [
        `## ${CAPACITY_HEADING}`,
        '',
        `${machine.date} · ${machine.nproc} CPUs (${machine.cpuModel}) · Node ${machine.node} · Fabric ${machine.fabric} · ` +
            `${machine.mills} mills · BatchTimeout ${machine.batchTimeout} · load average ${run.loadAverage.start.join(' ')} at the start, ` +
            `${run.loadAverage.end.join(' ')} at the end`,
        '',
        `\`npm run bench -- --capacity\`: the line profile below (\`bench/src/capacity/line-profile.ts\`, its sources in the README), ` +
            `driven open loop for ${run.seconds} s per round by machines the bench enrolled, registered and approved (each its own ` +
            `identity, encryption key and place in its mill's private area, each mill its own line), at counts chosen by stepping ` +
            `up (${run.plan.steps.join(', ')}) and then bisecting. Latency runs from each arrival's scheduled time to its commit ` +
            `(sends) or answer (queries). Deliveries: ${run.sender}. Queries go to the manifest's ${run.responders.length} machines, ` +
            `answered by ${run.agents === 'machine' ? 'one agent per machine' : 'one agent per mill (an edge box handling its events one at a time)'} in the bench's process; the fleet's inboxes are not moved into chains (no agents), as in the soak. ` +
            `A round has at least ${MIN_QUERY_SAMPLES} queries: when the profile offers fewer, evenly spaced extra ones (marked "added") make up the rest.`,
        '',
        figure,
        '',
        ...(bottleneck === undefined ? [] : [`Bottleneck: ${bottleneck.text}`, '']),
        ...firstQueryLines(run.firstQuery),
        ...batchingLines(run.batching),
        ...profileTable(run.profile),
        '',
        ...roundsTable(run.rounds, machine.nproc),
        '',
        `The run took ${minutes(run.durationMs)}, of which ${minutes(run.growth.ms)} growing the network by ${run.growth.machines} machines` +
            `${run.stoppedBy === undefined ? '' : `; it stopped at ${run.stoppedBy}`}.`,
        ...failureLines(run.rounds),
    ];
    return `${lines.join('\n')}\n`;
}

function firstQueryLines(first: FirstQuery | undefined): string[] {
    if (first === undefined) {
        return [];
    }
    const sorted = [...first.nextMs].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    const age =
        first.networkAgeSeconds === undefined
            ? ''
            : `, ${first.networkAgeSeconds} s after the network's first peer started`;
    return [
        `First 9-step query after \`up\` (${first.requester} → ${first.responder}${age}, the manifest's machines made ACTIVE first): ` +
            `**${first.firstMs} ms**; the next ${first.nextMs.length}, one at a time: ${first.nextMs.join(', ')} ms` +
            `${median === undefined ? '' : ` (median ${median} ms)`}.`,
        '',
    ];
}

/** Single against batched sends: messages per second, latency and CPU per message, the ratios against issue 15's targets. */
export function batchingLines(batching: BatchComparison | undefined): string[] {
    if (batching === undefined) {
        return [];
    }
    const row = (name: string, figures: BatchFigures) =>
        `| ${name} | ${figures.packetsPerTransaction} | ${figures.valid}/${figures.completed} | ${figures.messagesPerSecond.toFixed(1)} | ` +
        `${Math.round(figures.p50Ms)} / ${Math.round(figures.p95Ms)} | ${figures.networkCpuMsPerMessage.toFixed(1)} | ${figures.clientCpuMsPerMessage.toFixed(1)} |`;
    return [
        `Messages per second, single against batched sends (same run, after the rounds; every manifest machine but ${OWN_RECEIVER} sends to it): ` +
            `batched **${batching.ratio.toFixed(1)} ×** the single-send rate (target 10 ×: ${batching.ratio >= 10 ? 'met' : 'missed'}), ` +
            `network CPU per message ${batching.cpuRatio.toFixed(1)} × less.`,
        '',
        '| sends | packets per transaction | transactions valid | messages / s | p50 / p95 ms | network CPU ms per message | bench CPU ms per message |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        row('single (Communication:send)', batching.single),
        row('batched (Communication:sendBatch)', batching.batched),
        '',
    ];
}

/** The profile as a table: per type, the rates and the mean events a second one machine makes. */
export function profileTable(profile: Readonly<Record<LineType, MachineTraffic>>): string[] {
    const rows = LINE_TYPES.map((type) => {
        const traffic = profile[type];
        const perSecond =
            1 / traffic.uploadEverySeconds +
            (traffic.ordersPerHour + traffic.queriesPerHour + traffic.registryReadsPerHour) / 3600;
        return (
            `| ${type} | ${traffic.perLine} | ${traffic.uploadEverySeconds} | ${traffic.uploadBytes} | ${traffic.ordersPerHour} | ` +
            `${traffic.queriesPerHour} | ${traffic.registryReadsPerHour} | ${perSecond.toFixed(3)} |`
        );
    });
    return [
        `Line profile (per machine; a line of ${LINE_MACHINES} machines):`,
        '',
        '| type | per line | upload every s | upload bytes | orders / h | 9-step queries / h | registry reads / h | events / s |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
    ];
}

/** Every round: offered load, send and query latency, the driver's lateness, CPU and the verdict. */
export function roundsTable(rounds: readonly CapacityRound[], nproc: number): string[] {
    const rows = [...rounds]
        .sort((a, b) => a.machines - b.machines)
        .map((round) => {
            const query = round.kinds.query;
            const wallSeconds = round.wallMs / 1000;
            const total = Object.values(round.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0);
            const sendsOffered = round.offeredPerSecond.upload + round.offeredPerSecond.order;
            return (
                `| ${round.machines} | ${sendsOffered.toFixed(1)} | ${round.send.valid}/${round.send.completed} | ` +
                `${round.send.p50Ms} / ${round.send.p95Ms} | ${query.valid}/${query.completed}${round.addedQueries > 0 ? ` (${round.addedQueries} added)` : ''} | ` +
                `${query.completed === 0 ? '-' : `${query.p50Ms} / ${query.p95Ms}`} | ${round.kinds['registry-read'].p95Ms || '-'} | ` +
                `${round.lateP95Ms} | ${(cpuPerMachineSecond(round) * 1000).toFixed(1)} | ` +
                `${Math.round((total / (wallSeconds * nproc)) * 100)} % | ${round.loadAverage.before[0] ?? '?'} | ` +
                `${round.verdict.passed ? 'served' : `not served: ${round.verdict.broken.join('; ')}`} |`
            );
        });
    return [
        '| machines | sends / s offered | sends valid | send p50 / p95 ms | queries valid | query p50 / p95 ms | registry read p95 ms | driver late p95 ms | CPU ms per machine-s | busy | load avg | verdict |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        ...rows,
    ];
}

function failureLines(rounds: readonly CapacityRound[]): string[] {
    const lines = rounds.flatMap((round) =>
        Object.entries(round.kinds)
            .filter(([, figures]) => figures.completed > figures.valid)
            .map(
                ([kind, figures]) =>
                    `- ${kind} at ${round.machines}: ${Object.entries(figures.failures)
                        .map(([outcome, count]) => `${outcome} ${count}`)
                        .join(', ')}`,
            ),
    );
    return lines.length === 0 ? [] : ['', '### Capacity failures', '', ...lines];
}

/**
 * Writes `capacity-latest.json` and `capacity-latest.md` into the results folder and answers the
 * Markdown file's path; with `publishDir`, also puts the section into its REPORT.md, replacing
 * the old capacity section and keeping the rest.
 */
export function writeCapacityReport(dir: string, run: CapacityRun, publishDir?: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'capacity-latest.json'), `${JSON.stringify(run, null, 2)}\n`);
    const section = toCapacitySection(run);
    const markdown = join(dir, 'capacity-latest.md');
    writeFileSync(markdown, section);
    if (publishDir !== undefined) {
        const report = join(publishDir, 'REPORT.md');
        const old = existsSync(report) ? readFileSync(report, 'utf8') : '# Spindle benchmark\n';
        writeFileSync(report, withSection(old, CAPACITY_HEADING, section));
        return report;
    }
    return markdown;
}

function minutes(ms: number): string {
    return `${(ms / 60_000).toFixed(1)} min`;
}
