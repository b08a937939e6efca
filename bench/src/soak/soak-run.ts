import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { HousekeepingJobSummary } from '@spindle/client';

import { openBenchContext } from '../bench-context';
import { CONCURRENCY, OWN_RECEIVER, OWN_SENDERS } from '../bench-settings';
import type { TransactionRecord } from '../harness';
import { type MachineInfo, machineInfo } from '../machine-info';
import { percentilesOf } from '../percentiles';
import { machineFinder, readyMachines } from '../ready-machines';
import { messageSend } from '../workloads/message-send';
import { type PeerFootprint, ledgersDataOf, peerFootprint } from './peer-footprint';
import { type PruneTally, startSoakPruners } from './soak-pruners';
import { type SoakWindow, startAndEndWindows } from './soak-window';
import { type StateKeyCounts, countStateKeys } from './state-keys';

/** What the soak saw at one moment. */
export interface SoakCensus {
    atMs: number;
    loadAverage: number[];
    footprints: PeerFootprint[];
    /** Live keys of the chaincode in each peer's state database, by mill key. */
    keys: Record<string, StateKeyCounts>;
}

/** A progress sample: deliveries so far and the peers' footprints. */
export interface SoakSample {
    atMs: number;
    delivered: number;
    valid: number;
    /** Over the interval since the previous sample. */
    perSecond: number;
    p50Ms: number;
    p95Ms: number;
    deletedNonces: number;
    deletedRateSlots: number;
    footprints: PeerFootprint[];
}

/** Everything one `npm run bench -- --soak` measured. */
export interface SoakRun {
    machine: MachineInfo;
    /** Deliveries asked for; `sent` may be fewer when the time budget ran out first. */
    deliveries: number;
    sent: number;
    /** The time budget, when one was given. */
    budgetMs?: number;
    concurrency: number;
    pruneEveryMs: number;
    pruners: string[];
    senders: string[];
    receiver: string;
    durationMs: number;
    start: SoakCensus;
    end: SoakCensus;
    windows: { start: SoakWindow; end: SoakWindow };
    valid: number;
    failures: Record<string, number>;
    samples: SoakSample[];
    pruning: Record<string, HousekeepingJobSummary>;
    /** What each job's committed prune transactions deleted (failed turns' committed calls included). */
    committed: Record<string, PruneTally>;
    /** The watermark after the last turn, as the jobs reported it. */
    prunedBefore?: string;
}

/** How a soak runs. */
export interface SoakOptions {
    deliveries: number;
    pruneEveryMs: number;
    progressEveryMs: number;
    /** Stop sending after this long even if fewer deliveries were sent (a time budget). */
    durationMs?: number;
}

/** The mills whose operators prune during the soak, at the same time. */
const PRUNING_MILLS = ['milla', 'millb'];

/**
 * The soak: `deliveries` Communication:send through the running network while two mills'
 * housekeeping jobs prune, with each peer's state database size, live keys and memory at the start
 * and at the end, send latency in a start and an end window, and a progress line (and sample) every
 * `progressEveryMs`.
 */
