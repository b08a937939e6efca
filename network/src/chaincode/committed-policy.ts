import { common, msp, peer } from '@hyperledger/fabric-protos';

import { NetworkError } from '../core/errors';
import { type PolicyPrincipal, type SignaturePolicyTree, toPolicyText } from './endorsement-policy';

/** A committed chaincode definition's endorsement policy, decoded from its validation parameter. */
export type CommittedPolicy =
    | { kind: 'signature'; tree: SignaturePolicyTree }
    /** A reference to a channel policy, e.g. `/Channel/Application/Endorsement`: the channel's default. */
    | { kind: 'channel'; reference: string };

const ROLE_NAMES: Record<number, string> = {
    [msp.MSPRole.MSPRoleType.MEMBER]: 'member',
    [msp.MSPRole.MSPRoleType.ADMIN]: 'admin',
    [msp.MSPRole.MSPRoleType.CLIENT]: 'client',
    [msp.MSPRole.MSPRoleType.PEER]: 'peer',
    [msp.MSPRole.MSPRoleType.ORDERER]: 'orderer',
};

/**
 * Decodes the validation parameter of a committed definition (`querycommitted -O json` gives it
 * in base64): an ApplicationPolicy holding either a SignaturePolicyEnvelope or a channel policy
 * reference. An empty parameter is what a definition committed without a policy carries in
 * older Fabric releases: the channel's default.
 *
 * @throws NetworkError STEP_FAILED when the bytes are not an ApplicationPolicy Spindle can read.
 */
export function decodeValidationParameter(bytes: Uint8Array): CommittedPolicy {
    if (bytes.length === 0) {
        return { kind: 'channel', reference: '/Channel/Application/Endorsement' };
    }
    const policy = peer.ApplicationPolicy.deserializeBinary(bytes);
    if (policy.hasChannelConfigPolicyReference()) {
        return { kind: 'channel', reference: policy.getChannelConfigPolicyReference() };
    }
    const envelope = policy.getSignaturePolicy();
    const rule = envelope?.getRule();
    if (!envelope || !rule) {
        throw new NetworkError('STEP_FAILED', 'the committed validation parameter holds no endorsement policy');
    }
    const principals = envelope.getIdentitiesList().map(toPrincipal);
    return { kind: 'signature', tree: toTree(rule, principals) };
}

/** A committed policy as `status` prints it and as deployments compare it with the wanted one. */
export function describePolicy(policy: CommittedPolicy): string {
    return policy.kind === 'signature' ? toPolicyText(policy.tree) : `channel policy ${policy.reference}`;
}

function toTree(rule: common.SignaturePolicy, principals: PolicyPrincipal[]): SignaturePolicyTree {
    if (rule.hasSignedBy()) {
        const principal = principals[rule.getSignedBy()];
        if (!principal) {
            throw new NetworkError(
                'STEP_FAILED',
                `the committed policy names identity ${rule.getSignedBy()}, which it lacks`,
            );
        }
        return { signedBy: principal };
    }
    const outOf = rule.getNOutOf();
    if (!outOf) {
        throw new NetworkError('STEP_FAILED', 'the committed policy has a rule that is neither signed-by nor n-out-of');
    }
    return { outOf: outOf.getN(), rules: outOf.getRulesList().map((child) => toTree(child, principals)) };
}

function toPrincipal(principal: msp.MSPPrincipal): PolicyPrincipal {
    if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
        return { mspId: '?', role: `classification-${principal.getPrincipalClassification()}` };
    }
    const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
    return { mspId: role.getMspIdentifier(), role: ROLE_NAMES[role.getRole()] ?? `role-${role.getRole()}` };
}
