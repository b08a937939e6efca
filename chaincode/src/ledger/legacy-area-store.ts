import type { Context } from 'fabric-contract-api';
import { DomainError, sha256Hex, type AreaItem, type AreaItemType, type Page } from '../protocol';
import { OBJECT_TYPES } from './object-types';
import { type PrivateArea, areaKey } from './private-area';

/** A stored item of an area, its value as the exact text stored. */
export interface StoredAreaItem extends AreaItem {
    value: string;
}

/**
 * One page of one type of item of an area, in key order, each value as stored; the page stops
 * at `pageSize` items or once `maxBytes` of values are listed (always at least one). A private
 * range read: read transactions only, on a peer of the area's mill.
 */
export async function listAreaItems(
    ctx: Context,
    area: PrivateArea,
    type: AreaItemType,
    bookmark: string,
    pageSize: number,
    maxBytes: number,
): Promise<Page<StoredAreaItem>> {
    const prefix = areaKey(ctx, area, OBJECT_TYPES[type]);
    const start = bookmark === '' ? prefix : areaKey(ctx, area, OBJECT_TYPES[type], bookmark);
    const items: StoredAreaItem[] = [];
    let bytes = 0;
    let next = '';
    // Iterated, never awaited: fabric-shim's private range promise resolves to { iterator, metadata }.
    for await (const { key, value } of ctx.stub.getPrivateDataByRange(area.collection, start, `${prefix}\u{10FFFF}`)) {
        const id = ctx.stub.splitCompositeKey(key).attributes.at(-1) ?? '';
        if (items.length === pageSize || (items.length > 0 && bytes + value.length > maxBytes)) {
            next = id;
            break;
        }
        bytes += value.length;
        items.push({ type, id, value: Buffer.from(value).toString('utf8') });
    }
    return { items, bookmark: next };
}

/**
 * Moves one item from a machine's legacy collection into its mill area: the value given must be
 * the one stored, by the channel's hash (every peer holds it, so mills outside both collections
 * can endorse), and the mill area must not hold a different value under the item's key. Writes
 * the same bytes, so the hashes that anchor the machine's chain still match, and deletes the old.
 *
 * @throws DomainError NOT_FOUND when the legacy collection holds no such item; INVALID_ARGUMENT
 *   when the value differs from it; CONFLICT when the mill area holds another value there.
 */
export async function moveAreaItem(
    ctx: Context,
    from: PrivateArea,
    to: PrivateArea,
    item: AreaItem,
    value: string,
): Promise<void> {
    const type = OBJECT_TYPES[item.type];
    const fromKey = areaKey(ctx, from, type, item.id);
    const stored = Buffer.from(await ctx.stub.getPrivateDataHash(from.collection, fromKey)).toString('hex');
    if (stored === '') {
        throw new DomainError('NOT_FOUND', `the ${from.collection} collection holds no ${item.type} ${item.id}`);
    }
    const bytes = Buffer.from(value, 'utf8');
    if (sha256Hex(bytes) !== stored) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the value given for ${item.type} ${item.id} differs from the stored one`,
        );
    }
    const toKey = areaKey(ctx, to, type, item.id);
    const there = Buffer.from(await ctx.stub.getPrivateDataHash(to.collection, toKey)).toString('hex');
    if (there !== '' && there !== stored) {
        throw new DomainError('CONFLICT', `the area of ${to.machineId} holds another ${item.type} ${item.id}`);
    }
    await ctx.stub.putPrivateData(to.collection, toKey, bytes);
    await ctx.stub.deletePrivateData(from.collection, fromKey);
}
