import type { Context } from 'fabric-contract-api';
import { common, msp } from '@hyperledger/fabric-protos';
import { CONSORTIUM, DomainError, type Consortium } from '../protocol';

/**
 * The state-based endorsement policy of a key one mill owns: a peer of the owning mill AND peers
 * of enough other mills that, with the owner, a majority of the consortium endorsed.
 *
 * Why both: a key-level policy REPLACES the chaincode's majority policy for its key; it does not
 * add to it. A policy of the owner alone would let that mill rewrite the key by itself, and one
 * on the MEMBER role would let any client certificate of the mill sign for it (Fabric's MEMBER
 * matches clients too). Only PEER principals, owner AND majority, keep the consortium's rule.
 *
 * Written as AND(owner, OutOf(k, others)) rather than AND(owner, OutOf(majority, all)): Fabric
 * counts each signature towards one principal only, so the owner's peer could not count twice.
 *
 * @throws DomainError INVALID_ARGUMENT when the owner is not a mill of the consortium.
 */
export function ownerAndMajorityPolicy(ownerMspId: string, consortium: Consortium = CONSORTIUM): Uint8Array {
    const mspIds = consortium.mills.map((mill) => mill.mspId);
    if (!mspIds.includes(ownerMspId)) {
        throw new DomainError('INVALID_ARGUMENT', `${ownerMspId} is not a mill of the consortium`);
    }
    const others = mspIds.filter((mspId) => mspId !== ownerMspId);
    const majority = Math.floor(mspIds.length / 2) + 1;
    const principals = [ownerMspId, ...others].map(peerPrincipal);
    const owner = signedBy(0);
    const rule =
        majority <= 1
            ? owner
            : nOutOf(2, [
                  owner,
                  nOutOf(
                      majority - 1,
                      others.map((_mspId, index) => signedBy(index + 1)),
                  ),
              ]);
    const envelope = new common.SignaturePolicyEnvelope();
    envelope.setVersion(0);
    envelope.setRule(rule);
    envelope.setIdentitiesList(principals);
    return envelope.serializeBinary();
}

/**
 * Puts a key under the state-based endorsement of its owning mill: see {@link ownerAndMajorityPolicy}.
 */
export async function requireEndorsementBy(ctx: Context, key: string, mspId: string): Promise<void> {
    await ctx.stub.setStateValidationParameter(key, ownerAndMajorityPolicy(mspId));
}

function peerPrincipal(mspId: string): msp.MSPPrincipal {
    const role = new msp.MSPRole();
    role.setMspIdentifier(mspId);
    role.setRole(msp.MSPRole.MSPRoleType.PEER);
    const principal = new msp.MSPPrincipal();
    principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
    principal.setPrincipal(role.serializeBinary());
    return principal;
}

function signedBy(index: number): common.SignaturePolicy {
    const policy = new common.SignaturePolicy();
    policy.setSignedBy(index);
    return policy;
}

function nOutOf(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
    const outOf = new common.SignaturePolicy.NOutOf();
    outOf.setN(n);
    outOf.setRulesList(rules);
    const policy = new common.SignaturePolicy();
    policy.setNOutOf(outOf);
    return policy;
}
