import { setTimeout as delay } from 'node:timers/promises';

/** Why the client waits before trying again. */
export type RetryReason = 'ENDORSEMENT' | 'ORDERING';

/** One wait on a retry timer, told to listeners before the wait starts. */
export interface RetrySleep {
    reason: RetryReason;
    /** How long the timer runs. */
    delayMs: number;
    /** Which attempt failed (1 for the first). */
    attempt: number;
    /** The failure that made the wait necessary. */
    cause: unknown;
}

/** Hears of every retry wait in this process. */
export type RetrySleepListener = (sleep: RetrySleep) => void;

const listeners = new Set<RetrySleepListener>();

/**
 * Listens to every wait on a retry timer the client starts (endorsements the gateway could not
 * plan or reach, signed transactions sent again to the orderers), so that a stall can be told
 * from slow work: a log can name it and a test can assert that a step never waited on one.
 * Returns the function that stops listening.
 */
export function onRetrySleep(listener: RetrySleepListener): () => void {
    listeners.add(listener);
    return () => {
        listeners.delete(listener);
    };
}

/** Tells the listeners of a retry wait, then waits. */
export async function sleepBeforeRetry(sleep: RetrySleep): Promise<void> {
    for (const listener of listeners) {
        listener(sleep);
    }
    await delay(sleep.delayMs);
}
