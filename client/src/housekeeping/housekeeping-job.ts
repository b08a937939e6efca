import { setTimeout as delay } from 'node:timers/promises';

/** What one turn of the housekeeping job pruned. */
export interface HousekeepingTurnResult {
    deletedNonces: number;
    deletedRateSlots: number;
    /** The watermark after the turn; absent while no delivery is old enough. */
    prunedBefore?: string | undefined;
    /** `Housekeeping:prune` transactions the turn committed. */
    calls: number;
}

/** One line of the job's log: a turn that pruned, or one that failed and waits for the next. */
export type HousekeepingLogEntry =
    | ({ event: 'pruned'; turn: number; elapsedMs: number } & HousekeepingTurnResult)
    | { event: 'prune-failed'; turn: number; elapsedMs: number; code: string; message: string; retryInMs: number };

/** How the job runs. */
export interface HousekeepingJobOptions {
    /** One turn's work, e.g. `pruneUntilDone` as a mill's operator. */
    turn: () => Promise<HousekeepingTurnResult>;
    /** From the start of one turn to the start of the next (at once when a turn took longer). */
    everyMs: number;
    /** Hears every turn's outcome. */
    log: (entry: HousekeepingLogEntry) => void;
    /** Stops the job after the turn in progress. */
    signal: AbortSignal;
    /** Stop after this many turns; unbounded when absent. */
    turns?: number;
    /** The wait between turns; tests pass one that does not sleep. */
    wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What the job did in all, returned when it stops. */
export interface HousekeepingJobSummary {
    turns: number;
    failedTurns: number;
    /** Failed turns by error code. */
    failures: Record<string, number>;
    deletedNonces: number;
    deletedRateSlots: number;
    calls: number;
}

/**
 * A mill's housekeeping job: runs a prune turn every `everyMs` until `signal` aborts (or `turns`
 * ran). A turn that fails is logged with its code and the job carries on: the next turn prunes
 * again from the committed state. That is safe because `Housekeeping:prune` is idempotent and
 * resumable: a turn invalidated at commit (an MVCC conflict with another mill's job pruning the
 * same keys) wrote nothing, and whatever the other job deleted is simply not found again.
 */
export async function runHousekeepingJob(options: HousekeepingJobOptions): Promise<HousekeepingJobSummary> {
    const wait = options.wait ?? waitUnlessAborted;
    const summary: HousekeepingJobSummary = {
        turns: 0,
        failedTurns: 0,
        failures: {},
        deletedNonces: 0,
        deletedRateSlots: 0,
        calls: 0,
    };
    while (!options.signal.aborted && summary.turns < (options.turns ?? Number.POSITIVE_INFINITY)) {
        const started = Date.now();
        summary.turns += 1;
        try {
            const result = await options.turn();
            summary.deletedNonces += result.deletedNonces;
            summary.deletedRateSlots += result.deletedRateSlots;
            summary.calls += result.calls;
            options.log({ event: 'pruned', turn: summary.turns, elapsedMs: Date.now() - started, ...result });
        } catch (error) {
            const code = errorCodeOf(error);
            summary.failedTurns += 1;
            summary.failures[code] = (summary.failures[code] ?? 0) + 1;
            options.log({
                event: 'prune-failed',
                turn: summary.turns,
                elapsedMs: Date.now() - started,
                code,
                message: error instanceof Error ? error.message : String(error),
                retryInMs: Math.max(0, options.everyMs - (Date.now() - started)),
            });
        }
        if (summary.turns < (options.turns ?? Number.POSITIVE_INFINITY)) {
            await wait(Math.max(0, options.everyMs - (Date.now() - started)), options.signal);
        }
    }
    return summary;
}

/** The code of a Spindle error (`code`, or the `CODE: ` its message starts with), else UNEXPECTED. */
function errorCodeOf(error: unknown): string {
    if (error instanceof Error) {
        if ('code' in error && typeof error.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(error.code)) {
            return error.code;
        }
        return /^([A-Z][A-Z0-9_]*): /.exec(error.message)?.[1] ?? 'UNEXPECTED';
    }
    return 'UNEXPECTED';
}

async function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
    await delay(ms, undefined, { signal }).catch(() => undefined);
}
