import { expect } from 'chai';
import { common, msp } from '@hyperledger/fabric-protos';
import { ownerAndMajorityPolicy } from '@spindle/chaincode/ledger';
import type { Consortium } from '@spindle/chaincode/protocol';

const mills = (...mspIds: string[]): Consortium => ({
    mills: mspIds.map((mspId, index) => ({ name: mspId, mspId, machineIdSuffix: String.fromCharCode(97 + index) })),
});

/** The policy decoded to text, e.g. AND(A.PEER, OutOf(1, B.PEER, C.PEER)), to assert its meaning. */
function render(bytes: Uint8Array): string {
    const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
    const principals = envelope.getIdentitiesList().map((principal) => {
        expect(principal.getPrincipalClassification()).to.equal(msp.MSPPrincipal.Classification.ROLE);
        const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
        const name = Object.entries(msp.MSPRole.MSPRoleType).find(([, value]) => value === role.getRole())?.[0];
        return `${role.getMspIdentifier()}.${name ?? '?'}`;
    });
    const walk = (rule: common.SignaturePolicy | undefined): string => {
        if (rule === undefined) {
            return '?';
        }
        if (rule.hasSignedBy()) {
            return principals[rule.getSignedBy()] ?? '?';
        }
        const outOf = rule.getNOutOf();
        const rules = outOf?.getRulesList() ?? [];
        return `OutOf(${outOf?.getN() ?? 0}, ${rules.map(walk).join(', ')})`;
    };
    return walk(envelope.getRule());
}

describe('key-level endorsement policies', function () {
    it("demand the owning mill's peer and one other mill's peer of three, never a member", function () {
        expect(render(ownerAndMajorityPolicy('B', mills('A', 'B', 'C')))).to.equal(
            'OutOf(2, B.PEER, OutOf(1, A.PEER, C.PEER))',
        );
    });

    it('keep a majority as the consortium grows: the owner and two others of four or five', function () {
        expect(render(ownerAndMajorityPolicy('A', mills('A', 'B', 'C', 'D')))).to.equal(
            'OutOf(2, A.PEER, OutOf(2, B.PEER, C.PEER, D.PEER))',
        );
        expect(render(ownerAndMajorityPolicy('E', mills('A', 'B', 'C', 'D', 'E')))).to.equal(
            'OutOf(2, E.PEER, OutOf(2, A.PEER, B.PEER, C.PEER, D.PEER))',
        );
    });

    it('need both mills of two, and the owner alone only in a consortium of one', function () {
        expect(render(ownerAndMajorityPolicy('A', mills('A', 'B')))).to.equal('OutOf(2, A.PEER, OutOf(1, B.PEER))');
        expect(render(ownerAndMajorityPolicy('A', mills('A')))).to.equal('A.PEER');
    });

    it('refuse an owner that is not a mill of the consortium', function () {
        expect(() => ownerAndMajorityPolicy('EvilMSP', mills('A', 'B', 'C'))).to.throw(/^INVALID_ARGUMENT/);
    });
});
