import { common, msp } from '@hyperledger/fabric-protos';

/** The metadata entry name under which Fabric keeps a key-level endorsement policy. */
export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

/**
 * A key-level endorsement policy as the attacker would write it into a metadata write:
 * a signature by any one of `mspIds` in `role` (e.g. `MEMBER`, which any client satisfies).
 */
export function anyOfPolicy(mspIds: readonly string[], role: 'MEMBER' | 'PEER'): Uint8Array {
    const identities = mspIds.map((mspId) => {
        const mspRole = new msp.MSPRole();
        mspRole.setMspIdentifier(mspId);
        mspRole.setRole(msp.MSPRole.MSPRoleType[role]);
        const principal = new msp.MSPPrincipal();
        principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
        principal.setPrincipal(mspRole.serializeBinary());
        return principal;
    });
    const rules = mspIds.map((_, index) => {
        const rule = new common.SignaturePolicy();
        rule.setSignedBy(index);
        return rule;
    });
    const outOf = new common.SignaturePolicy.NOutOf();
    outOf.setN(1);
    outOf.setRulesList(rules);
    const rule = new common.SignaturePolicy();
    rule.setNOutOf(outOf);
    const envelope = new common.SignaturePolicyEnvelope();
    envelope.setVersion(0);
    envelope.setRule(rule);
    envelope.setIdentitiesList(identities);
    return envelope.serializeBinary();
}
