import { createHash } from 'node:crypto';
import { z } from 'zod';
import { sha256HexSchema } from './identifiers';

/** The deepest audit path a proof may carry: a tree of 2^63 leaves, far past any batch. */
export const MERKLE_PATH_MAX = 63;

/**
 * An RFC 6962 inclusion proof (audit path) of one leaf in a Merkle tree of `treeSize` leaves:
 * the sibling hashes from the leaf up (hex), and the root they lead to. `root` is what the prover
 * claims; a verifier compares it with a root it trusts (see {@link verifyMerkleProof}).
 */
export const merkleProofSchema = z
    .object({
        index: z.number().int().min(0),
        treeSize: z.number().int().min(1),
        path: z.array(sha256HexSchema).max(MERKLE_PATH_MAX),
        root: sha256HexSchema,
    })
    .strict()
    .refine((proof) => proof.index < proof.treeSize, { message: 'index must be below treeSize', path: ['index'] });

/** An inclusion proof. */
export type MerkleProof = z.infer<typeof merkleProofSchema>;

/**
 * A Merkle tree over leaves' bytes, hashed as `merkleRoot` (chain-hash.ts) hashes a block's
 * entries: leaf = SHA-256(0x00 || bytes), node = SHA-256(0x01 || left || right), the left subtree
 * holding the largest power of two below the size. Built once, it gives every leaf's audit path.
 */
export interface MerkleTree {
    /** The number of leaves. */
    readonly size: number;
    /** The root, hex; for no leaves the SHA-256 of nothing, as RFC 6962 says. */
    readonly root: string;
    /**
     * The audit path of leaf `index`, hex, nearest sibling first.
     *
     * @throws RangeError when `index` is not a leaf of the tree.
     */
    auditPath(index: number): string[];
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The hash of a leaf: SHA-256(0x00 || bytes). */
export function merkleLeafHash(bytes: Uint8Array): Buffer {
    return createHash('sha256').update(LEAF).update(bytes).digest();
}

function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
    return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/**
 * Builds the tree over `leaves` (each leaf's bytes, e.g. `toCanonicalBytes(entry)`), level by
 * level: pairs are hashed and a last node without a partner moves up unchanged, which gives the
 * same tree as RFC 6962's split at the largest power of two below the size.
 */
export function newMerkleTree(leaves: readonly Uint8Array[]): MerkleTree {
    return treeOfLeafHashes(leaves.map((leaf) => merkleLeafHash(leaf)));
}

/**
 * The root over leaves given by their hashes (`merkleLeafHash`), for a verifier shown some
 * leaves only by hash: the same root `newMerkleTree` gives over the leaves themselves.
 */
export function merkleRootOfLeafHashes(leafHashes: readonly Uint8Array[]): string {
    return treeOfLeafHashes(leafHashes.map((hash) => Buffer.from(hash))).root;
}

function treeOfLeafHashes(leaves: Buffer[]): MerkleTree {
    const levels: Buffer[][] = [leaves];
    for (let level = levels[0] ?? []; level.length > 1;) {
        const next: Buffer[] = [];
        for (let i = 0; i < level.length; i += 2) {
            const left = level[i] as Buffer;
            const right = level[i + 1];
            next.push(right === undefined ? left : nodeHash(left, right));
        }
        levels.push(next);
        level = next;
    }
    const top = levels[levels.length - 1]?.[0];
    return {
        size: leaves.length,
        root: (top ?? createHash('sha256').digest()).toString('hex'),
        auditPath(index: number): string[] {
            if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
                throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length} leaves`);
            }
            const path: string[] = [];
            let position = index;
            for (const level of levels.slice(0, -1)) {
                const sibling = level[position ^ 1];
                if (sibling !== undefined) {
                    path.push(sibling.toString('hex'));
                }
                position >>= 1;
            }
            return path;
        },
    };
}

/**
 * The audit path of leaf `index` among `leaves` (each leaf's bytes). For many proofs over one
 * set of leaves, build the tree once with {@link newMerkleTree}.
 *
 * @throws RangeError when `index` is not a leaf.
 */
export function merkleAuditPath(leaves: readonly Uint8Array[], index: number): string[] {
    return newMerkleTree(leaves).auditPath(index);
}

/**
 * Whether `leafBytes` is leaf `index` of a tree of `treeSize` leaves whose root is `root`, by the
 * audit path `path` (RFC 9162, section 2.1.3.2). Any malformed input gives false, never an error.
 * `root` must come from where the verifier trusts it (a sealed root on the chain), not from the
 * prover's own proof.
 */
export function verifyMerkleProof(proof: {
    leafBytes: Uint8Array;
    index: number;
    treeSize: number;
    path: readonly string[];
    root: string;
}): boolean {
    const { index, treeSize, path, root } = proof;
    const wellFormed =
        Number.isSafeInteger(index) &&
        Number.isSafeInteger(treeSize) &&
        index >= 0 &&
        index < treeSize &&
        path.length <= MERKLE_PATH_MAX &&
        HEX_DIGEST.test(root) &&
        path.every((hash) => HEX_DIGEST.test(hash));
    if (!wellFormed) {
        return false;
    }
    // BigInt: the shifts of the RFC's algorithm must not wrap at 32 bits.
    let position = BigInt(index);
    let last = BigInt(treeSize - 1);
    let hash = merkleLeafHash(proof.leafBytes);
    for (const sibling of path) {
        if (last === 0n) {
            return false;
        }
        const siblingBytes = Buffer.from(sibling, 'hex');
        if ((position & 1n) === 1n || position === last) {
            hash = nodeHash(siblingBytes, hash);
            while ((position & 1n) === 0n && position !== 0n) {
                position >>= 1n;
                last >>= 1n;
            }
        } else {
            hash = nodeHash(hash, siblingBytes);
        }
        position >>= 1n;
        last >>= 1n;
    }
    return last === 0n && hash.toString('hex') === root;
}
