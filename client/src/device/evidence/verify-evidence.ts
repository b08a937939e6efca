import {
    blockHash,
    merkleRootOfLeafHashes,
    toCanonicalBytes,
    unpackBatch,
    verifyMerkleProof,
    type AnchoredSeal,
    type Answer,
    type Evidence,
    type Reading,
    type ReadingsAnswer,
} from '@spindle/chaincode/protocol';

import { bucketFigures } from '../answer/aggregate';
import { verifyReadingProof } from '../history/answer-proof';
import type { EvidenceCheck, EvidenceFailure } from './evidence-check';

/**
 * The hash the channel's public, write-once anchor holds for block `seq` of `machineId`'s chain,
 * undefined when there is none. The requester reads it from its own mill's peer.
 */
export type AnchorHash = (machineId: string, seq: number) => Promise<string | undefined>;

/** A failed check, thrown inside and returned by {@link verifyEvidence}. */
class EvidenceRefusal extends Error {
    constructor(
        readonly reason: EvidenceFailure,
        detail: string,
    ) {
        super(detail);
    }
}

/**
 * The requester's check of an answer's evidence (step 9), walking the chain of trust:
 * 1. each seal is an entry of the block the answer says, by its audit path to the header's
 *    merkleRoot, and that header's hash is the block's public anchor on the channel;
 * 2. each listed reading with a path is in its seal's batch; a listed reading without one must be
 *    newer than every seal the evidence names (it is unsealed, and counted so);
 * 3. each packed batch rebuilds to its seal's root from its shown readings and hidden leaf
 *    hashes; the seals of an
 *    aggregated answer follow each other with no gap, and when the evidence is complete the
 *    buckets recomputed from the batches and the unsealed readings equal the answer's.
 * An answer without evidence proves nothing: its readings count as unsealed.
 */
export async function verifyEvidence(
    answer: Answer,
    responderId: string,
    anchorHash: AnchorHash,
): Promise<EvidenceCheck> {
    try {
        if (answer.machineId !== responderId) {
            throw new EvidenceRefusal('EVIDENCE_INVALID', `the answer is of ${answer.machineId}, not ${responderId}`);
        }
        if (answer.kind !== 'status' && answer.kind !== 'readings') {
            return { ok: true, proven: 0, unsealed: 0, blocks: [] };
        }
        const listed = answer.kind === 'status' ? answer.latest : answer.rows;
        const { evidence } = answer;
        if (evidence === undefined) {
            const counted =
                answer.kind === 'readings' && answer.mode === 'aggregate' ? bucketTotal(answer) : listed.length;
            return { ok: true, proven: 0, unsealed: counted, blocks: [] };
        }
        await checkSeals(evidence.seals, responderId, anchorHash);
        const blocks = blocksOf(evidence.seals);
        if (answer.kind === 'readings' && answer.mode === 'aggregate') {
            return { ok: true, ...checkAggregate(answer, evidence), blocks };
        }
        return { ok: true, ...checkListed(listed, evidence), blocks };
    } catch (error) {
        if (error instanceof EvidenceRefusal) {
            return { ok: false, reason: error.reason, detail: error.message };
        }
        throw error;
    }
}

async function checkSeals(seals: readonly AnchoredSeal[], responderId: string, anchorHash: AnchorHash): Promise<void> {
    const anchors = new Map<number, string | undefined>();
    for (const [index, { entry, block, entryIndex, entryCount, entryPath }] of seals.entries()) {
        if (entry.machineId !== responderId || block.machineId !== responderId) {
            throw new EvidenceRefusal('EVIDENCE_INVALID', `seal ${index} is not of ${responderId}'s chain`);
        }
        const inBlock = verifyMerkleProof({
            leafBytes: toCanonicalBytes(entry),
            index: entryIndex,
            treeSize: entryCount,
            path: entryPath,
            root: block.merkleRoot,
        });
        if (!inBlock) {
            throw new EvidenceRefusal('SEAL_NOT_IN_BLOCK', `seal ${index} is not an entry of block ${block.seq}`);
        }
        if (!anchors.has(block.seq)) {
            anchors.set(block.seq, await anchorHash(block.machineId, block.seq));
        }
        if (anchors.get(block.seq) !== blockHash(block)) {
            throw new EvidenceRefusal(
                'ANCHOR_MISMATCH',
                `block ${block.seq} of ${block.machineId} is not the one the channel anchors`,
            );
        }
    }
}

