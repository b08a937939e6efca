import { createHash } from 'node:crypto';
import { toCanonicalBytes } from './canonical-json';
import { ChainBlock } from './communication';
import { sha256Hex } from './sha256';

/** The `prevHash` of a chain's first block. */
export const GENESIS_HASH = '0'.repeat(64);

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * The Merkle root of a block's entries, hex: the RFC 6962 Merkle tree hash over the canonical
 * bytes of each entry (leaves prefixed 0x00, nodes 0x01, so a leaf can never pose as a node).
 */
export function merkleRoot(entries: readonly unknown[]): string {
    return treeHash(entries.map((entry) => toCanonicalBytes(entry))).toString('hex');
}

/** The hash of a block: hex SHA-256 over the canonical bytes of its header. */
export function blockHash(block: Omit<ChainBlock, 'entries'>): string {
    return sha256Hex(
        toCanonicalBytes({
            machineId: block.machineId,
            seq: block.seq,
            prevHash: block.prevHash,
            merkleRoot: block.merkleRoot,
            timestamp: block.timestamp,
        }),
    );
}

function treeHash(leaves: readonly Uint8Array[]): Buffer {
    if (leaves.length === 0) {
        return createHash('sha256').digest();
    }
    if (leaves.length === 1) {
        return createHash('sha256')
            .update(LEAF)
            .update(leaves[0] ?? new Uint8Array())
            .digest();
    }
    let split = 1;
    while (split * 2 < leaves.length) {
        split *= 2;
    }
    return createHash('sha256')
        .update(NODE)
        .update(treeHash(leaves.slice(0, split)))
        .update(treeHash(leaves.slice(split)))
        .digest();
}
