import type { Logger } from 'pino';

import { HISTORY_LIMITS, sealBatch, type HistoryStore, type StoredSeal } from '../history';
import { codeOf, messageOf } from './recorder-error';
import type { AfterRecorderStep } from './recorder-steps';
import type { SealAnchorer } from './seal-anchorer';

/** When a machine's readings are sealed. */
export interface SealCadence {
    /** The longest readings stay unsealed (default 60 s). */
    readonly sealEveryMs?: number;
    /** Unsealed readings that make a seal at once (default 1000). */
    readonly sealReadings?: number;
}

/** What a {@link Sealer} needs. */
export interface SealerOptions extends SealCadence {
    readonly store: HistoryStore;
    readonly anchorer: SealAnchorer;
    readonly logger: Logger;
    readonly clock?: () => Date;
    readonly afterStep?: AfterRecorderStep;
}

/**
 * Seals a machine's readings at its cadence: `sealEveryMs` after the last seal or
 * `sealReadings` unsealed readings, whichever comes first, and only when some are unsealed. A seal
 * is recorded in the store first, then appended to the chain, then its block recorded (see
 * {@link SealAnchorer}); a seal recorded but not anchored (a crash, a chain out of reach) is
 * anchored before the next is made. One seal at a time; a failed one is logged with its code and
 * tried again at the next turn.
 */
export class Sealer {
    private timer: NodeJS.Timeout | undefined;
    private queue: Promise<unknown> = Promise.resolve();
    /** What asked for the turn queued, if one is: the clock's ask outranks the count's. */
    private queuedBy: 'count' | 'clock' | undefined;
    private stopped = false;
    /** The last turn failed: the next waits for the cadence's clock, not for more readings. */
    private backingOff = false;
    private readonly sealEveryMs: number;
    private readonly sealReadings: number;
    private readonly clock: () => Date;

    constructor(private readonly options: SealerOptions) {
        this.sealEveryMs = options.sealEveryMs ?? 60_000;
        this.sealReadings = options.sealReadings ?? 1000;
        this.clock = options.clock ?? (() => new Date());
    }

    /** Starts the clock of the cadence. */
    start(): void {
        this.stopped = false;
        this.schedule();
    }

    /**
     * Told after readings were recorded: seals at once when `sealReadings` are unsealed, unless the
     * last turn failed (the chain out of reach): then the cadence's clock brings the next.
     */
    recorded(): void {
        void this.unsealed().then((unsealed) => {
            if (unsealed >= this.sealReadings && !this.backingOff) {
                this.request('count');
            }
        });
    }

    /**
     * Seals now, whatever the cadence, once the seal under way (if any) is done; resolves with the
     * last seal made, undefined when nothing was unsealed.
     *
     * @throws RecorderError SEAL_ANCHOR_FAILED; HistoryError from the store.
     */
    sealNow(): Promise<StoredSeal | undefined> {
        return this.exclusive(async () => {
            const last = await this.sealAll();
            this.backingOff = false;
            return last;
        });
    }

    /** Stops the cadence and waits for the seal under way. */
    async stop(): Promise<void> {
        this.stopped = true;
        clearTimeout(this.timer);
        this.timer = undefined;
        await this.queue;
    }

    private schedule(): void {
        clearTimeout(this.timer);
        this.timer = this.stopped
            ? undefined
            : setTimeout(() => {
                  this.request('clock');
              }, this.sealEveryMs);
    }

    /**
     * Queues one turn of sealing, unless one is queued already; the cadence's clock restarts after it.
     * A turn asked for by the count checks the count again when it runs: a seal that ran meanwhile
     * may have taken the readings that asked, and a seal of the few left would break the cadence.
     */
    private request(by: 'count' | 'clock'): void {
        if (this.stopped) {
            return;
        }
        if (this.queuedBy !== undefined) {
            this.queuedBy = by === 'clock' ? by : this.queuedBy;
            return;
        }
        this.queuedBy = by;
        void this.exclusive(async () => {
            const askedBy = this.queuedBy;
            this.queuedBy = undefined;
            if (askedBy === 'count' && (await this.unsealed()) < this.sealReadings) {
                return;
            }
            try {
                await this.sealAll();
                this.backingOff = false;
            } catch (error) {
                this.backingOff = true;
                this.options.logger.error(
                    { code: codeOf(error), machineId: this.options.store.machineId },
                    `seal not made: ${messageOf(error)}`,
                );
            }
            this.schedule();
        });
    }

    private exclusive<T>(work: () => Promise<T>): Promise<T> {
        const result = this.queue.then(work, work);
        this.queue = result.catch(() => undefined);
        return result;
    }

    /**
     * Anchors a pending seal, then seals the readings unsealed now: one seal, or several when more
     * than a read's cap wait (after the chain was out of reach for long).
     */
    private async sealAll(): Promise<StoredSeal | undefined> {
        const { store, anchorer } = this.options;
        await anchorer.anchorPending();
        const through = store.lastSeq();
        let last: StoredSeal | undefined;
        for (let firstSeq = (await store.sealedThrough()) + 1; firstSeq <= through;) {
            const count = Math.min(through - firstSeq + 1, HISTORY_LIMITS.readMax);
            const entry = sealBatch(await store.readingsFrom(firstSeq, count));
            const recorded = await store.recordSeal(entry, this.clock());
            this.options.afterStep?.('seal-recorded');
            last = await anchorer.anchor(recorded, false);
            firstSeq = entry.lastSeq + 1;
        }
        return last;
    }

    private async unsealed(): Promise<number> {
        return this.options.store.lastSeq() - (await this.options.store.sealedThrough());
    }
}
