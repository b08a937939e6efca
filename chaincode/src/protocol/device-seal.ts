import { z } from 'zod';
import { DomainError } from './domain-error';
import { idSchema, sha256HexSchema, timestampSchema } from './identifiers';
import { LIMITS } from './limits';
import { parseJsonText, parseValue } from './parse-input';

/** The transient field of `Communication:appendBlock` that carries the seals it records. */
export const TRANSIENT_BLOCK_SEALS = 'seals';

/** Readings one seal covers at most. */
export const SEAL_READINGS_MAX = 100_000;

/**
 * A seal of the device area, as an entry of the machine's communication chain: the Merkle root
 * (RFC 6962, as `merkleRoot` computes it) of its readings `firstSeq` to `lastSeq`, whose source
 * timestamps run from `fromTimestamp` to `toTimestamp`. Once its block's hash is anchored in
 * public state, a reading with an inclusion proof to `root` cannot be edited or dropped after the
 * fact, even by the mill that stores the machine's data.
 */
export const sealEntrySchema = z
    .object({
        kind: z.literal('seal'),
        machineId: idSchema,
        firstSeq: z.number().int().min(1),
        lastSeq: z.number().int().min(1),
        count: z.number().int().min(1).max(SEAL_READINGS_MAX),
        root: sha256HexSchema,
        fromTimestamp: timestampSchema,
        toTimestamp: timestampSchema,
    })
    .strict()
    .refine((seal) => seal.lastSeq - seal.firstSeq + 1 === seal.count, {
        message: 'count must be lastSeq - firstSeq + 1',
        path: ['count'],
    })
    .refine((seal) => seal.fromTimestamp <= seal.toTimestamp, {
        message: 'fromTimestamp must not be after toTimestamp',
        path: ['toTimestamp'],
    });

/** A seal entry. */
export type SealEntry = z.infer<typeof sealEntrySchema>;

const sealsSchema = z.array(sealEntrySchema).max(LIMITS.blockEntriesMax);

/**
 * Parses the transient seals of an append: a JSON array of seal entries, or nothing.
 *
 * @throws DomainError INVALID_ARGUMENT when they do not parse; PAYLOAD_TOO_LARGE over
 *   `LIMITS.argumentBytes`.
 */
export function parseBlockSeals(bytes: Uint8Array | undefined): SealEntry[] {
    if (bytes === undefined || bytes.length === 0) {
        return [];
    }
    if (bytes.length > LIMITS.argumentBytes) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `the block seals are larger than ${LIMITS.argumentBytes} bytes`);
    }
    const what = `transient ${TRANSIENT_BLOCK_SEALS}`;
    return parseValue(sealsSchema, parseJsonText(bytes, what), what);
}
