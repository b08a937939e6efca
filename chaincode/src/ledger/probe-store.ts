import type { Context } from 'fabric-contract-api';
import { OBJECT_TYPES, compositeKey } from './object-types';

/**
 * The key of a Probe value: a composite key of its own object type, so a Probe write can never
 * land on a machine, lot, message or any other domain key.
 */
function probeKey(ctx: Context, key: string): string {
    return compositeKey(ctx, OBJECT_TYPES.probe, key);
}

/** Writes a Probe value. */
export async function putProbeValue(ctx: Context, key: string, value: Uint8Array): Promise<void> {
    await ctx.stub.putState(probeKey(ctx, key), value);
}

/** Reads a Probe value: empty when there is none. */
export async function getProbeValue(ctx: Context, key: string): Promise<Uint8Array> {
    return ctx.stub.getState(probeKey(ctx, key));
}
