import { z } from 'zod';
import { idSchema, timestampSchema } from './identifiers';

/** A variable a machine's controller reports, e.g. `lapWeight`, `cv`, `nepsPerGram`. */
export const VARIABLE_PATTERN = /^[a-z][A-Za-z0-9]{0,31}$/;

/** A variable name. */
export const variableSchema = z.string().regex(VARIABLE_PATTERN, `must match ${VARIABLE_PATTERN.source}`);

/**
 * One reading of the device area: a value a machine's controller served over OPC UA, with the
 * controller's source timestamp, numbered in the machine's history store (`seq` from 1, no gaps).
 * Its canonical JSON bytes are the leaf of the Merkle tree a seal commits to, so the agent and a
 * requester that verifies an answer hash it the same way.
 */
export const readingSchema = z
    .object({
        machineId: idSchema,
        seq: z.number().int().min(1),
        variable: variableSchema,
        value: z.number().finite(),
        unit: z.string().max(16),
        sourceTimestamp: timestampSchema,
    })
    .strict();

/** One reading of the device area. */
export type Reading = z.infer<typeof readingSchema>;
