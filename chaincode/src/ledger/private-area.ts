import type { Context } from 'fabric-contract-api';
import { machineCollectionName, millCollectionName, millOfMachineId, type PrivateAreaLayout } from '../protocol';
import { collectionExists } from './collections';
import { type ObjectType, compositeKey } from './object-types';

/** A machine's private area: the collection it lives in and how its keys are laid out there. */
export interface PrivateArea {
    machineId: string;
    collection: string;
    layout: PrivateAreaLayout;
}

/** Per transaction: whether each mill collection is defined. Collections are never removed. */
const definedMillCollections = new WeakMap<Context['stub'], Map<string, boolean>>();

/**
 * The private area of `machineId`: in its mill's collection when the chaincode definition
 * carries that collection, else in its own collection of the earlier per-machine layout. The
 * answer comes from the committed definition, which a majority of mills approved, so every
 * endorser of a transaction finds the same layout; it is asked once per transaction.
 */
export async function privateAreaOf(ctx: Context, machineId: string): Promise<PrivateArea> {
    const mill = millOfMachineId(machineId);
    if (mill !== undefined) {
        const collection = millCollectionName(mill.mspId);
        if (await millCollectionDefined(ctx, collection)) {
            return { machineId, collection, layout: 'mill' };
        }
    }
    return legacyAreaOf(machineId);
}

/** The area `machineId` had in the per-machine layout, where AreaMigration moves it from. */
export function legacyAreaOf(machineId: string): PrivateArea {
    return { machineId, collection: machineCollectionName(machineId), layout: 'machine' };
}

/**
 * The key of an object in a private area. In a mill's collection the machine ID comes first, so
 * one machine's keys form a range of their own that no other machine's range overlaps (every
 * attribute ends in the composite key's separator); in a machine's own collection it is left out,
 * as the earlier releases wrote it.
 */
export function areaKey(ctx: Context, area: PrivateArea, type: ObjectType, ...attributes: string[]): string {
    return area.layout === 'mill'
        ? compositeKey(ctx, type, area.machineId, ...attributes)
        : compositeKey(ctx, type, ...attributes);
}

async function millCollectionDefined(ctx: Context, collection: string): Promise<boolean> {
    let known = definedMillCollections.get(ctx.stub);
    if (known === undefined) {
        known = new Map();
        definedMillCollections.set(ctx.stub, known);
    }
    const cached = known.get(collection);
    if (cached !== undefined) {
        return cached;
    }
    const defined = await collectionExists(ctx, collection);
    known.set(collection, defined);
    return defined;
}
