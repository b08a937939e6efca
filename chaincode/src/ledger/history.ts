import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import type { HistoryEntry } from '../protocol';
import { decode } from './json-state';

/**
 * Every committed change of a public key, newest first, values parsed with `schema`. Fabric
 * stamps each change with its transaction timestamp.
 */
export async function readHistory<S extends z.ZodTypeAny>(
    ctx: Context,
    key: string,
    schema: S,
): Promise<HistoryEntry<z.output<S>>[]> {
    const entries: HistoryEntry<z.output<S>>[] = [];
    for await (const change of ctx.stub.getHistoryForKey(key)) {
        const value: z.output<S> | undefined = change.isDelete ? undefined : decode(change.value, schema, key);
        entries.push({
            transactionId: change.txId,
            timestamp: toIso(change.timestamp),
            isDelete: change.isDelete,
            ...(value === undefined ? {} : { value }),
        });
    }
    return entries;
}

// fabric-shim types say Long, but history timestamps arrive as protobuf toObject() numbers.
function toIso(timestamp: { seconds: { toString(): string }; nanos: number }): string {
    const millis = Number(timestamp.seconds.toString()) * 1000 + Math.floor(timestamp.nanos / 1_000_000);
    return new Date(millis).toISOString();
}