export async function runSoak(options: SoakOptions): Promise<SoakRun> {
    const context = await openBenchContext();
    const { runDir } = context.network.paths;
    const mills = context.network.config.mills.map((mill) => mill.key);
    const census = async (startedAt: number): Promise<SoakCensus> => {
        const keys: Record<string, StateKeyCounts> = {};
        for (const mill of mills) {
            keys[mill] = await countStateKeys(
                join(ledgersDataOf(runDir, mill), 'stateLeveldb'),
                context.network.config.channel,
                context.network.config.chaincode.name,
            );
        }
        return {
            atMs: Date.now() - startedAt,
            loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
            footprints: mills.map((mill) => peerFootprint(runDir, mill)),
            keys,
        };
    };
    const machines = await readyMachines(context);
    try {
        const find = machineFinder(machines);
        const started = Date.now();
        console.log(`soak: counting the peers' state before ${options.deliveries} deliveries`);
        const start = await census(started);
        let prunedBefore: string | undefined;
        const pruners = await startSoakPruners(context, PRUNING_MILLS, options.pruneEveryMs, (mill, entry) => {
            if (entry.event === 'pruned') {
                prunedBefore = entry.prunedBefore ?? prunedBefore;
            } else {
                console.log(
                    `soak: ${mill}'s prune turn ${entry.turn} failed with ${entry.code}; it tries again next turn`,
                );
            }
        });
        const samples: SoakSample[] = [];
        let tick: TransactionRecord[] = [];
        let delivered = 0;
        let valid = 0;
        let lastSampleAt = Date.now();
        const sample = () => {
            const now = Date.now();
            const latencies = percentilesOf(tick.filter((r) => r.outcome === 'VALID').map((r) => r.latencyMs));
            const tickValid = tick.filter((r) => r.outcome === 'VALID').length;
            const entry: SoakSample = {
                atMs: now - started,
                delivered,
                valid,
                perSecond: Math.round((tickValid / ((now - lastSampleAt) / 1000)) * 10) / 10,
                p50Ms: Math.round(latencies.p50),
                p95Ms: Math.round(latencies.p95),
                deletedNonces: sumOf(Object.values(pruners.committed), 'deletedNonces'),
                deletedRateSlots: sumOf(Object.values(pruners.committed), 'deletedRateSlots'),
                footprints: mills.map((mill) => peerFootprint(runDir, mill)),
            };
            samples.push(entry);
            tick = [];
            lastSampleAt = now;
            console.log(progressLine(entry, options.deliveries));
        };
        const progress = setInterval(sample, options.progressEveryMs);
        const sends = await messageSend(
            context,
            {
                concurrency: CONCURRENCY,
                durationMs: options.durationMs ?? Number.POSITIVE_INFINITY,
                maxCount: options.deliveries,
                onRecord: (record) => {
                    delivered += 1;
                    valid += record.outcome === 'VALID' ? 1 : 0;
                    tick.push(record);
                },
            },
            OWN_SENDERS.map(find),
            find(OWN_RECEIVER),
            'soak',
            'soak sends',
        ).finally(() => {
            clearInterval(progress);
        });
        sample();
        // One more turn after the traffic, so the end census sees the pruning caught up.
        console.log('soak: waiting for one more prune turn of each job');
        const turnsBefore = pruners.log.length;
        while (pruners.log.length < turnsBefore + PRUNING_MILLS.length) {
            await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        const pruning = await pruners.stop();
        console.log("soak: counting the peers' state after the run");
        const end = await census(started);
        return {
            machine: machineInfo(context.network),
            deliveries: options.deliveries,
            sent: sends.load.completed,
            ...(options.durationMs === undefined ? {} : { budgetMs: options.durationMs }),
            concurrency: CONCURRENCY,
            pruneEveryMs: options.pruneEveryMs,
            pruners: PRUNING_MILLS,
            senders: OWN_SENDERS,
            receiver: OWN_RECEIVER,
            durationMs: Date.now() - started,
            start,
            end,
            windows: startAndEndWindows(sends.load.records),
            valid: sends.load.valid,
            failures: sends.load.failures,
            samples,
            pruning,
            committed: pruners.committed,
            ...(prunedBefore === undefined ? {} : { prunedBefore }),
        };
    } finally {
        for (const machine of machines) {
            machine.session.close();
        }
        context.admin.close();
    }
}

/** The sum of one field over tallies. */
export function sumOf(tallies: readonly PruneTally[], field: keyof PruneTally): number {
    return tallies.reduce((sum, tally) => sum + tally[field], 0);
}

function progressLine(sample: SoakSample, total: number): string {
    const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
    const first = sample.footprints[0];
    const rest = total - sample.delivered;
    const eta = sample.perSecond > 0 ? `${Math.round(rest / sample.perSecond / 60)} min left` : 'no rate yet';
    return (
        `soak: ${sample.delivered}/${total} sent (${sample.valid} valid) in ${Math.round(sample.atMs / 1000)} s, ` +
        `${sample.perSecond}/s, p50 ${sample.p50Ms} ms, p95 ${sample.p95Ms} ms; pruned ${sample.deletedNonces} nonces, ` +
        `${sample.deletedRateSlots} slots` +
        (first === undefined
            ? ''
            : `; ${first.mill} state ${mb(first.folderBytes.stateLeveldb)}, peer RSS ${mb(first.peerRssBytes)}`) +
        `; ${eta}`
    );
}
