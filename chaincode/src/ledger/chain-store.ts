import type { Context } from 'fabric-contract-api';
import { chainBlockSchema, chainHeadSchema, collectionName, type ChainBlock, type ChainHead } from '../protocol';
import { decode, getPrivateJson, putPrivateJson } from './json-state';
import { OBJECT_TYPES, compositeKey, seqAttribute } from './object-types';

function headKey(ctx: Context): string {
    return compositeKey(ctx, OBJECT_TYPES.chainHead);
}

function blockKey(ctx: Context, seq: number): string {
    return compositeKey(ctx, OBJECT_TYPES.block, seqAttribute(seq));
}

/** Reads the head of a machine's chain; undefined before its first block. */
export async function loadChainHead(ctx: Context, machineId: string): Promise<ChainHead | undefined> {
    return getPrivateJson(ctx, collectionName(machineId), headKey(ctx), chainHeadSchema);
}

/**
 * Writes a block and the new head. Only the machine's own agent appends, so the head has a single
 * writer and appends never race each other into MVCC conflicts.
 */
export async function saveBlock(ctx: Context, block: ChainBlock, head: ChainHead): Promise<void> {
    const collection = collectionName(block.machineId);
    await putPrivateJson(ctx, collection, blockKey(ctx, block.seq), block);
    await putPrivateJson(ctx, collection, headKey(ctx), head);
}

/** Reads one block; undefined when the chain is shorter. */
export async function loadBlock(ctx: Context, machineId: string, seq: number): Promise<ChainBlock | undefined> {
    return getPrivateJson(ctx, collectionName(machineId), blockKey(ctx, seq), chainBlockSchema);
}

/** Reads every block of a machine's chain in seq order. Read transactions only (a private range query). */
export async function loadAllBlocks(ctx: Context, machineId: string): Promise<ChainBlock[]> {
    const blocks: ChainBlock[] = [];
    for await (const { key, value } of ctx.stub.getPrivateDataByPartialCompositeKey(
        collectionName(machineId),
        OBJECT_TYPES.block,
        [],
    )) {
        const block = decode(value, chainBlockSchema, key);
        if (block !== undefined) {
            blocks.push(block);
        }
    }
    return blocks;
}

/**
 * The on-chain hash of a stored block, hex, or undefined when there is none. Every channel member
 * can read it, so another mill can prove a block it is shown untampered without reading the
 * collection: the hash is SHA-256 of the block's canonical JSON bytes.
 */
export async function loadBlockHash(ctx: Context, machineId: string, seq: number): Promise<string | undefined> {
    const hash = await ctx.stub.getPrivateDataHash(collectionName(machineId), blockKey(ctx, seq));
    return hash.length === 0 ? undefined : Buffer.from(hash).toString('hex');
}
