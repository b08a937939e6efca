import type { Logger } from 'pino';

import { HISTORY_LIMITS, type HistoryStore, type NewReading } from '../history';
import { codeOf, messageOf } from './recorder-error';
import type { AfterRecorderStep } from './recorder-steps';

/** How a {@link ReadingBatcher} groups readings into appends. */
export interface BatchingOptions {
    /** The longest a reading waits in memory before its append starts (default 200 ms). */
    readonly flushEveryMs?: number;
    /** Readings that start an append at once (default 500). */
    readonly flushReadings?: number;
    /**
     * Readings held in memory while the store fails, at most (default 100,000); older ones are
     * dropped beyond it, with a `READINGS_DROPPED` line.
     */
    readonly maxBuffered?: number;
}

/** What a {@link ReadingBatcher} needs. */
export interface ReadingBatcherOptions extends BatchingOptions {
    readonly store: HistoryStore;
    readonly logger: Logger;
    readonly afterStep?: AfterRecorderStep;
    /** Told after each append that resolved, with how many readings it recorded. */
    readonly onRecorded?: (count: number) => void;
}

/**
 * Records readings in a machine's history store in small batches: a reading is held in memory
 * until the next append (at most `flushEveryMs`, or until `flushReadings` are waiting) and is
 * durable once that append resolves. Appends run one at a time, in arrival order, so the store's
 * seqs follow the order the readings came in. A failing store does not lose what is buffered:
 * the append is tried again at the next flush.
 */
export class ReadingBatcher {
    private pending: NewReading[] = [];
    private timer: NodeJS.Timeout | undefined;
    private writing: Promise<void> = Promise.resolve();
    /** A flush waiting for the one under way: later calls join it rather than queue one each. */
    private queued: Promise<void> | undefined;
    private stopped = false;
    private readonly flushEveryMs: number;
    private readonly flushReadings: number;
    private readonly maxBuffered: number;
    /** Readings recorded since the batcher was made. */
    recorded = 0;

    constructor(private readonly options: ReadingBatcherOptions) {
        this.flushEveryMs = options.flushEveryMs ?? 200;
        this.flushReadings = Math.min(options.flushReadings ?? 500, HISTORY_LIMITS.appendMax);
        this.maxBuffered = options.maxBuffered ?? 100_000;
    }

    /** Readings waiting for their append. */
    get buffered(): number {
        return this.pending.length;
    }

    /** Takes a reading; its append starts within `flushEveryMs`. */
    add(reading: NewReading): void {
        this.pending.push(reading);
        if (this.pending.length > this.maxBuffered) {
            const dropped = this.pending.splice(0, this.pending.length - this.maxBuffered);
            this.options.logger.error(
                { code: 'READINGS_DROPPED', count: dropped.length, from: dropped[0]?.sourceTimestamp },
                `READINGS_DROPPED: ${dropped.length} reading(s) of ${this.options.store.machineId} given up: the store keeps failing and ${this.maxBuffered} wait`,
            );
        }
        if (this.stopped) {
            return;
        }
        if (this.pending.length >= this.flushReadings) {
            void this.flush();
        } else {
            this.timer ??= setTimeout(() => void this.flush(), this.flushEveryMs);
        }
    }

    /** Appends everything waiting; resolves once the appends under way and this one settled. Never rejects. */
    flush(): Promise<void> {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.queued ??= this.writing.then(() => {
            this.queued = undefined;
            return this.writePending();
        });
        this.writing = this.queued;
        return this.queued;
    }

    /** Appends what waits, once more, and sets no timer after it: the store may be closed next. */
    async stop(): Promise<void> {
        await this.flush();
        this.stopped = true;
        clearTimeout(this.timer);
        this.timer = undefined;
    }

    private async writePending(): Promise<void> {
        while (this.pending.length > 0) {
            const batch = this.pending.splice(0, this.flushReadings);
            try {
                await this.append(batch);
            } catch (error) {
                this.pending.unshift(...batch);
                this.options.logger.error(
                    { code: 'RECORDER_APPEND_FAILED', cause: codeOf(error), buffered: this.pending.length },
                    `RECORDER_APPEND_FAILED: readings of ${this.options.store.machineId} not recorded yet: ${messageOf(error)}`,
                );
                if (!this.stopped) {
                    this.timer ??= setTimeout(() => void this.flush(), Math.max(this.flushEveryMs, 1000));
                }
                return;
            }
        }
    }

    /**
     * One append; a batch the store refuses is recorded reading by reading, without the bad ones.
     * Readings leave `batch` as they are recorded, so what is left after a failure is what waits.
     */
    private async append(batch: NewReading[]): Promise<void> {
        const { store } = this.options;
        try {
            this.recordedNow((await store.append(batch)).length);
            batch.length = 0;
            return;
        } catch (error) {
            if (codeOf(error) !== 'INVALID_ARGUMENT') {
                throw error;
            }
        }
        for (let reading = batch[0]; reading !== undefined; reading = batch[0]) {
            try {
                this.recordedNow((await store.append([reading])).length);
            } catch (error) {
                if (codeOf(error) !== 'INVALID_ARGUMENT') {
                    throw error;
                }
                this.options.logger.error(
                    { code: 'READINGS_DROPPED', count: 1, variable: reading.variable },
                    `READINGS_DROPPED: the store refuses a reading of ${store.machineId}: ${messageOf(error)}`,
                );
            }
            batch.shift();
        }
    }

    private recordedNow(count: number): void {
        this.recorded += count;
        this.options.afterStep?.('readings-recorded');
        this.options.onRecorded?.(count);
    }
}
