import {
    QUESTION_LIMITS,
    packBatch,
    type AnchoredSeal,
    type Answer,
    type Evidence,
    type PackedBatch,
    type Reading,
    type ReadingPath,
    type ReadingsAnswer,
    type StatusAnswer,
} from '@spindle/chaincode/protocol';

import { proveInBatch } from '../history/answer-proof';
import type { StoredSeal } from '../history/seal';
import { anchoredSeal } from './anchored-seal';
import type { EvidenceSource } from './evidence-source';

/**
 * The answer with its evidence (see `evidenceSchema`), within `maxBytes` of JSON: a status
 * answer's latest readings and a raw answer's rows get an audit path each back to their anchored
 * seal (rows cut from the end to fit, `truncated` then set); an aggregated answer gets the whole
 * sealed batches its buckets were computed from and the readings newer than the last anchored
 * seal (the oldest batches left out to fit, `complete` then false). Readings of variables the
 * question did not ask for are hidden by their leaf hash. Only seals whose block is
 * on the chain count: a reading sealed but not yet anchored is unsealed. Other answers are
 * returned as they are.
 */
export async function attachEvidence(answer: Answer, source: EvidenceSource, maxBytes: number): Promise<Answer> {
    switch (answer.kind) {
        case 'status':
            return fitListed(answer, 'latest', await provenListed(source, answer.latest), maxBytes);
        case 'readings':
            if (answer.mode === 'raw') {
                return fitListed(answer, 'rows', await provenListed(source, answer.rows), maxBytes);
            }
            return withBatches(answer, source, maxBytes);
        default:
            return answer;
    }
}

/** A listed reading's proof: its anchored seal and its audit path in the seal's batch. */
interface ListedProof {
    seal: AnchoredSeal;
    path: string[];
}

async function provenListed(source: EvidenceSource, readings: readonly Reading[]): Promise<Map<number, ListedProof>> {
    const proofs = new Map<number, ListedProof>();
    const seals = new Map<number, { stored: StoredSeal; seqs: number[] }>();
    for (const { seq } of readings) {
        const known = [...seals.values()].find(
            ({ stored }) => stored.entry.firstSeq <= seq && seq <= stored.entry.lastSeq,
        );
        const stored = known?.stored ?? (await source.sealFor(seq));
        if (stored?.anchor === undefined) {
            continue;
        }
        const group = seals.get(stored.entry.firstSeq) ?? { stored, seqs: [] };
        group.seqs.push(seq);
        seals.set(stored.entry.firstSeq, group);
    }
    for (const { stored, seqs } of seals.values()) {
        const seal = anchoredSeal(stored.entry, await source.block(stored.anchor?.blockSeq ?? 0));
        const batch = await sealedBatch(source, stored);
        const stillThere = new Set(batch.map((reading) => reading.seq));
        // A reading gone from the store since sealing gets no path: the requester refuses it as
        // sealed but unproven.
        proveInBatch(
            batch,
            seqs.filter((seq) => stillThere.has(seq)),
        ).forEach((proof, seq) => proofs.set(seq, { seal, path: proof.path }));
    }
    return proofs;
}

/** The readings a seal covers, as the store holds them now. */
async function sealedBatch(source: EvidenceSource, stored: StoredSeal): Promise<Reading[]> {
    const { firstSeq, lastSeq, count } = stored.entry;
    return (await source.readingsFrom(firstSeq, count)).filter((reading) => reading.seq <= lastSeq);
}

function evidenceFor(listed: readonly Reading[], proofs: ReadonlyMap<number, ListedProof>): Evidence {
    const seals: AnchoredSeal[] = [];
    const indexOf = new Map<AnchoredSeal, number>();
    const paths: ReadingPath[] = [];
    for (const { seq } of listed) {
        const proof = proofs.get(seq);
        if (proof === undefined) {
            continue;
        }
        let index = indexOf.get(proof.seal);
        if (index === undefined) {
            index = seals.push(proof.seal) - 1;
            indexOf.set(proof.seal, index);
        }
        paths.push({ seq, seal: index, path: proof.path });
    }
    return { seals, paths, batches: [], unsealed: [], complete: true };
}