function checkListed(listed: readonly Reading[], evidence: Evidence): { proven: number; unsealed: number } {
    const pathOf = new Map(evidence.paths.map((path) => [path.seq, path]));
    const sealedThrough = Math.max(0, ...evidence.seals.map((seal) => seal.entry.lastSeq));
    let proven = 0;
    for (const reading of listed) {
        const path = pathOf.get(reading.seq);
        if (path === undefined) {
            if (reading.seq <= sealedThrough) {
                throw new EvidenceRefusal(
                    'READING_NOT_PROVEN',
                    `reading ${reading.seq} is sealed (the seals reach ${sealedThrough}) but carries no proof`,
                );
            }
            continue;
        }
        const seal = evidence.seals[path.seal]?.entry;
        if (seal === undefined) {
            throw new EvidenceRefusal('EVIDENCE_INVALID', `reading ${reading.seq} names seal ${path.seal}, not given`);
        }
        const check = verifyReadingProof(
            reading,
            { index: reading.seq - seal.firstSeq, treeSize: seal.count, path: path.path, root: seal.root },
            seal,
        );
        if (!check.ok) {
            throw new EvidenceRefusal(
                'READING_NOT_PROVEN',
                `reading ${reading.seq} (${reading.variable} = ${reading.value}) does not verify against its seal: ${check.reason}`,
            );
        }
        proven += 1;
    }
    return { proven, unsealed: listed.length - proven };
}

function checkAggregate(answer: ReadingsAnswer, evidence: Evidence): { proven: number; unsealed: number } {
    const sealed: Reading[] = [];
    let expectedFirst: number | undefined;
    for (const batch of evidence.batches) {
        const seal = evidence.seals[batch.seal]?.entry;
        const unpacked = seal && unpackBatch(batch, seal);
        if (seal === undefined || unpacked === undefined) {
            throw new EvidenceRefusal('EVIDENCE_INVALID', `a batch names seal ${batch.seal}, not given or unreadable`);
        }
        if (expectedFirst !== undefined && seal.firstSeq !== expectedFirst) {
            throw new EvidenceRefusal(
                'BATCH_MISMATCH',
                `the batches skip from reading ${expectedFirst} to ${seal.firstSeq}`,
            );
        }
        if (batch.readings.length !== seal.count || merkleRootOfLeafHashes(unpacked.leafHashes) !== seal.root) {
            throw new EvidenceRefusal(
                'BATCH_MISMATCH',
                `the batch of readings ${seal.firstSeq}..${seal.lastSeq} is not the one sealed in block ${evidence.seals[batch.seal]?.block.seq ?? '?'}`,
            );
        }
        expectedFirst = seal.lastSeq + 1;
        sealed.push(...unpacked.shown);
    }
    const sealedThrough = expectedFirst === undefined ? 0 : expectedFirst - 1;
    const late = evidence.unsealed.find(
        (reading) => reading.seq <= sealedThrough || reading.machineId !== answer.machineId,
    );
    if (late !== undefined) {
        throw new EvidenceRefusal(
            'EVIDENCE_INVALID',
            `reading ${late.seq} is given as unsealed but is sealed or not this machine's`,
        );
    }
    const counted = (readings: readonly Reading[]): number =>
        readings.filter((reading) => answer.buckets.some((bucket) => inBucket(reading, bucket))).length;
    if (!evidence.complete) {
        const proven = counted(sealed);
        return { proven, unsealed: Math.max(0, bucketTotal(answer) - proven) };
    }
    const pool = [...sealed, ...evidence.unsealed];
    for (const bucket of answer.buckets) {
        const values = pool.filter((reading) => inBucket(reading, bucket)).map((reading) => reading.value);
        const figures = bucketFigures(values);
        const same = (['count', 'min', 'max', 'mean', 'p95', 'cvPercent'] as const).every((key) =>
            sameFigure(figures[key], bucket[key]),
        );
        if (!same) {
            throw new EvidenceRefusal(
                'ANSWER_MISMATCH',
                `the ${bucket.variable} bucket from ${bucket.start} is not what its proven readings give`,
            );
        }
    }
    return { proven: counted(sealed), unsealed: counted(evidence.unsealed) };
}

function inBucket(reading: Reading, bucket: ReadingsAnswer['buckets'][number]): boolean {
    const at = Date.parse(reading.sourceTimestamp);
    return reading.variable === bucket.variable && at >= Date.parse(bucket.start) && at < Date.parse(bucket.end);
}

/** Equal, allowing for the last bits of a float summed in another order. */
function sameFigure(mine: number | null, theirs: number | null): boolean {
    if (mine === null || theirs === null) {
        return mine === theirs;
    }
    return Math.abs(mine - theirs) <= 1e-9 * Math.max(1, Math.abs(mine), Math.abs(theirs));
}

function bucketTotal(answer: ReadingsAnswer): number {
    return answer.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
}

function blocksOf(seals: readonly AnchoredSeal[]): { machineId: string; seq: number }[] {
    const seqs = [...new Set(seals.map((seal) => seal.block.seq))].sort((a, b) => a - b);
    return seqs.map((seq) => ({ machineId: seals[0]?.block.machineId ?? '', seq }));
}
