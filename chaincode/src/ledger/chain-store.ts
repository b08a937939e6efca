import type { Context } from 'fabric-contract-api';
import { chainBlockSchema, collectionName, type ChainBlock } from '../protocol';
import { decode, getPrivateJson, putPrivateJson } from './json-state';
import { OBJECT_TYPES, compositeKey, seqAttribute } from './object-types';

function blockKey(ctx: Context, seq: number): string {
    return compositeKey(ctx, OBJECT_TYPES.block, seqAttribute(seq));
}

/**
 * Writes a block into the machine's collection. The caller has checked that neither its anchor
 * nor a block of its seq exists.
 */
export async function saveBlock(ctx: Context, block: ChainBlock): Promise<void> {
    await putPrivateJson(ctx, collectionName(block.machineId), blockKey(ctx, block.seq), block);
}

/** Reads one block; undefined when the chain is shorter. Members of the collection only. */
export async function loadBlock(ctx: Context, machineId: string, seq: number): Promise<ChainBlock | undefined> {
    return getPrivateJson(ctx, collectionName(machineId), blockKey(ctx, seq), chainBlockSchema);
}

/**
 * Whether the collection holds a block of `seq`, by the channel's hash of it: readable on every
 * peer, so an endorser outside the collection can refuse to write over a stored block.
 */
export async function blockStored(ctx: Context, machineId: string, seq: number): Promise<boolean> {
    return (await ctx.stub.getPrivateDataHash(collectionName(machineId), blockKey(ctx, seq))).length > 0;
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
    const blocks: ChainBlock[] = [];
    // Iterated, never awaited: fabric-shim's private range promise resolves to { iterator, metadata }.
    for await (const { key, value } of ctx.stub.getPrivateDataByRange(
        collectionName(machineId),
        blockKey(ctx, fromSeq),
        blockKey(ctx, endSeq),
    )) {
        const block = decode(value, chainBlockSchema, key);
        if (block !== undefined) {
            blocks.push(block);
        }
    }
    return blocks;
}
