import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import {
    merkleAuditPath,
    merkleProofSchema,
    merkleRoot,
    newMerkleTree,
    toCanonicalBytes,
    verifyMerkleProof,
} from '@spindle/chaincode/protocol';

const SIZES = Array.from({ length: 40 }, (_, i) => i + 1);

/** Entries of a block-like tree of `n` leaves, the same for the same `n`. */
function entriesOf(n: number): { n: number; i: number; salt: string }[] {
    return Array.from({ length: n }, (_, i) => ({
        n,
        i,
        salt: createHash('sha256').update(`${n}/${i}`).digest('hex'),
    }));
}

function hashOf(prefix: number, ...parts: Uint8Array[]): Buffer {
    const hash = createHash('sha256').update(Buffer.from([prefix]));
    parts.forEach((part) => hash.update(part));
    return hash.digest();
}

/** RFC 6962's recursive PATH(m, D[n]), written from the RFC, with the side of each sibling. */
function referencePath(leaves: readonly Uint8Array[], m: number): { hash: string; side: 'left' | 'right' }[] {
    const treeHash = (part: readonly Uint8Array[]): Buffer => {
        if (part.length === 1) {
            return hashOf(0, part[0] ?? new Uint8Array());
        }
        const k = largestPowerOfTwoBelow(part.length);
        return hashOf(1, treeHash(part.slice(0, k)), treeHash(part.slice(k)));
    };
    if (leaves.length <= 1) {
        return [];
    }
    const k = largestPowerOfTwoBelow(leaves.length);
    return m < k
        ? [...referencePath(leaves.slice(0, k), m), { hash: treeHash(leaves.slice(k)).toString('hex'), side: 'right' }]
        : [
              ...referencePath(leaves.slice(k), m - k),
              { hash: treeHash(leaves.slice(0, k)).toString('hex'), side: 'left' },
          ];
}

function largestPowerOfTwoBelow(n: number): number {
    let k = 1;
    while (k * 2 < n) {
        k *= 2;
    }
    return k;
}

function flipHex(hex: string, at: number): string {
    const digit = hex[at] === '0' ? '1' : '0';
    return hex.slice(0, at) + digit + hex.slice(at + 1);
}

