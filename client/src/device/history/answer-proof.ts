import {
    readingSchema,
    verifyMerkleProof,
    type MerkleProof,
    type Reading,
    type SealEntry,
} from '@spindle/chaincode/protocol';

import { HistoryError } from './history-error';
import { batchTree, readingLeaf } from './seal-batch';

/** What proving needs of a store: its seals and the readings they cover (the history store has both). */
export interface ProofSource {
    /** The machine whose history it is. */
    readonly machineId: string;
    /** The seal covering reading `seq`, undefined while it is unsealed. */
    sealFor(seq: number): Promise<{ entry: SealEntry } | undefined>;
    /** Up to `limit` readings from seq `seq` on, in seq order. */
    readingsFrom(seq: number, limit: number): Promise<Reading[]>;
}

/** A reading of an answer with its inclusion proof in its seal, or marked unsealed (newer than the last seal). */
export type ProvenReading =
    | { status: 'sealed'; reading: Reading; seal: SealEntry; proof: MerkleProof }
    | { status: 'unsealed'; reading: Reading };

/**
 * The inclusion proofs of readings `seqs` in a sealed batch (the readings the seal covers, as the
 * store holds them, in seq order). The proof's root is the batch's as it is now: if a reading was
 * changed or removed since sealing, it is not the seal's, and the requester refuses the proof.
 *
 * @throws HistoryError NOT_FOUND when a seq is not in the batch.
 */
export function proveInBatch(batch: readonly Reading[], seqs: readonly number[]): Map<number, MerkleProof> {
    const tree = batchTree(batch);
    const indexOf = new Map(batch.map((reading, index) => [reading.seq, index]));
    return new Map(
        seqs.map((seq) => {
            const index = indexOf.get(seq);
            if (index === undefined) {
                throw new HistoryError('NOT_FOUND', `reading ${seq} is not in the batch`);
            }
            return [seq, { index, treeSize: tree.size, path: tree.auditPath(index), root: tree.root }];
        }),
    );
}

/**
 * Proves the readings of an answer: each sealed one with its seal and its inclusion proof (each
 * sealed batch read and hashed once), the others marked unsealed. Order is kept.
 *
 * @throws HistoryError from the source (HISTORY_CORRUPT...).
 */
export async function proveReadings(source: ProofSource, readings: readonly Reading[]): Promise<ProvenReading[]> {
    const sealOf = new Map<number, SealEntry | undefined>();
    for (const { seq } of readings) {
        const known = [...sealOf.values()].find((seal) => seal && seal.firstSeq <= seq && seq <= seal.lastSeq);
        sealOf.set(seq, known ?? (await source.sealFor(seq))?.entry);
    }
    const proofs = new Map<number, MerkleProof>();
    for (const seal of new Set(sealOf.values())) {
        if (seal) {
            const batch = (await source.readingsFrom(seal.firstSeq, seal.count)).filter(
                (reading) => reading.seq <= seal.lastSeq,
            );
            const stored = new Set(batch.map((reading) => reading.seq));
            const seqs = readings.map(({ seq }) => seq).filter((seq) => sealOf.get(seq) === seal && stored.has(seq));
            proveInBatch(batch, seqs).forEach((proof, seq) => proofs.set(seq, proof));
        }
    }
    return readings.map((reading): ProvenReading => {
        const seal = sealOf.get(reading.seq);
        const proof = proofs.get(reading.seq);
        return seal && proof ? { status: 'sealed', reading, seal, proof } : { status: 'unsealed', reading };
    });
}

/** Why a reading does not verify against a seal. */
export type ProofFailure =
    | 'READING_INVALID'
    | 'MACHINE_MISMATCH'
    | 'OUTSIDE_SEAL'
    | 'INDEX_MISMATCH'
    | 'SIZE_MISMATCH'
    | 'ROOT_MISMATCH'
    | 'PATH_INVALID';

/** The outcome of {@link verifyReadingProof}. */
export type ProofCheck = { ok: true } | { ok: false; reason: ProofFailure };

/**
 * Whether `reading` is in the batch `seal` commits to, by `proof`. The seal entry (its root and
 * count) must come from the chain, never from the answer alone: RFC 6962 paths do not bind the
 * tree's size by themselves. The chain of trust the requester walks at step 9:
 * 1. reading → batch root: this check (leaf = the reading's canonical JSON bytes, index =
 *    seq − firstSeq, tree size = the seal's count, root = the seal's root);
 * 2. seal → block: the seal entry is an entry of a block of the machine's communication chain,
 *    whose header's merkleRoot is `merkleRoot(entries)`; the answer carries the header, the
 *    entry, its index among the entries and `newMerkleTree(entries.map(toCanonicalBytes))
 *    .auditPath(index)`, checked with `verifyMerkleProof` against the header's merkleRoot;
 * 3. block → public state: `blockHash(header)` equals the block's write-once public anchor
 *    (`Communication:getBlockHash`), which no single mill can rewrite.
 * A reading changed after sealing fails here with PATH_INVALID (edited in the answer) or
 * ROOT_MISMATCH (edited in the store, so the agent's batch no longer has the sealed root); a
 * reading removed from the store shrinks the batch, so proofs fail with SIZE_MISMATCH or
 * INDEX_MISMATCH.
 */
export function verifyReadingProof(reading: Reading, proof: MerkleProof, seal: SealEntry): ProofCheck {
    const fail = (reason: ProofFailure): ProofCheck => ({ ok: false, reason });
    if (!readingSchema.safeParse(reading).success) {
        return fail('READING_INVALID');
    }
    if (reading.machineId !== seal.machineId) {
        return fail('MACHINE_MISMATCH');
    }
    if (reading.seq < seal.firstSeq || reading.seq > seal.lastSeq) {
        return fail('OUTSIDE_SEAL');
    }
    if (proof.index !== reading.seq - seal.firstSeq) {
        return fail('INDEX_MISMATCH');
    }
    if (proof.treeSize !== seal.count) {
        return fail('SIZE_MISMATCH');
    }
    if (proof.root !== seal.root) {
        return fail('ROOT_MISMATCH');
    }
    const leafBytes = readingLeaf(reading);
    return verifyMerkleProof({ ...proof, leafBytes }) ? { ok: true } : fail('PATH_INVALID');
}
