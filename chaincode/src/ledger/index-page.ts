import type { Context } from 'fabric-contract-api';
import { DomainError, type Page } from '../protocol';
import type { ObjectType } from './object-types';

/**
 * One page of an index: the composite keys under `type` and the leading `attributes`, in key
 * order, as their remaining attributes. The bookmark is Fabric's: the next key, empty at the end.
 * A paginated query makes the transaction read-only on Fabric, so only read transactions use it.
 *
 * @throws DomainError INVALID_ARGUMENT for a bookmark outside this index, which Fabric would
 *   otherwise follow into other keys.
 */
export async function readIndexPage(
    ctx: Context,
    type: ObjectType,
    attributes: string[],
    pageSize: number,
    bookmark: string,
): Promise<Page<string[]>> {
    const prefix = ctx.stub.createCompositeKey(type, attributes);
    if (bookmark !== '' && !bookmark.startsWith(prefix)) {
        throw new DomainError('INVALID_ARGUMENT', 'the bookmark does not belong to this list');
    }
    const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
        type,
        attributes,
        pageSize,
        bookmark,
    );
    const items: string[][] = [];
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            items.push(ctx.stub.splitCompositeKey(next.value.key).attributes.slice(attributes.length));
        }
    } finally {
        await iterator.close();
    }
    // fabric-shim's types promise metadata, but a peer sends none with an empty page.
    const { bookmark: next } = (metadata as typeof metadata | undefined) ?? { bookmark: '' };
    return { items, bookmark: next };
}