describe('Merkle inclusion proofs (RFC 6962 audit paths)', function () {
    this.timeout(30_000);

    it("builds the same root as a block's merkleRoot for 0 to 40 leaves", function () {
        for (const n of [0, ...SIZES]) {
            const entries = entriesOf(n);
            expect(newMerkleTree(entries.map((entry) => toCanonicalBytes(entry))).root, `n=${n}`).to.equal(
                merkleRoot(entries),
            );
        }
    });

    it("proves every leaf of every tree of 1 to 40 leaves against merkleRoot, with RFC 6962's path", function () {
        let proofs = 0;
        for (const n of SIZES) {
            const entries = entriesOf(n);
            const leaves = entries.map((entry) => toCanonicalBytes(entry));
            const root = merkleRoot(entries);
            for (let index = 0; index < n; index++) {
                const path = merkleAuditPath(leaves, index);
                expect(path, `n=${n} index=${index}`).to.deep.equal(
                    referencePath(leaves, index).map((step) => step.hash),
                );
                const leafBytes = leaves[index] ?? new Uint8Array();
                expect(verifyMerkleProof({ leafBytes, index, treeSize: n, path, root }), `n=${n} index=${index}`).to.be
                    .true;
                proofs++;
            }
        }
        expect(proofs).to.equal((40 * 41) / 2);
    });

    it('refuses a changed leaf, a changed path element, a missing or extra element and any other index', function () {
        for (const n of SIZES) {
            const entries = entriesOf(n);
            const leaves = entries.map((entry) => toCanonicalBytes(entry));
            const root = merkleRoot(entries);
            const tree = newMerkleTree(leaves);
            for (let index = 0; index < n; index++) {
                const path = tree.auditPath(index);
                const leafBytes = leaves[index] ?? new Uint8Array();
                const proof = { leafBytes, index, treeSize: n, path, root };
                const changedLeaf = toCanonicalBytes({ ...entries[index], salt: 'changed' });
                expect(verifyMerkleProof({ ...proof, leafBytes: changedLeaf })).to.be.false;
                path.forEach((hash, at) => {
                    const changed = path.map((other, k) => (k === at ? flipHex(hash, 17) : other));
                    expect(verifyMerkleProof({ ...proof, path: changed }), `n=${n} index=${index} at=${at}`).to.be
                        .false;
                });
                if (path.length > 0) {
                    expect(verifyMerkleProof({ ...proof, path: path.slice(1) })).to.be.false;
                    expect(verifyMerkleProof({ ...proof, path: path.slice(0, -1) })).to.be.false;
                }
                expect(verifyMerkleProof({ ...proof, path: [...path, root] })).to.be.false;
                for (let other = -1; other <= n; other++) {
                    if (other !== index) {
                        expect(verifyMerkleProof({ ...proof, index: other }), `n=${n} ${index}->${other}`).to.be.false;
                    }
                }
                expect(verifyMerkleProof({ ...proof, root: flipHex(root, 0) })).to.be.false;
            }
        }
    });

    it('refuses a changed tree size unless the leaf sits on the same side at every level of both trees', function () {
        // RFC 6962 paths do not bind the size by themselves: leaf 0 of 3 and of 4 has one
        // right-hand sibling, then one more. So a verifier takes the size from where it takes
        // the root (the seal), never from the prover. This pins exactly when a size is refused.
        const sidesOf = new Map<string, string>();
        for (let size = 1; size <= 41; size++) {
            const leaves = entriesOf(size).map((entry) => toCanonicalBytes(entry));
            for (let index = 0; index < size; index++) {
                sidesOf.set(
                    `${size}/${index}`,
                    referencePath(leaves, index)
                        .map((step) => step.side)
                        .join(),
                );
            }
        }
        let refused = 0;
        for (const n of SIZES) {
            const leaves = entriesOf(n).map((entry) => toCanonicalBytes(entry));
            const root = newMerkleTree(leaves).root;
            for (let index = 0; index < n; index++) {
                const path = merkleAuditPath(leaves, index);
                for (let size = 1; size <= 41; size++) {
                    if (size === n) {
                        continue;
                    }
                    const sameShape = sidesOf.get(`${size}/${index}`) === sidesOf.get(`${n}/${index}`);
                    const leafBytes = leaves[index] ?? new Uint8Array();
                    const verified = verifyMerkleProof({ leafBytes, index, treeSize: size, path, root });
                    expect(verified, `n=${n} index=${index} size=${size}`).to.equal(sameShape);
                    refused += verified ? 0 : 1;
                }
            }
        }
        expect(refused).to.be.greaterThan(0);
    });

    it('proves and refuses on seeded random trees (property)', function () {
        fc.assert(
            fc.property(
                fc.array(fc.uint8Array({ maxLength: 48 }), { minLength: 1, maxLength: 300 }),
                fc.nat(),
                fc.nat(),
                (raw, pick, flip) => {
                    // Numbered, so no two leaves are equal (equal leaves may rightly swap places).
                    const leaves = raw.map((bytes, i) => Uint8Array.from([i >> 8, i & 255, ...bytes]));
                    const index = pick % leaves.length;
                    const tree = newMerkleTree(leaves);
                    const path = tree.auditPath(index);
                    const leafBytes = leaves[index] ?? new Uint8Array();
                    const proof = { leafBytes, index, treeSize: leaves.length, path, root: tree.root };
                    expect(verifyMerkleProof(proof)).to.be.true;
                    const changed = Uint8Array.from([...leafBytes, flip % 256]);
                    expect(verifyMerkleProof({ ...proof, leafBytes: changed })).to.be.false;
                    if (path.length > 0) {
                        const at = flip % path.length;
                        const changedPath = path.map((hash, k) => (k === at ? flipHex(hash, flip % 64) : hash));
                        expect(verifyMerkleProof({ ...proof, path: changedPath })).to.be.false;
                    }
                    if (leaves.length > 1) {
                        const other = (index + 1 + (flip % (leaves.length - 1))) % leaves.length;
                        expect(verifyMerkleProof({ ...proof, index: other })).to.be.false;
                    }
                },
            ),
            { seed: 13, numRuns: 300 },
        );
    });

    it('refuses malformed proofs without throwing', function () {
        const leaves = entriesOf(5).map((entry) => toCanonicalBytes(entry));
        const tree = newMerkleTree(leaves);
        const proof = {
            leafBytes: leaves[2] ?? new Uint8Array(),
            index: 2,
            treeSize: 5,
            path: tree.auditPath(2),
            root: tree.root,
        };
        expect(verifyMerkleProof({ ...proof, index: 1.5 })).to.be.false;
        expect(verifyMerkleProof({ ...proof, treeSize: 0 })).to.be.false;
        expect(verifyMerkleProof({ ...proof, root: tree.root.toUpperCase() })).to.be.false;
        expect(verifyMerkleProof({ ...proof, path: ['zz', ...proof.path.slice(1)] })).to.be.false;
        expect(() => tree.auditPath(5)).to.throw(RangeError);
        expect(merkleProofSchema.safeParse({ index: 5, treeSize: 5, path: [], root: tree.root }).success).to.be.false;
        expect(merkleProofSchema.safeParse({ index: 2, treeSize: 5, path: proof.path, root: tree.root }).success).to.be
            .true;
    });
});
