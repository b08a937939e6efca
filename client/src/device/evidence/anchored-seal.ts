import {
    newMerkleTree,
    toCanonicalBytes,
    type AnchoredSeal,
    type ChainBlock,
    type SealEntry,
} from '@spindle/chaincode/protocol';

import { SpindleError } from '../../errors/spindle-error';

/**
 * A seal entry with its proof of being in `block`: the block's header, the entry's index among
 * the block's entries and its audit path to the header's merkleRoot (leaves are the entries'
 * canonical bytes, as `merkleRoot` hashes them).
 *
 * @throws SpindleError SEAL_NOT_IN_BLOCK when the block carries no such seal entry.
 */
export function anchoredSeal(entry: SealEntry, block: ChainBlock): AnchoredSeal {
    const index = block.entries.findIndex(
        (candidate) =>
            'kind' in candidate &&
            candidate.machineId === entry.machineId &&
            candidate.firstSeq === entry.firstSeq &&
            candidate.root === entry.root,
    );
    if (index < 0) {
        throw new SpindleError(
            'SEAL_NOT_IN_BLOCK',
            `block ${block.seq} of ${block.machineId} carries no seal of readings ${entry.firstSeq}..${entry.lastSeq}`,
        );
    }
    const { entries, ...header } = block;
    return {
        entry,
        block: header,
        entryIndex: index,
        entryCount: entries.length,
        entryPath: newMerkleTree(entries.map((candidate) => toCanonicalBytes(candidate))).auditPath(index),
    };
}
