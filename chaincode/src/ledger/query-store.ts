import type { Context } from 'fabric-contract-api';
import { found } from '../domain';
import { queryRecordSchema, type QueryRecord } from '../protocol';
import { getJson, putJson } from './json-state';
import { OBJECT_TYPES, compositeKey } from './object-types';

/**
 * Reads the public record of a query that must exist.
 *
 * @throws DomainError NOT_FOUND when there is no such query.
 */
export async function requireQuery(ctx: Context, queryId: string): Promise<QueryRecord> {
    const query = await getJson(ctx, compositeKey(ctx, OBJECT_TYPES.query, queryId), queryRecordSchema);
    return found(query, `query ${queryId} does not exist`);
}

/** Writes the public record of a query; only its two parties change it, one step at a time. */
export async function saveQuery(ctx: Context, query: QueryRecord): Promise<void> {
    await putJson(ctx, compositeKey(ctx, OBJECT_TYPES.query, query.queryId), query);
}
