import {
    GENESIS_HASH,
    blockHash,
    merkleRoot,
    type ChainBlock,
    type ChainHead,
    type ChainVerification,
} from '../../protocol';

/**
 * Verifies a machine's communication chain, blocks in seq order, against its head: seqs run
 * 1, 2, 3 without gaps; every block belongs to the machine; every prevHash is the hash of the
 * block before (the genesis hash for the first); every merkleRoot matches its entries; the head
 * names the last block and its hash. Returns OK, or the seq of the first block that fails and why.
 */
export function verifyChain(
    machineId: string,
    blocks: readonly ChainBlock[],
    head: ChainHead | undefined,
): ChainVerification {
    let previous = GENESIS_HASH;
    for (const [index, block] of blocks.entries()) {
        const seq = index + 1;
        if (block.seq !== seq) {
            return { ok: false, brokenAt: seq, reason: 'SEQUENCE_GAP' };
        }
        if (block.machineId !== machineId) {
            return { ok: false, brokenAt: seq, reason: 'MACHINE_MISMATCH' };
        }
        if (block.prevHash !== previous) {
            return { ok: false, brokenAt: seq, reason: 'PREVIOUS_HASH_MISMATCH' };
        }
        if (block.merkleRoot !== merkleRoot(block.entries)) {
            return { ok: false, brokenAt: seq, reason: 'MERKLE_ROOT_MISMATCH' };
        }
        previous = blockHash(block);
    }
    const length = blocks.length;
    const headSeq = head?.seq ?? 0;
    if (headSeq > length) {
        return { ok: false, brokenAt: length + 1, reason: 'SEQUENCE_GAP' };
    }
    if (headSeq < length) {
        return { ok: false, brokenAt: headSeq + 1, reason: 'HEAD_MISMATCH' };
    }
    if (head !== undefined && (head.hash !== previous || head.machineId !== machineId)) {
        return { ok: false, brokenAt: Math.max(1, length), reason: 'HEAD_MISMATCH' };
    }
    return { ok: true, length, headHash: previous };
}
