import type { Context } from 'fabric-contract-api';
import { DomainError, chainAnchorSchema, chainHeadSchema, type ChainAnchor, type ChainHead } from '../protocol';
import { getJson, hasState, putJson } from './json-state';
import { OBJECT_TYPES, compositeKey, seqAttribute } from './object-types';

function anchorKey(ctx: Context, machineId: string, seq: number): string {
    return compositeKey(ctx, OBJECT_TYPES.chainAnchor, machineId, seqAttribute(seq));
}

function tipKey(ctx: Context, machineId: string): string {
    return compositeKey(ctx, OBJECT_TYPES.chainTip, machineId);
}

/**
 * The public anchor of a block, checked against its key; undefined when there is none.
 *
 * @throws Error when the stored anchor names another machine or seq: the state is corrupt.
 */
export async function loadAnchor(ctx: Context, machineId: string, seq: number): Promise<ChainAnchor | undefined> {
    const key = anchorKey(ctx, machineId, seq);
    const anchor = await getJson(ctx, key, chainAnchorSchema);
    if (anchor !== undefined && (anchor.machineId !== machineId || anchor.seq !== seq)) {
        throw new Error(`the anchor under ${JSON.stringify(key)} names another block`);
    }
    return anchor;
}

/**
 * Writes a block's anchor, once. Public state under the chaincode's majority policy (no
 * key-level policy), so no single mill can write it, and the chaincode never overwrites one.
 *
 * @throws DomainError CONFLICT when the block already has an anchor.
 */
export async function saveAnchor(ctx: Context, anchor: ChainAnchor): Promise<void> {
    const key = anchorKey(ctx, anchor.machineId, anchor.seq);
    if (await hasState(ctx, key)) {
        throw new DomainError(
            'CONFLICT',
            `block ${anchor.seq} of the chain of ${anchor.machineId} is anchored already and is never rewritten`,
        );
    }
    await putJson(ctx, key, anchor);
}

/**
 * The public tip of a machine's chain (its last block's seq and hash), checked against its key;
 * undefined before the first block.
 *
 * @throws Error when the stored tip names another machine: the state is corrupt.
 */
export async function loadChainTip(ctx: Context, machineId: string): Promise<ChainHead | undefined> {
    const key = tipKey(ctx, machineId);
    const tip = await getJson(ctx, key, chainHeadSchema);
    if (tip !== undefined && tip.machineId !== machineId) {
        throw new Error(`the chain tip under ${JSON.stringify(key)} names another machine`);
    }
    return tip;
}

/** Moves a machine's public tip to its new last block. Every append reads and writes it, so appends never interleave. */
export async function saveChainTip(ctx: Context, tip: ChainHead): Promise<void> {
    await putJson(ctx, tipKey(ctx, tip.machineId), tip);
}
