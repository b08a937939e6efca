import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '@spindle/chaincode/protocol';

import { type BenchContext, openBenchContext } from './bench-context';
import { CONCURRENCY, OWN_RECEIVER, SECONDS, WARM_UP_SECONDS, resultLine } from './bench-settings';
import { cpuBetween, sampleCpu, watchedProcesses, type CpuSeconds, type WatchedProcess } from './cpu-sampler';
import { type BenchMachine, machineFinder, readyMachines } from './ready-machines';
import { messageSend } from './workloads/message-send';
import type { WorkloadResult } from './workloads/workload';

/** Packets of one batch; `SPINDLE_BENCH_BATCH_SIZE` overrides (at most `LIMITS.batchPacketsMax`). */
const BATCH_SIZE = Number(process.env.SPINDLE_BENCH_BATCH_SIZE ?? String(LIMITS.batchPacketsMax));
/** Batches in flight: enough to keep every sender busy, few enough to stay under its rate limit. */
const BATCH_CONCURRENCY = Number(process.env.SPINDLE_BENCH_BATCH_CONCURRENCY ?? '8');

/** One side of the comparison, with what it cost. */
export interface BatchFigures {
    id: string;
    packetsPerTransaction: number;
    messagesPerSecond: number;
    transactionsPerSecond: number;
    valid: number;
    completed: number;
    p50Ms: number;
    p95Ms: number;
    /** CPU of the network's processes (peers, orderers, chaincode servers, CAs), per message. */
    networkCpuMsPerMessage: number;
    /** CPU of the bench process (building, encrypting and signing packets), per message. */
    clientCpuMsPerMessage: number;
    cpuSeconds: CpuSeconds;
    firstError?: string;
}

function figuresOf(result: WorkloadResult, packetsPerTransaction: number): BatchFigures {
    const cpu = result.cpuSeconds ?? {};
    const messages = Math.max(1, result.load.valid * packetsPerTransaction);
    const client = cpu['bench-client'] ?? 0;
    const network = Object.entries(cpu).reduce(
        (sum, [name, seconds]) => (name === 'bench-client' ? sum : sum + seconds),
        0,
    );
    return {
        id: result.id,
        packetsPerTransaction,
        messagesPerSecond: result.load.throughputPerSecond * packetsPerTransaction,
        transactionsPerSecond: result.load.throughputPerSecond,
        valid: result.load.valid,
        completed: result.load.completed,
        p50Ms: result.load.latency.p50,
        p95Ms: result.load.latency.p95,
        networkCpuMsPerMessage: (network * 1000) / messages,
        clientCpuMsPerMessage: (client * 1000) / messages,
        cpuSeconds: cpu,
        ...(result.load.firstError === undefined ? {} : { firstError: result.load.firstError }),
    };
}

/** Single against batched sends on one network, with the ratios the issue judges. */
export interface BatchComparison {
    single: BatchFigures;
    batched: BatchFigures;
    /** Batched messages per second over single ones (issue 15's target: 10). */
    ratio: number;
    /** Single sends' network CPU per message over batched ones'. */
    cpuRatio: number;
}

/**
 * Single sends, then batches of `BATCH_SIZE`, for `seconds` each after a warm-up of
 * `warmUpSeconds` (half each), from every ready machine but the receiver (each with its own rate
 * limit) to the same receiver; CPU of the network's processes and of the bench per message.
 */
export async function compareBatching(
    context: BenchContext,
    machines: readonly BenchMachine[],
    processes: readonly WatchedProcess[],
    seconds: number,
    warmUpSeconds: number,
): Promise<BatchComparison> {
    const receiver = machineFinder(machines)(OWN_RECEIVER);
    const senders = machines.filter((machine) => machine !== receiver);
    const run = async (id: string, concurrency: number, batchSize: number, runSeconds: number) => {
        const before = sampleCpu(processes);
        const result = await messageSend(
            context,
            { concurrency, durationMs: runSeconds * 1000 },
            senders,
            receiver,
            id,
            `${batchSize === 1 ? 'Communication:send' : `Communication:sendBatch of ${batchSize}`} from ${senders.length} machines to ${OWN_RECEIVER}`,
            batchSize,
        );
        result.cpuSeconds = cpuBetween(before, sampleCpu(processes));
        if (result.load.firstError !== undefined) {
            result.extra = { ...result.extra, firstError: result.load.firstError };
        }
        console.log(`${resultLine(result)}, ${(result.load.throughputPerSecond * batchSize).toFixed(1)} messages/s`);
        return figuresOf(result, batchSize);
    };
    if (warmUpSeconds > 0) {
        console.log(`bench: warming up for ${warmUpSeconds} s (single sends, then batches)`);
        await run('warm-up', CONCURRENCY / 2, 1, warmUpSeconds / 2);
        await run('warm-up-batch', BATCH_CONCURRENCY, BATCH_SIZE, warmUpSeconds / 2);
    }
    const single = await run('send', CONCURRENCY / 2, 1, seconds);
    const batched = await run(`send-batch-${BATCH_SIZE}`, BATCH_CONCURRENCY, BATCH_SIZE, seconds);
    return {
        single,
        batched,
        ratio: batched.messagesPerSecond / Math.max(single.messagesPerSecond, 1e-9),
        cpuRatio: single.networkCpuMsPerMessage / Math.max(batched.networkCpuMsPerMessage, 1e-9),
    };
}

/**
 * `npm run bench -- --batch`: messages per second and CPU per message of single sends against
 * batched ones (`Communication:sendBatch`, release 1.4) on the network that is up (see
 * compareBatching). Writes `batch-latest.json` into the results folder and prints the ratio
 * against the issue's target of 10.
 */
export async function runBatchBench(resultsDir: string): Promise<void> {
    const context = await openBenchContext();
    const processes = watchedProcesses(context.network.paths.runDir);
    const machines = await readyMachines(context);
    try {
        const comparison = await compareBatching(context, machines, processes, SECONDS, WARM_UP_SECONDS);
        const { single, batched, ratio, cpuRatio } = comparison;
        console.log(
            `bench: batched ${batched.messagesPerSecond.toFixed(0)} messages/s against ${single.messagesPerSecond.toFixed(0)} single: ` +
                `${ratio.toFixed(1)} x (target 10 x: ${ratio >= 10 ? 'met' : 'missed'}); network CPU per message ` +
                `${batched.networkCpuMsPerMessage.toFixed(2)} ms against ${single.networkCpuMsPerMessage.toFixed(2)} ms (${cpuRatio.toFixed(1)} x less)`,
        );
        mkdirSync(resultsDir, { recursive: true });
        const file = join(resultsDir, 'batch-latest.json');
        writeFileSync(file, `${JSON.stringify(comparison, undefined, 2)}\n`);
        console.log(`bench: figures in ${file}`);
    } finally {
        for (const machine of machines) {
            machine.session.close();
        }
        context.admin.close();
    }
}
