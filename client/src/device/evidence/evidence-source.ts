import type { ChainBlock, Reading } from '@spindle/chaincode/protocol';

import type { StoredSeal } from '../history/seal';

/**
 * What an agent reads to prove an answer: the machine's history store (its readings and seals)
 * and the blocks of its communication chain that anchor the seals. The history store and a
 * machine session give all of it (see `storeEvidenceSource`).
 */
export interface EvidenceSource {
    readonly machineId: string;
    /** The seal covering reading `seq`, undefined while it is unsealed. */
    sealFor(seq: number): Promise<StoredSeal | undefined>;
    /** Seals that cover seq `fromSeq` or later, oldest first, at most `limit`. */
    seals(fromSeq: number, limit: number): Promise<StoredSeal[]>;
    /** Up to `limit` readings from seq `seq` on, in seq order. */
    readingsFrom(seq: number, limit: number): Promise<Reading[]>;
    /** Readings of `variable` with `from <= sourceTimestamp < to`, oldest first, at most `limit`. */
    readings(variable: string, from: Date, to: Date, limit: number): Promise<Reading[]>;
    /** Block `seq` of the machine's communication chain. */
    block(seq: number): Promise<ChainBlock>;
}
