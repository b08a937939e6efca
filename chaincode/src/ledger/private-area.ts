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
    const millArea = millAreaOf(machineId);
    if (millArea !== undefined && (await millCollectionDefined(ctx, millArea.collection))) {
        return millArea;
    }
    return legacyAreaOf(machineId);
}

/**
 * Writes `value` under the key of `type` and `attributes` in `machineId`'s private area, the same
 * area {@link privateAreaOf} finds, without asking first whether the mill's collection exists:
 * the write asks. Fabric refuses a write into a collection the committed definition lacks before
 * anything is written (its collection lookup fails), and the write then goes to the legacy area.
 * So a delivery into a mill collection spares the probe's hash read: a chaincode-to-peer round
 * trip, and a hashed read in the transaction's read set that every peer checks at commit. Every
 * endorser asks the same committed definition, so every endorser writes the same keys.
 *
 * @throws Error any refusal of the write other than an undefined mill collection.
 */
export async function putInArea(
    ctx: Context,
    machineId: string,
    type: ObjectType,
    attributes: readonly string[],
    value: Uint8Array,
): Promise<void> {
    const millArea = millAreaOf(machineId);
    const known = millArea === undefined ? false : knownCollections(ctx).get(millArea.collection);
    if (millArea !== undefined && known !== false) {
        try {
            await ctx.stub.putPrivateData(millArea.collection, areaKey(ctx, millArea, type, ...attributes), value);
            knownCollections(ctx).set(millArea.collection, true);
            return;
        } catch (error) {
            if (known === true || !isUndefinedCollection(error)) {
                throw error;
            }
            knownCollections(ctx).set(millArea.collection, false);
        }
    }
    const legacy = legacyAreaOf(machineId);
    await ctx.stub.putPrivateData(legacy.collection, areaKey(ctx, legacy, type, ...attributes), value);
}

function millAreaOf(machineId: string): PrivateArea | undefined {
    const mill = millOfMachineId(machineId);
    return mill === undefined ? undefined : { machineId, collection: millCollectionName(mill.mspId), layout: 'mill' };
}

/**
 * Fabric's refusals of a collection its definition lacks: the peer's write-permission check
 * (`NoSuchCollectionError`, "collection <channel>/<chaincode>/<name> could not be found") and its
 * simulator's name check ("collection ... not defined in the collection config ...").
 */
const UNDEFINED_COLLECTION = /collection \S+ could not be found|not defined in the collection config/;

function isUndefinedCollection(error: unknown): boolean {
    return error instanceof Error && UNDEFINED_COLLECTION.test(error.message);
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

function knownCollections(ctx: Context): Map<string, boolean> {
    let known = definedMillCollections.get(ctx.stub);
    if (known === undefined) {
        known = new Map();
        definedMillCollections.set(ctx.stub, known);
    }
    return known;
}

async function millCollectionDefined(ctx: Context, collection: string): Promise<boolean> {
    const known = knownCollections(ctx);
    const cached = known.get(collection);
    if (cached !== undefined) {
        return cached;
    }
    const defined = await collectionExists(ctx, collection);
    known.set(collection, defined);
    return defined;
}
