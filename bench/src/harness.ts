import { performance } from 'node:perf_hooks';

import { type Percentiles, percentilesOf } from './percentiles';

/** One transaction as the harness saw it. */
export interface TransactionRecord {
    /** Milliseconds from the start of the workload to the submit. */
    startMs: number;
    /** Submit to commit status (or to the answer, for an evaluate). */
    latencyMs: number;
    /** `VALID` or the validation code / client error code that failed it. */
    outcome: string;
}

/** How hard and how long to drive a workload. */
export interface LoadShape {
    /** In-flight transactions at once. */
    concurrency: number;
    /** Stop issuing new transactions after this long. */
    durationMs: number;
    /** Stop issuing after this many transactions, whichever comes first. */
    maxCount?: number;
    /** Hears of every transaction as it completes (progress of a long run). */
    onRecord?: (record: TransactionRecord) => void;
}

/** What one workload measured. */
export interface LoadResult {
    records: TransactionRecord[];
    /** From the first submit to the last completion. */
    elapsedMs: number;
    completed: number;
    valid: number;
    /** Valid transactions per second over `elapsedMs`. */
    throughputPerSecond: number;
    latency: Percentiles;
    /** Count of every outcome that was not VALID, by outcome. */
    failures: Record<string, number>;
    /** The message of the first operation that threw, to say why. */
    firstError?: string;
}

/** One transaction: returns its outcome; the harness times it. */
export type Operation = (index: number) => Promise<string>;

/**
 * Drives an operation with a bounded number of in-flight calls until the duration or count runs
 * out, timing every call; an operation that throws is recorded with the error's code.
 */
export async function runLoad(shape: LoadShape, operation: Operation): Promise<LoadResult> {
    const records: TransactionRecord[] = [];
    const started = performance.now();
    const deadline = started + shape.durationMs;
    const maxCount = shape.maxCount ?? Number.POSITIVE_INFINITY;
    let issued = 0;
    let firstError: string | undefined;

    const worker = async (): Promise<void> => {
        while (performance.now() < deadline && issued < maxCount) {
            const index = issued;
            issued += 1;
            const submitted = performance.now();
            const outcome = await operation(index).catch((error: unknown) => {
                firstError ??= error instanceof Error ? error.message : String(error);
                return outcomeOfError(error);
            });
            const record = { startMs: submitted - started, latencyMs: performance.now() - submitted, outcome };
            records.push(record);
            shape.onRecord?.(record);
        }
    };
    await Promise.all(Array.from({ length: shape.concurrency }, worker));
    const elapsedMs = performance.now() - started;
    return { ...summarise(records, elapsedMs), ...(firstError === undefined ? {} : { firstError }) };
}

/** Throughput, percentiles of the valid transactions and failures by outcome. */
export function summarise(records: TransactionRecord[], elapsedMs: number): LoadResult {
    const valid = records.filter((record) => record.outcome === 'VALID');
    const failures: Record<string, number> = {};
    for (const record of records) {
        if (record.outcome !== 'VALID') {
            failures[record.outcome] = (failures[record.outcome] ?? 0) + 1;
        }
    }
    return {
        records,
        elapsedMs,
        completed: records.length,
        valid: valid.length,
        throughputPerSecond: valid.length / (elapsedMs / 1000),
        latency: percentilesOf(valid.map((record) => record.latencyMs)),
        failures,
    };
}

/** A failed transaction's outcome: its Spindle or Fabric code, `GRPC_<n>` for a gRPC status. */
export function outcomeOfError(error: unknown): string {
    if (error instanceof Error && 'code' in error) {
        if (typeof error.code === 'string') {
            return error.code;
        }
        if (typeof error.code === 'number') {
            return `GRPC_${error.code}`;
        }
    }
    return error instanceof Error ? error.name : 'ERROR';
}
