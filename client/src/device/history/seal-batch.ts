import { newMerkleTree, toCanonicalBytes, type MerkleTree, type Reading } from '@spindle/chaincode/protocol';

import { HistoryError } from './history-error';
import type { Seal } from './seal';

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
 * root of their leaves. The seal is then recorded in the store, appended to the machine's
 * communication chain as a block entry, and anchored (see `answer-proof.ts` for the chain of
 * trust).
 *
 * @throws HistoryError BATCH_INVALID when the batch is empty, of several machines or has a gap.
 */
export function sealBatch(batch: readonly Reading[], sealedAt: Date): Seal {
    assertBatch(batch);
    const tree = batchTree(batch);
    const first = batch[0] as Reading;
    return {
        machineId: first.machineId,
        firstSeq: first.seq,
        lastSeq: first.seq + batch.length - 1,
        count: batch.length,
        root: tree.root,
        sealedAt: sealedAt.toISOString(),
    };
}

function assertBatch(batch: readonly Reading[]): void {
    const first = batch[0];
    if (first === undefined) {
        throw new HistoryError('BATCH_INVALID', 'a batch holds at least one reading');
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
