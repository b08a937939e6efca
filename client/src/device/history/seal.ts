import { z } from 'zod';
import { idSchema, sha256HexSchema, timestampSchema } from '@spindle/chaincode/protocol';

/** Where a seal was anchored: the block of a machine's communication chain whose entry carries it. */
export const sealAnchorSchema = z.object({ machineId: idSchema, blockSeq: z.number().int().min(1) }).strict();

/** A seal's anchor. */
export type SealAnchor = z.infer<typeof sealAnchorSchema>;

/**
 * A seal: the readings `firstSeq` to `lastSeq` of one machine (`count` of them, no gaps) commit
 * to the Merkle `root` over their canonical JSON bytes, in seq order. `anchor` says which block
 * of the communication chain carries it, once that block is appended.
 */
export const sealSchema = z
    .object({
        machineId: idSchema,
        firstSeq: z.number().int().min(1),
        lastSeq: z.number().int().min(1),
        count: z.number().int().min(1),
        root: sha256HexSchema,
        sealedAt: timestampSchema,
        anchor: sealAnchorSchema.optional(),
    })
    .strict()
    .refine((seal) => seal.count === seal.lastSeq - seal.firstSeq + 1, {
        message: 'count must be lastSeq - firstSeq + 1',
        path: ['count'],
    });

/** A seal. */
export type Seal = z.infer<typeof sealSchema>;
