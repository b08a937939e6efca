import { z } from 'zod';
import { chainBlockSchema } from './communication';
import { readingSchema, variableSchema, type Reading } from './device-reading';
import { sealEntrySchema, SEAL_READINGS_MAX, type SealEntry } from './device-seal';
import { LIMITS } from './limits';
import { MERKLE_PATH_MAX } from './merkle-proof';
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
 * A whole sealed batch, packed: every reading the seal covers, in seq order, as
 * `[variable index, value, source time in ms after the seal's fromTimestamp]`. The seq is the
 * seal's `firstSeq` plus the position, the machine the seal's. The requester rebuilds each
 * reading and the batch's Merkle root, so it needs no paths and sees every reading of the batch.
 */
export const packedBatchSchema = z
    .object({
        seal: z.number().int().min(0),
        variables: z
            .array(z.tuple([variableSchema, z.string().max(16)]))
            .min(1)
            .max(256),
        readings: z
            .array(z.tuple([z.number().int().min(0), z.number().finite(), z.number().int().min(0)]))
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
 * Packs a sealed batch, or returns undefined when a reading's time would not come back as the
 * same text (a store written with another timestamp form), so it cannot be rebuilt exactly.
 */
export function packBatch(sealIndex: number, seal: SealEntry, batch: readonly Reading[]): PackedBatch | undefined {
    const base = Date.parse(seal.fromTimestamp);
    const variables: [string, string][] = [];
    const indexOf = new Map<string, number>();
    const readings: [number, number, number][] = [];
    for (const reading of batch) {
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

/**
 * The readings of a packed batch of `seal`, or undefined when a reading names a variable the
 * batch does not list.
 */
export function unpackBatch(batch: PackedBatch, seal: SealEntry): Reading[] | undefined {
    const base = Date.parse(seal.fromTimestamp);
    const readings: Reading[] = [];
    for (const [position, [index, value, offset]] of batch.readings.entries()) {
        const variable = batch.variables[index];
        if (variable === undefined) {
            return undefined;
        }
        readings.push({
            machineId: seal.machineId,
            seq: seal.firstSeq + position,
            variable: variable[0],
            value,
            unit: variable[1],
            sourceTimestamp: new Date(base + offset).toISOString(),
        });
    }
    return readings;
}
