import { z } from 'zod';
import { chainBlockSchema } from './communication';
import { readingSchema, variableSchema, type Reading } from './device-reading';
import { sealEntrySchema, SEAL_READINGS_MAX, type SealEntry } from './device-seal';
import { LIMITS } from './limits';
import { MERKLE_PATH_MAX, merkleLeafHash } from './merkle-proof';
import { toCanonicalBytes } from './canonical-json';
import { sha256HexSchema } from './identifiers';

/** The most seals one answer's evidence names. */
export const EVIDENCE_SEALS_MAX = 256;

/** The header of a communication block: what `blockHash` hashes, without the entries. */
export const blockHeaderSchema = chainBlockSchema.omit({ entries: true }).strict();

/** A block header. */
export type BlockHeader = z.infer<typeof blockHeaderSchema>;

/**
 * A seal entry with the proof that it is an entry of a block of the machine's communication chain:
 * the block's header, the entry's index among the block's entries, their count, and the entry's
 * audit path to the header's `merkleRoot`. The requester checks `blockHash(block)` against the
 * block's public anchor (`Communication:getBlockHash`), which no single mill can rewrite.
 */
export const anchoredSealSchema = z
    .object({
        entry: sealEntrySchema,
        block: blockHeaderSchema,
        entryIndex: z.number().int().min(0),
        entryCount: z.number().int().min(1).max(LIMITS.blockEntriesMax),
        entryPath: z.array(sha256HexSchema).max(8),
    })
    .strict()
    .refine((seal) => seal.entryIndex < seal.entryCount, {
        message: 'entryIndex past entryCount',
        path: ['entryIndex'],
    });

/** An anchored seal. */
export type AnchoredSeal = z.infer<typeof anchoredSealSchema>;

/** The audit path of one reading (by seq) in the batch of seal `seal` (an index into `seals`). */
export const readingPathSchema = z
    .object({
        seq: z.number().int().min(1),
        seal: z.number().int().min(0),
        path: z.array(sha256HexSchema).max(MERKLE_PATH_MAX),
    })
    .strict();

/** A reading's path. */
export type ReadingPath = z.infer<typeof readingPathSchema>;

/**
 * A whole sealed batch, packed: every reading the seal covers, in seq order, either shown as
 * `[variable index, value, source time in ms after the seal's fromTimestamp]` or, for a variable
 * the question did not ask for, hidden as its Merkle leaf hash (hex). The seq is the seal's
 * `firstSeq` plus the position, the machine the seal's. The requester rebuilds the batch's root
 * from the shown readings and the hidden hashes, so it needs no paths and sees every asked
 * reading of the batch, and nothing of the other variables but their count.
 */
export const packedBatchSchema = z
    .object({
        seal: z.number().int().min(0),
        variables: z.array(z.tuple([variableSchema, z.string().max(16)])).max(256),
        readings: z
            .array(
                z.union([
                    z.tuple([z.number().int().min(0), z.number().finite(), z.number().int().min(0)]),
                    sha256HexSchema,
                ]),
            )
            .min(1)
            .max(SEAL_READINGS_MAX),
    })
    .strict();

/** A packed batch. */
export type PackedBatch = z.infer<typeof packedBatchSchema>;

/**
 * What an answer rests on, for the requester to check at step 9 (see `verifyEvidence`):
 * - `seals`: the anchored seals the proofs reach;
 * - `paths`: one per proven reading the answer lists (raw rows, a status answer's latest);
 * - `batches`: whole sealed batches, and `unsealed`, the asked readings newer than the last
 *   anchored seal, from which the requester recomputes an aggregated answer's buckets;
 * - `complete`: whether the batches and `unsealed` hold every reading the buckets count (false
 *   when they did not fit the answer); a reading listed without a path is unsealed.
 */
export const evidenceSchema = z
    .object({
        seals: z.array(anchoredSealSchema).max(EVIDENCE_SEALS_MAX),
        paths: z.array(readingPathSchema),
        batches: z.array(packedBatchSchema),
        unsealed: z.array(readingSchema),
        complete: z.boolean(),
    })
    .strict();

/** An answer's evidence. */
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * Packs a sealed batch, showing the readings of `shown` variables and hiding the others by their
 * leaf hash; undefined when a shown reading's time would not come back as the same text (a store
 * written with another timestamp form), so it cannot be rebuilt exactly.
 */
export function packBatch(
    sealIndex: number,
    seal: SealEntry,
    batch: readonly Reading[],
    shown: ReadonlySet<string>,
): PackedBatch | undefined {
    const base = Date.parse(seal.fromTimestamp);
    const variables: [string, string][] = [];
    const indexOf = new Map<string, number>();
    const readings: PackedBatch['readings'] = [];
    for (const reading of batch) {
        if (!shown.has(reading.variable)) {
            readings.push(merkleLeafHash(toCanonicalBytes(reading)).toString('hex'));
            continue;
        }
        const at = Date.parse(reading.sourceTimestamp);
        if (new Date(at).toISOString() !== reading.sourceTimestamp || at < base) {
            return undefined;
        }
        const key = `${reading.variable}\u0000${reading.unit}`;
        let index = indexOf.get(key);
        if (index === undefined) {
            index = variables.length;
            indexOf.set(key, index);
            variables.push([reading.variable, reading.unit]);
        }
        readings.push([index, reading.value, at - base]);
    }
    return { seal: sealIndex, variables, readings };
}

/** A packed batch read back: its shown readings, and every leaf's hash in batch order. */
export interface UnpackedBatch {
    readonly shown: Reading[];
    readonly leafHashes: Buffer[];
}

/**
 * The shown readings and leaf hashes of a packed batch of `seal`, or undefined when a reading
 * names a variable the batch does not list.
 */
export function unpackBatch(batch: PackedBatch, seal: SealEntry): UnpackedBatch | undefined {
    const base = Date.parse(seal.fromTimestamp);
    const shown: Reading[] = [];
    const leafHashes: Buffer[] = [];
    for (const [position, packed] of batch.readings.entries()) {
        if (typeof packed === 'string') {
            leafHashes.push(Buffer.from(packed, 'hex'));
            continue;
        }
        const [index, value, offset] = packed;
        const variable = batch.variables[index];
        if (variable === undefined) {
            return undefined;
        }
        const reading: Reading = {
            machineId: seal.machineId,
            seq: seal.firstSeq + position,
            variable: variable[0],
            value,
            unit: variable[1],
            sourceTimestamp: new Date(base + offset).toISOString(),
        };
        shown.push(reading);
        leafHashes.push(merkleLeafHash(toCanonicalBytes(reading)));
    }
    return { shown, leafHashes };
}
