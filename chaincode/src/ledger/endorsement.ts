import type { Context } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';

/**
 * Puts a key under state-based endorsement by one mill: from now on a write to it is valid only
 * with an endorsement by a peer of `mspId`, on top of the chaincode's majority policy, so no
 * other mills can rewrite the record between them.
 */
export async function requireEndorsementBy(ctx: Context, key: string, mspId: string): Promise<void> {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('MEMBER', mspId);
    await ctx.stub.setStateValidationParameter(key, policy.getPolicy());
}
