import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { withSection } from '../report-section';
import { LEDGER_FOLDERS, type PeerFootprint } from './peer-footprint';
import { type SoakCensus, type SoakRun, sumOf } from './soak-run';

/** The heading of the soak section in bench/REPORT.md. */
export const SOAK_HEADING = 'Soak';

/** Key kinds Housekeeping prunes. */
const PRUNED_KINDS = ['public nonce-at', 'public rate-slot-at', 'public message'];

const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);

/** The soak section: what ran, disk and memory per peer, live keys, latency windows, pruning, samples. */
export function toSoakSection(run: SoakRun, notes: readonly string[] = []): string {
    const { machine } = run;
    const minutes = run.durationMs / 60_000;
    const failures = Object.entries(run.failures)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ');
    const lines = [
        `## ${SOAK_HEADING}`,
        '',
        `${machine.date} · ${machine.nproc} CPUs (${machine.cpuModel}) · Node ${machine.node} · Fabric ${machine.fabric} · ` +
            `${machine.mills} mills · BatchTimeout ${machine.batchTimeout} · load average ${run.start.loadAverage.join(' ')} ` +
            `at the start, ${run.end.loadAverage.join(' ')} at the end`,
        '',
        `\`npm run bench -- --soak --deliveries ${run.deliveries}${run.budgetMs === undefined ? '' : ` --minutes ${run.budgetMs / 60_000}`}\`: ` +
            `${run.sent} Communication:send${run.sent < run.deliveries ? ` (of ${run.deliveries} asked for: the time budget ran out first)` : ''} from ` +
            `${run.senders.join(', ')} to ${run.receiver}, ${run.concurrency} in flight, each submitted once, in ` +
            `${minutes.toFixed(1)} min (${run.valid} valid${failures === '' ? '' : `; not valid: ${failures}`}). ` +
            `Meanwhile the housekeeping jobs of ${run.pruners.join(' and ')} (each as its mill's operator) prune ` +
            `until done every ${run.pruneEveryMs / 1000} s, on the same schedule so their turns meet.`,
        '',
        '### Disk and memory per peer, start → end',
        '',
        `| peer | ${LEDGER_FOLDERS.map((folder) => `${folder} MB`).join(' | ')} | peer RSS MB | chaincode RSS MB |`,
        `| --- | ${LEDGER_FOLDERS.map(() => '---:').join(' | ')} | ---: | ---: |`,
        ...run.end.footprints.map((end) =>
            footprintRow(
                run.start.footprints.find((s) => s.mill === end.mill),
                end,
            ),
        ),
        '',
        "### Live keys of the chaincode in each peer's state database, start → end",
        '',
        ...keysTable(run.start, run.end, run.valid),
        '',
        '### Send latency, start and end windows',
        '',
        '| window | deliveries (completion order) | valid | tx/s | p50 ms | p95 ms |',
        '| --- | --- | ---: | ---: | ---: | ---: |',
        ...(['start', 'end'] as const).map((name) => {
            const window = run.windows[name];
            return `| ${name} | ${window.from}–${window.to} | ${window.valid} | ${window.perSecond} | ${window.p50Ms} | ${window.p95Ms} |`;
        }),
        '',
        '### Pruning',
        '',
        '| job | turns | failed turns (code: count) | prune transactions committed | nonces deleted | slots deleted |',
        '| --- | ---: | --- | ---: | ---: | ---: |',
        ...Object.entries(run.pruning).map(([mill, job]) => {
            const tally = run.committed[mill];
            return `| ${mill} | ${job.turns} | ${job.failedTurns}${failureText(job.failures)} | ${tally?.calls ?? 0} | ${tally?.deletedNonces ?? 0} | ${tally?.deletedRateSlots ?? 0} |`;
        }),
        '',
        ...pruneCheck(run),
        '',
        '### Progress samples',
        '',
        '| at min | sent | tx/s | p50 ms | p95 ms | nonces deleted | state MB per peer | peer RSS MB per peer |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
        ...evenly(run.samples, 12).map(
            (sample) =>
                `| ${(sample.atMs / 60_000).toFixed(1)} | ${sample.delivered} | ${sample.perSecond} | ${sample.p50Ms} | ${sample.p95Ms} | ` +
                `${sample.deletedNonces} | ${sample.footprints.map((f) => mb(f.folderBytes.stateLeveldb)).join(' / ')} | ` +
                `${sample.footprints.map((f) => mb(f.peerRssBytes)).join(' / ')} |`,
        ),
        ...(notes.length === 0 ? [] : ['', ...notes]),
    ];
    return `${lines.join('\n')}\n`;
}

