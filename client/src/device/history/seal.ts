import { z } from 'zod';
import { idSchema, sealEntrySchema, timestampSchema } from '@spindle/chaincode/protocol';

/** Where a seal was anchored: the block of a machine's communication chain whose entry it is. */
export const sealAnchorSchema = z.object({ machineId: idSchema, blockSeq: z.number().int().min(1) }).strict();

/** A seal's anchor. */
export type SealAnchor = z.infer<typeof sealAnchorSchema>;

/**
 * A seal as the history store keeps it: the seal entry the machine's communication chain carries
 * (readings `firstSeq` to `lastSeq` commit to a Merkle root), when the agent sealed them, and
 * which block carries the entry, once that block is appended.
 */
export const storedSealSchema = z
    .object({ entry: sealEntrySchema, sealedAt: timestampSchema, anchor: sealAnchorSchema.optional() })
    .strict();

/** A stored seal. */
export type StoredSeal = z.infer<typeof storedSealSchema>;