/** The longest prefix of the listed readings whose answer, with their evidence, fits `maxBytes`. */
function fitListed<T extends StatusAnswer | ReadingsAnswer>(
    answer: T,
    key: 'latest' | 'rows',
    proofs: ReadonlyMap<number, ListedProof>,
    maxBytes: number,
): T {
    const listed = (answer as unknown as Record<string, Reading[]>)[key] ?? [];
    const build = (kept: number): T => ({
        ...answer,
        [key]: listed.slice(0, kept),
        truncated: answer.truncated || kept < listed.length,
        evidence: evidenceFor(listed.slice(0, kept), proofs),
    });
    let low = 0;
    let high = listed.length;
    while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (byteLength(build(middle)) <= maxBytes) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    return build(low);
}

/**
 * An aggregated answer with the sealed batches behind its buckets. The batches are read whole,
 * the asked variables' readings shown and the others hidden by their leaf hash, from the seal covering the earliest reading counted to the last anchored
 * one; the readings counted after that go along as `unsealed`.
 */
async function withBatches(answer: ReadingsAnswer, source: EvidenceSource, maxBytes: number): Promise<ReadingsAnswer> {
    const counted: Reading[] = [];
    let complete = true;
    const asked = new Set(answer.buckets.map((bucket) => bucket.variable));
    for (const variable of asked) {
        const own = answer.buckets.filter((bucket) => bucket.variable === variable);
        const from = new Date(own[0]?.start ?? answer.from);
        const to = new Date(own[own.length - 1]?.end ?? answer.to);
        const read = await source.readings(variable, from, to, QUESTION_LIMITS.aggregateReadingsMax);
        complete &&= read.length < QUESTION_LIMITS.aggregateReadingsMax;
        counted.push(...read);
    }
    const seqs = counted.map((reading) => reading.seq);
    const seals = seqs.length === 0 ? [] : await anchoredSealsCovering(source, Math.min(...seqs), Math.max(...seqs));
    const sealedThrough = seals[seals.length - 1]?.entry.lastSeq ?? 0;
    const unsealed = counted.filter((reading) => reading.seq > sealedThrough).sort((a, b) => a.seq - b.seq);
    const anchored: AnchoredSeal[] = [];
    const packed: PackedBatch[] = [];
    for (const stored of seals) {
        const seal = anchoredSeal(stored.entry, await source.block(stored.anchor?.blockSeq ?? 0));
        const batch = packBatch(anchored.length, stored.entry, await sealedBatch(source, stored), asked);
        if (batch === undefined) {
            complete = false;
            continue;
        }
        anchored.push(seal);
        packed.push(batch);
    }
    const build = (dropped: number, withUnsealed: boolean): ReadingsAnswer => ({
        ...answer,
        evidence: {
            seals: anchored.slice(dropped),
            paths: [],
            batches: packed.slice(dropped).map((batch) => ({ ...batch, seal: batch.seal - dropped })),
            unsealed: withUnsealed ? unsealed : [],
            complete: complete && dropped === 0 && withUnsealed,
        },
    });
    for (let dropped = 0; dropped <= packed.length; dropped += 1) {
        const fitted = build(dropped, true);
        if (byteLength(fitted) <= maxBytes) {
            return fitted;
        }
    }
    return build(packed.length, false);
}

/**
 * The anchored seals covering seqs `firstSeq` to `lastSeq`, oldest first, stopping at the first
 * seal not yet anchored: seals are anchored in order, so those after it are not either.
 */
async function anchoredSealsCovering(source: EvidenceSource, firstSeq: number, lastSeq: number): Promise<StoredSeal[]> {
    const covering: StoredSeal[] = [];
    for (let from = firstSeq; from <= lastSeq;) {
        const page = await source.seals(from, 100);
        for (const stored of page) {
            if (stored.entry.firstSeq > lastSeq || stored.anchor === undefined) {
                return covering;
            }
            covering.push(stored);
        }
        const last = page[page.length - 1];
        if (last === undefined || page.length < 100) {
            return covering;
        }
        from = last.entry.lastSeq + 1;
    }
    return covering;
}

function byteLength(value: unknown): number {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
