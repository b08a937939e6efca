import {
    GENESIS_HASH,
    blockHash,
    merkleRoot,
    type ChainAnchor,
    type ChainBlock,
    type ChainHead,
    type ChainVerification,
} from '../../protocol';

/** One page of a machine's chain to verify, as the ledger holds it. */
export interface ChainPage {
    machineId: string;
    /** The first seq to check, 1 or more. */
    fromSeq: number;
    /** How many blocks to check at most. */
    maxBlocks: number;
    /** The chain's public tip; undefined before its first block. */
    tip: ChainHead | undefined;
    /** The public anchor of block `fromSeq - 1`; unused when `fromSeq` is 1. */
    previous: ChainAnchor | undefined;
    /** The public anchors of the page's blocks, by seq. */
    anchors: ReadonlyMap<number, ChainAnchor>;
    /**
     * The stored blocks from `fromSeq` on, in seq order: the page's blocks and, on the last page,
     * any stored beyond the tip.
     */
    blocks: readonly ChainBlock[];
}

type Broken = Extract<ChainVerification, { ok: false }>;

/**
 * Verifies one page of a machine's communication chain: seqs run on from `fromSeq` without
 * gaps; every block belongs to the machine; its prevHash is the hash of the block before (the
 * genesis hash for the first, the public anchor's for the page's first); its merkleRoot matches
 * its entries; its hash and prevHash are those of its public anchor. On the last page no block
 * lies beyond the tip, and the tip names the last block's hash. Returns OK with the seq to
 * continue from when blocks remain, or the seq of the first block that fails and why.
 */
export function verifyChain(page: ChainPage): ChainVerification {
    const { machineId, fromSeq, tip } = page;
    const length = tip?.seq ?? 0;
    const toSeq = Math.min(length, fromSeq + page.maxBlocks - 1);
    let previous = GENESIS_HASH;
    if (fromSeq > 1) {
        if (!anchorFits(page.previous, machineId, fromSeq - 1)) {
            return broken(fromSeq - 1, 'ANCHOR_MISMATCH');
        }
        previous = page.previous.hash;
    }
    for (let seq = fromSeq; seq <= toSeq; seq += 1) {
        const block = page.blocks[seq - fromSeq];
        const failure = checkBlock(block, seq, machineId, previous, page.anchors.get(seq));
        if (failure !== undefined || block === undefined) {
            return failure ?? broken(seq, 'SEQUENCE_GAP');
        }
        previous = blockHash(block);
    }
    if (toSeq < length) {
        return { ok: true, fromSeq, toSeq, length, headHash: previous, nextSeq: toSeq + 1 };
    }
    if (page.blocks.length > toSeq - fromSeq + 1) {
        return broken(length + 1, 'HEAD_MISMATCH');
    }
    if (tip !== undefined && (tip.hash !== previous || tip.machineId !== machineId)) {
        return broken(Math.max(1, length), 'HEAD_MISMATCH');
    }
    return { ok: true, fromSeq, toSeq, length, headHash: previous };
}

function checkBlock(
    block: ChainBlock | undefined,
    seq: number,
    machineId: string,
    previous: string,
    anchor: ChainAnchor | undefined,
): Broken | undefined {
    if (block?.seq !== seq) {
        return broken(seq, 'SEQUENCE_GAP');
    }
    if (block.machineId !== machineId) {
        return broken(seq, 'MACHINE_MISMATCH');
    }
    if (block.prevHash !== previous) {
        return broken(seq, 'PREVIOUS_HASH_MISMATCH');
    }
    if (block.merkleRoot !== merkleRoot(block.entries)) {
        return broken(seq, 'MERKLE_ROOT_MISMATCH');
    }
    if (!anchorFits(anchor, machineId, seq) || anchor.hash !== blockHash(block) || anchor.prevHash !== previous) {
        return broken(seq, 'ANCHOR_MISMATCH');
    }
    return undefined;
}

function anchorFits(anchor: ChainAnchor | undefined, machineId: string, seq: number): anchor is ChainAnchor {
    return anchor !== undefined && anchor.machineId === machineId && anchor.seq === seq;
}

function broken(brokenAt: number, reason: Broken['reason']): Broken {
    return { ok: false, brokenAt, reason };
}
