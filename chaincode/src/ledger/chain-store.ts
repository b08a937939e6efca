import type { Context } from 'fabric-contract-api';
import { chainBlockSchema, type ChainBlock } from '../protocol';
import { decode, getPrivateJson, putPrivateJson } from './json-state';
import { OBJECT_TYPES, seqAttribute } from './object-types';
import { type PrivateArea, areaKey, privateAreaOf } from './private-area';

function blockKey(ctx: Context, area: PrivateArea, seq: number): string {
    return areaKey(ctx, area, OBJECT_TYPES.block, seqAttribute(seq));
}

/**
 * Writes a block into the machine's private area. The caller has checked that neither its anchor
 * nor a block of its seq exists.
 */
export async function saveBlock(ctx: Context, block: ChainBlock): Promise<void> {
    const area = await privateAreaOf(ctx, block.machineId);
    await putPrivateJson(ctx, area.collection, blockKey(ctx, area, block.seq), block);
}

/** Reads one block; undefined when the chain is shorter. Members of the collection only. */
export async function loadBlock(ctx: Context, machineId: string, seq: number): Promise<ChainBlock | undefined> {
    const area = await privateAreaOf(ctx, machineId);
    return getPrivateJson(ctx, area.collection, blockKey(ctx, area, seq), chainBlockSchema);
}

/**
 * Whether the collection holds a block of `seq`, by the channel's hash of it: readable on every
 * peer, so an endorser outside the collection can refuse to write over a stored block.
 */
export async function blockStored(ctx: Context, machineId: string, seq: number): Promise<boolean> {
    const area = await privateAreaOf(ctx, machineId);
    return (await ctx.stub.getPrivateDataHash(area.collection, blockKey(ctx, area, seq))).length > 0;
}

/**
 * The stored blocks of seq `fromSeq` up to, not including, `endSeq`, in seq order: one private
 * range read from the first key, never the whole chain. Read transactions only.
 */
export async function loadBlocks(
    ctx: Context,
    machineId: string,
    fromSeq: number,
    endSeq: number,
): Promise<ChainBlock[]> {
    const area = await privateAreaOf(ctx, machineId);
    const blocks: ChainBlock[] = [];
    // Iterated, never awaited: fabric-shim's private range promise resolves to { iterator, metadata }.
    for await (const { key, value } of ctx.stub.getPrivateDataByRange(
        area.collection,
        blockKey(ctx, area, fromSeq),
        blockKey(ctx, area, endSeq),
    )) {
        const block = decode(value, chainBlockSchema, key);
        if (block !== undefined) {
            blocks.push(block);
        }
    }
    return blocks;
}
