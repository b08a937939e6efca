import type { Reading } from '@spindle/chaincode/protocol';

/**
 * What the device agent reads from a machine's history store to answer a question. The store
 * (classic-level, one database per machine) implements it; tests may use an in-memory one.
 */
export interface HistoryReader {
    /** The machine whose history this is. */
    readonly machineId: string;
    /** Readings of `variable` with `from <= sourceTimestamp < to`, oldest first, at most `limit`. */
    readings(variable: string, from: Date, to: Date, limit: number): Promise<Reading[]>;
    /** The newest reading of each variable the store holds. */
    latest(): Promise<Reading[]>;
    /** The seq of the last reading covered by a seal, 0 before the first seal. */
    sealedThrough(): Promise<number>;
}
