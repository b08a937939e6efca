import type { Logger } from 'pino';

/**
 * Tracks what a reading source missed while its connection was down: the last source timestamp
 * before the drop and the first after it, logged as one `OPCUA_GAP` line when the first reading
 * after a reconnection arrives.
 */
export class ReadingGap {
    private last: Date | undefined;
    private lostAt: Date | undefined;

    constructor(
        private readonly machineId: string,
        private readonly logger: Logger,
    ) {}

    /** The connection dropped: the first reading after it closes a gap. */
    lost(): void {
        this.lostAt ??= new Date();
    }

    /** A reading stamped `stamp` arrived. */
    received(stamp: Date): void {
        if (this.lostAt && this.last) {
            const missedMs = stamp.getTime() - this.last.getTime();
            this.logger.warn(
                { code: 'OPCUA_GAP', from: this.last.toISOString(), to: stamp.toISOString(), missedMs },
                `OPCUA_GAP: ${this.machineId} has no readings from ${this.last.toISOString()} to ${stamp.toISOString()} (${(missedMs / 1000).toFixed(1)} s missed while disconnected)`,
            );
        }
        this.lostAt = undefined;
        if (!this.last || stamp > this.last) {
            this.last = stamp;
        }
    }
}
