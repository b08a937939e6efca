import type { Context } from 'fabric-contract-api';
import { OBJECT_TYPES, compositeKey } from './object-types';
import { areaKey, privateAreaOf } from './private-area';

/**
 * The key of a Probe value: a composite key of its own object type, so a Probe write can never
 * land on a machine, lot, message or any other domain key, and under the writing mill's MSP ID,
 * so no mill can overwrite another mill's values.
 */
function probeKey(ctx: Context, mspId: string, key: string): string {
    return compositeKey(ctx, OBJECT_TYPES.probe, mspId, key);
}

/** Writes a Probe value of a mill. */
export async function putProbeValue(ctx: Context, mspId: string, key: string, value: Uint8Array): Promise<void> {
    await ctx.stub.putState(probeKey(ctx, mspId, key), value);
}

/** Reads a Probe value of a mill: empty when there is none. */
export async function getProbeValue(ctx: Context, mspId: string, key: string): Promise<Uint8Array> {
    return ctx.stub.getState(probeKey(ctx, mspId, key));
}

/** Writes a private Probe value into a machine's area, under the Probe object type. */
export async function putPrivateProbeValue(
    ctx: Context,
    machineId: string,
    key: string,
    value: Uint8Array,
): Promise<void> {
    const area = await privateAreaOf(ctx, machineId);
    await ctx.stub.putPrivateData(area.collection, areaKey(ctx, area, OBJECT_TYPES.probe, key), value);
}

/** Reads a private Probe value of a machine's area: empty when there is none. */
export async function getPrivateProbeValue(ctx: Context, machineId: string, key: string): Promise<Uint8Array> {
    const area = await privateAreaOf(ctx, machineId);
    return ctx.stub.getPrivateData(area.collection, areaKey(ctx, area, OBJECT_TYPES.probe, key));
}
