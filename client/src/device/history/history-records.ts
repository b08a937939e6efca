import type { z } from 'zod';
import { readingSchema, toCanonicalJson, type Reading } from '@spindle/chaincode/protocol';

import { HistoryError } from './history-error';
import { seqOfKey } from './history-keys';
import { storedSealSchema, type StoredSeal } from './seal';

/** The stored form of a reading or seal: its canonical JSON. */
export function toRecord(value: Reading | StoredSeal): string {
    return toCanonicalJson(value);
}

/**
 * A reading read back from `key`, checked against its schema, its machine and the seq its key
 * names, so a record moved, edited or torn is never taken for a reading.
 *
 * @throws HistoryError HISTORY_CORRUPT when it is not.
 */
export function parseStoredReading(key: string, text: string, machineId: string): Reading {
    const reading = parseRecord(key, text, readingSchema);
    if (reading.machineId !== machineId || reading.seq !== seqOfKey(key)) {
        throw new HistoryError(
            'HISTORY_CORRUPT',
            `record ${key} holds reading ${reading.seq} of ${reading.machineId}, not its key's of ${machineId}`,
        );
    }
    return reading;
}

/**
 * A seal read back from `key` (which names its last seq), checked like a reading.
 *
 * @throws HistoryError HISTORY_CORRUPT when it does not parse or match its key.
 */
export function parseStoredSeal(key: string, text: string, machineId: string): StoredSeal {
    const seal = parseRecord(key, text, storedSealSchema);
    if (seal.entry.machineId !== machineId || seal.entry.lastSeq !== seqOfKey(key)) {
        throw new HistoryError('HISTORY_CORRUPT', `record ${key} holds a seal that does not match its key`);
    }
    return seal;
}

function parseRecord<T>(key: string, text: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
    let json: unknown;
    try {
        json = JSON.parse(text) as unknown;
    } catch {
        throw new HistoryError('HISTORY_CORRUPT', `record ${key} is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HistoryError(
            'HISTORY_CORRUPT',
            `record ${key} breaks its schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
        );
    }
    return parsed.data;
}
