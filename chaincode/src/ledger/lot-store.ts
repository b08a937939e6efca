import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import {
    idSchema,
    lotRecordSchema,
    transformRecordSchema,
    type GenealogyEdge,
    type HistoryEntry,
    type LotRecord,
    type TransformRecord,
} from '../protocol';
import type { Neighbour } from '../domain';
import { readHistory } from './history';
import { decode, getJson, hasState, putJson } from './json-state';
import { OBJECT_TYPES, compositeKey } from './object-types';
import { readToEnd } from './range-scan';

/** An edge's value: the transform, and the form and quantity of the lot at its far end (absent on older edges). */
const linkSchema = z
    .object({
        transformId: idSchema,
        form: lotRecordSchema.shape.form.optional(),
        quantityGrams: lotRecordSchema.shape.quantityGrams.optional(),
    })
    .strict();

/** Reads a lot; undefined when it does not exist. */
export async function loadLot(ctx: Context, lotId: string): Promise<LotRecord | undefined> {
    return getJson(ctx, compositeKey(ctx, OBJECT_TYPES.lot, lotId), lotRecordSchema);
}

/** Whether a lot exists. */
export async function lotExists(ctx: Context, lotId: string): Promise<boolean> {
    return hasState(ctx, compositeKey(ctx, OBJECT_TYPES.lot, lotId));
}

/** Writes a lot. */
export async function saveLot(ctx: Context, lot: LotRecord): Promise<void> {
    await putJson(ctx, compositeKey(ctx, OBJECT_TYPES.lot, lot.lotId), lot);
}

/** Reads a transform; undefined when it does not exist. */
export async function loadTransform(ctx: Context, transformId: string): Promise<TransformRecord | undefined> {
    return getJson(ctx, compositeKey(ctx, OBJECT_TYPES.transform, transformId), transformRecordSchema);
}

/** Writes a transform. */
export async function saveTransform(ctx: Context, transform: TransformRecord): Promise<void> {
    await putJson(ctx, compositeKey(ctx, OBJECT_TYPES.transform, transform.transformId), transform);
}

/**
 * Writes genealogy edges both ways: `lot-parent~child~parent` and `lot-child~parent~child`, so a
 * trace reads a lot's parents or children with one prefix scan. Each edge also holds the far
 * lot's form and quantity (fixed once the lot exists), so a trace need not read that lot.
 */
export async function saveEdges(
    ctx: Context,
    edges: readonly GenealogyEdge[],
    lots: ReadonlyMap<string, LotRecord>,
): Promise<void> {
    const linkTo = (lotId: string, transformId: string) => {
        const lot = lots.get(lotId);
        return lot === undefined ? { transformId } : { transformId, form: lot.form, quantityGrams: lot.quantityGrams };
    };
    for (const edge of edges) {
        await putJson(
            ctx,
            compositeKey(ctx, OBJECT_TYPES.lotParent, edge.to, edge.from),
            linkTo(edge.from, edge.transformId),
        );
        await putJson(
            ctx,
            compositeKey(ctx, OBJECT_TYPES.lotChild, edge.from, edge.to),
            linkTo(edge.to, edge.transformId),
        );
    }
}

/** A lot's parents (upstream) or children (downstream), sorted by lot ID. */
export async function readNeighbours(
    ctx: Context,
    lotId: string,
    direction: 'upstream' | 'downstream',
): Promise<Neighbour[]> {
    const type = direction === 'upstream' ? OBJECT_TYPES.lotParent : OBJECT_TYPES.lotChild;
    const neighbours: Neighbour[] = [];
    for (const { key, value } of await readToEnd(ctx.stub.getStateByPartialCompositeKey(type, [lotId]))) {
        const [, neighbour] = ctx.stub.splitCompositeKey(key).attributes;
        const link = decode(value, linkSchema, key);
        if (neighbour !== undefined && link !== undefined) {
            const { transformId, form, quantityGrams } = link;
            neighbours.push({
                lotId: neighbour,
                transformId,
                ...(form !== undefined && quantityGrams !== undefined ? { summary: { form, quantityGrams } } : {}),
            });
        }
    }
    return neighbours;
}

/** Every change of a lot, newest first. */
export async function lotHistory(ctx: Context, lotId: string): Promise<HistoryEntry<LotRecord>[]> {
    return readHistory(ctx, compositeKey(ctx, OBJECT_TYPES.lot, lotId), lotRecordSchema);
}