/** Writes `soak-latest.json` and `.md` to `dir`, and with `publishDir` the section into its REPORT.md. */
export function writeSoakReport(dir: string, run: SoakRun, publishDir?: string, notes: readonly string[] = []): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'soak-latest.json'), `${JSON.stringify(run, null, 2)}\n`);
    const section = toSoakSection(run, notes);
    const markdown = join(dir, 'soak-latest.md');
    writeFileSync(markdown, section);
    if (publishDir !== undefined) {
        const report = join(publishDir, 'REPORT.md');
        const old = existsSync(report) ? readFileSync(report, 'utf8') : '# Spindle benchmark\n';
        writeFileSync(report, withSection(old, SOAK_HEADING, section));
        return report;
    }
    return markdown;
}

function footprintRow(start: PeerFootprint | undefined, end: PeerFootprint): string {
    const pair = (before: number | undefined, after: number) =>
        `${before === undefined ? '?' : mb(before)} → ${mb(after)}`;
    return (
        `| ${end.mill} | ${LEDGER_FOLDERS.map((folder) => pair(start?.folderBytes[folder], end.folderBytes[folder])).join(' | ')} | ` +
        `${pair(start?.peerRssBytes, end.peerRssBytes)} | ${pair(start?.chaincodeRssBytes, end.chaincodeRssBytes)} |`
    );
}

function keysTable(start: SoakCensus, end: SoakCensus, deliveries: number): string[] {
    const mills = Object.keys(end.keys);
    const kinds = [
        ...new Set(
            mills.flatMap((mill) => [...Object.keys(end.keys[mill] ?? {}), ...Object.keys(start.keys[mill] ?? {})]),
        ),
    ].sort();
    return [
        `| kind | ${mills.join(' | ')} | added per 1,000 deliveries (${mills[0] ?? '?'}) | pruned |`,
        `| --- | ${mills.map(() => '---:').join(' | ')} | ---: | --- |`,
        ...kinds.map((kind) => {
            const first = mills[0] ?? '';
            const added = (end.keys[first]?.[kind] ?? 0) - (start.keys[first]?.[kind] ?? 0);
            return (
                `| ${kind} | ${mills.map((mill) => `${start.keys[mill]?.[kind] ?? 0} → ${end.keys[mill]?.[kind] ?? 0}`).join(' | ')} | ` +
                `${deliveries === 0 ? '-' : ((added / deliveries) * 1000).toFixed(0)} | ${PRUNED_KINDS.includes(kind) ? 'yes' : 'no'} |`
            );
        }),
    ];
}

/** Every delivery wrote one nonce and one slot: those written minus those deleted must be those left. */
function pruneCheck(run: SoakRun): string[] {
    const first = Object.keys(run.end.keys)[0] ?? '';
    const count = (census: SoakCensus, kind: string) => census.keys[first]?.[kind] ?? 0;
    const deletedNonces = sumOf(Object.values(run.committed), 'deletedNonces');
    const deletedSlots = sumOf(Object.values(run.committed), 'deletedRateSlots');
    const expectedNonces = count(run.start, 'public nonce-at') + run.valid - deletedNonces;
    const expectedSlots = count(run.start, 'public rate-slot-at') + run.valid - deletedSlots;
    return [
        `Accounting check on ${first}: nonces at start + valid deliveries − nonces the jobs deleted = ${expectedNonces}, ` +
            `counted ${count(run.end, 'public nonce-at')}; slots ${expectedSlots}, counted ${count(run.end, 'public rate-slot-at')}. ` +
            'Equal figures mean no key was deleted twice and none was missed by two jobs pruning at once' +
            (run.prunedBefore === undefined ? '.' : `; the watermark ended at ${run.prunedBefore}.`),
    ];
}

function failureText(failures: Record<string, number>): string {
    const entries = Object.entries(failures);
    return entries.length === 0 ? '' : ` (${entries.map(([code, count]) => `${code}: ${count}`).join(', ')})`;
}

/** At most `count` items spread evenly, the last always included. */
function evenly<T>(items: readonly T[], count: number): T[] {
    if (items.length <= count) {
        return [...items];
    }
    const step = (items.length - 1) / (count - 1);
    return Array.from({ length: count }, (_, index) => items[Math.round(index * step)]).filter(
        (item): item is T => item !== undefined,
    );
}
