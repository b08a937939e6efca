import {
    newMerkleTree,
    toCanonicalBytes,
    SEAL_READINGS_MAX,
    type MerkleTree,
    type Reading,
    type SealEntry,
} from '@spindle/chaincode/protocol';

import { HistoryError } from './history-error';

/** The Merkle leaf of a reading: its canonical JSON bytes (RFC 8785), as the requester hashes it. */
export function readingLeaf(reading: Reading): Uint8Array {
    return toCanonicalBytes(reading);
}

/** The Merkle tree over a batch of readings, leaves in the order given (seq order). */
export function batchTree(batch: readonly Reading[]): MerkleTree {
    return newMerkleTree(batch.map(readingLeaf));
}

/**
 * Seals a batch: the readings recorded after the last seal, in seq order, commit to the Merkle
 * root of their leaves. The result is the entry the machine's communication chain carries; it
 * depends on the readings only, so sealing the same batch again gives the same entry. Its time
 * span is the earliest and latest source time, to the millisecond.
 *
 * @throws HistoryError BATCH_INVALID when the batch is empty, over `SEAL_READINGS_MAX`, of several
 *   machines or has a gap.
 */
export function sealBatch(batch: readonly Reading[]): SealEntry {
    assertBatch(batch);
    const first = batch[0] as Reading;
    const times = batch.map((reading) => Date.parse(reading.sourceTimestamp));
    return {
        kind: 'seal',
        machineId: first.machineId,
        firstSeq: first.seq,
        lastSeq: first.seq + batch.length - 1,
        count: batch.length,
        root: batchTree(batch).root,
        fromTimestamp: new Date(times.reduce((a, b) => Math.min(a, b))).toISOString(),
        toTimestamp: new Date(times.reduce((a, b) => Math.max(a, b))).toISOString(),
    };
}

function assertBatch(batch: readonly Reading[]): void {
    const first = batch[0];
    if (first === undefined || batch.length > SEAL_READINGS_MAX) {
        throw new HistoryError(
            'BATCH_INVALID',
            `a batch holds 1 to ${SEAL_READINGS_MAX} readings, not ${batch.length}`,
        );
    }
    batch.forEach((reading, i) => {
        if (reading.machineId !== first.machineId || reading.seq !== first.seq + i) {
            throw new HistoryError(
                'BATCH_INVALID',
                `reading ${i} of the batch is ${reading.machineId} ${reading.seq}, not ${first.machineId} ${first.seq + i}`,
            );
        }
    });
}
