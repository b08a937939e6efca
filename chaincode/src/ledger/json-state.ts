import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import { type BoundedCache, deepFreeze, toCanonicalBytes } from '../protocol';

/** The value of an index key: Fabric treats an empty value as a delete, so one zero byte. */
export const INDEX_MARKER = Uint8Array.of(0);

/** Reads and parses a public value; undefined when the key holds none (Fabric's empty value). */
export async function getJson<S extends z.ZodTypeAny>(
    ctx: Context,
    key: string,
    schema: S,
): Promise<z.output<S> | undefined> {
    return decode(await ctx.stub.getState(key), schema, key);
}

/** Writes a public value as canonical JSON, so every endorser writes the same bytes. */
export async function putJson(ctx: Context, key: string, value: unknown): Promise<void> {
    await ctx.stub.putState(key, toCanonicalBytes(value));
}

/**
 * {@link getJson} through a memo of parsed values by their stored text: a value many
 * transactions read unchanged (a machine record) is parsed and checked once per process. The
 * memo's values are frozen, so no transaction can change what another one reads; the read
 * itself still goes to the peer every time, so the read set is the same either way.
 */
export async function getJsonMemo<S extends z.ZodTypeAny>(
    ctx: Context,
    key: string,
    schema: S,
    memo: BoundedCache<string, z.output<S>>,
): Promise<z.output<S> | undefined> {
    const bytes = await ctx.stub.getState(key);
    if (bytes.length === 0) {
        return undefined;
    }
    return memo.get(Buffer.from(bytes).toString('utf8'), (text) => deepFreeze(parseText(text, schema, key)));
}

/** Whether a public key holds a value. */
export async function hasState(ctx: Context, key: string): Promise<boolean> {
    return (await ctx.stub.getState(key)).length > 0;
}

/** Reads and parses a private value of a collection; undefined when the key holds none. */
export async function getPrivateJson<S extends z.ZodTypeAny>(
    ctx: Context,
    collection: string,
    key: string,
    schema: S,
): Promise<z.output<S> | undefined> {
    return decode(await ctx.stub.getPrivateData(collection, key), schema, key);
}

/** Writes a private value as canonical JSON; the channel gets its hash. */
export async function putPrivateJson(ctx: Context, collection: string, key: string, value: unknown): Promise<void> {
    await ctx.stub.putPrivateData(collection, key, toCanonicalBytes(value));
}

/**
 * Parses stored bytes with their schema.
 *
 * @throws Error when stored bytes do not match: the state is corrupt, which is no refusal.
 */
export function decode<S extends z.ZodTypeAny>(bytes: Uint8Array, schema: S, key: string): z.output<S> | undefined {
    if (bytes.length === 0) {
        return undefined;
    }
    return parseText(Buffer.from(bytes).toString('utf8'), schema, key);
}

function parseText<S extends z.ZodTypeAny>(text: string, schema: S, key: string): z.output<S> {
    const parsed = schema.safeParse(JSON.parse(text) as unknown);
    if (!parsed.success) {
        throw new Error(`stored value under ${JSON.stringify(key)} does not match its schema`);
    }
    return parsed.data as z.output<S>;
}
