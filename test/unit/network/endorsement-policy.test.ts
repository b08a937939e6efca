import { expect } from 'chai';
import { common, msp, peer } from '@hyperledger/fabric-protos';

import { decodeValidationParameter, describePolicy, majorityOfPeers, toPolicyText } from '@spindle/network';

const MILLS = ['MillAMSP', 'MillBMSP', 'MillCMSP', 'MillDMSP', 'MillEMSP'];

function principal(mspId: string, role: number): msp.MSPPrincipal {
    const mspRole = new msp.MSPRole();
    mspRole.setMspIdentifier(mspId);
    mspRole.setRole(role as msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap]);
    const result = new msp.MSPPrincipal();
    result.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
    result.setPrincipal(mspRole.serializeBinary());
    return result;
}

function signedBy(index: number): common.SignaturePolicy {
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(index);
    return rule;
}

function outOf(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
    const nOutOf = new common.SignaturePolicy.NOutOf();
    nOutOf.setN(n);
    nOutOf.setRulesList(rules);
    const rule = new common.SignaturePolicy();
    rule.setNOutOf(nOutOf);
    return rule;
}

/** The validation parameter Fabric's lifecycle stores for a signature policy. */
function validationParameter(rule: common.SignaturePolicy, identities: msp.MSPPrincipal[]): Uint8Array {
    const envelope = new common.SignaturePolicyEnvelope();
    envelope.setRule(rule);
    envelope.setIdentitiesList(identities);
    const policy = new peer.ApplicationPolicy();
    policy.setSignaturePolicy(envelope);
    return policy.serializeBinary();
}

describe("the chaincode's endorsement policy", function () {
    it("asks for floor(n/2)+1 of n mills' peers", function () {
        expect(MILLS.map((_, index) => toPolicyText(majorityOfPeers(MILLS.slice(0, index + 1))))).to.deep.equal([
            "OutOf(1, 'MillAMSP.peer')",
            "AND('MillAMSP.peer', 'MillBMSP.peer')",
            "OutOf(2, 'MillAMSP.peer', 'MillBMSP.peer', 'MillCMSP.peer')",
            "OutOf(3, 'MillAMSP.peer', 'MillBMSP.peer', 'MillCMSP.peer', 'MillDMSP.peer')",
            "OutOf(3, 'MillAMSP.peer', 'MillBMSP.peer', 'MillCMSP.peer', 'MillDMSP.peer', 'MillEMSP.peer')",
        ]);
    });

    it("writes the samples' policy without spaces, so network.sh -ccep keeps it one argument", function () {
        expect(toPolicyText(majorityOfPeers(['Org1MSP', 'Org2MSP', 'Org3MSP']), { compact: true })).to.equal(
            "OutOf(2,'Org1MSP.peer','Org2MSP.peer','Org3MSP.peer')",
        );
    });

    it('reads a committed majority back as the text it was committed with', function () {
        const PEER = msp.MSPRole.MSPRoleType.PEER;
        const bytes = validationParameter(
            outOf(2, [signedBy(0), signedBy(1), signedBy(2)]),
            ['MillAMSP', 'MillBMSP', 'MillCMSP'].map((mspId) => principal(mspId, PEER)),
        );
        expect(describePolicy(decodeValidationParameter(bytes))).to.equal(
            toPolicyText(majorityOfPeers(['MillAMSP', 'MillBMSP', 'MillCMSP'])),
        );
    });

    it('shows roles and nesting as Fabric writes them: OR, AND, member, admin', function () {
        const { MEMBER, ADMIN, PEER } = msp.MSPRole.MSPRoleType;
        const bytes = validationParameter(outOf(1, [signedBy(0), outOf(2, [signedBy(1), signedBy(2)])]), [
            principal('MillAMSP', MEMBER),
            principal('MillBMSP', ADMIN),
            principal('MillCMSP', PEER),
        ]);
        expect(describePolicy(decodeValidationParameter(bytes))).to.equal(
            "OR('MillAMSP.member', AND('MillBMSP.admin', 'MillCMSP.peer'))",
        );
    });

    it("names a definition that left its policy to the channel's default", function () {
        const policy = new peer.ApplicationPolicy();
        policy.setChannelConfigPolicyReference('/Channel/Application/Endorsement');
        expect(describePolicy(decodeValidationParameter(policy.serializeBinary()))).to.equal(
            'channel policy /Channel/Application/Endorsement',
        );
        expect(describePolicy(decodeValidationParameter(new Uint8Array()))).to.equal(
            'channel policy /Channel/Application/Endorsement',
        );
    });

    it('refuses a rule naming an identity the envelope lacks, with STEP_FAILED', function () {
        const bytes = validationParameter(outOf(1, [signedBy(3)]), [principal('MillAMSP', 3)]);
        expect(() => decodeValidationParameter(bytes))
            .to.throw()
            .with.property('code', 'STEP_FAILED');
    });
});
