import type { Context } from 'fabric-contract-api';
import { OBJECT_TYPES } from './object-types';

/**
 * Whether a private data collection is defined on the channel. Fabric answers a hash read of an
 * undefined collection with an error, and a defined one with a hash or nothing; a hash read is
 * allowed to every channel member, so any mill's peer can endorse this check.
 */
export async function collectionExists(ctx: Context, collection: string): Promise<boolean> {
    try {
        await ctx.stub.getPrivateDataHash(collection, ctx.stub.createCompositeKey(OBJECT_TYPES.chainHead, []));
        return true;
    } catch {
        return false;
    }
}
