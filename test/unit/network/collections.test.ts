import { expect } from 'chai';

import { type Consortium, collectionsConfig, retainedCollection } from '@spindle/network';

const consortium: Consortium = {
    mills: [
        { name: 'MillA', mspId: 'MillAMSP', machines: [{ id: 'carding-a1', type: 'carding' }] },
        {
            name: 'MillB',
            mspId: 'MillBMSP',
            machines: [
                { id: 'drawing-b1', type: 'drawing' },
                { id: 'lap-former-b1', type: 'lap-former' },
            ],
        },
    ],
};

describe('collections config from the consortium manifest', function () {
    it('gives every mill one collection for all its machines, held by it and endorsed by its peer and a majority', function () {
        const collections = collectionsConfig(consortium);
        expect(collections.map((c) => c.name)).to.deep.equal(['mill-MillAMSP', 'mill-MillBMSP']);
        const grown = {
            mills: consortium.mills.map((mill) => ({
                ...mill,
                machines: [
                    ...mill.machines,
                    ...Array.from({ length: 300 }, (_, n) => ({ id: `winder-x${n}`, type: 'winder' as const })),
                ],
            })),
        };
        expect(collectionsConfig(grown), 'more machines, the same collections').to.deep.equal(collections);
        const drawing = collections[1]!;
        expect(drawing.policy).to.equal("OR('MillBMSP.member')");
        // The collection's policy replaces the chaincode's majority for its keys: the owner's peer
        // alone must never do, nor any MEMBER.
        expect(drawing.endorsementPolicy).to.deep.equal({
            signaturePolicy: "AND('MillBMSP.peer', OutOf(1, 'MillAMSP.peer'))",
        });
        expect(drawing.memberOnlyRead).to.equal(true);
        // Other mills' machines deliver into a machine's inbox, so writes are not member-only.
        expect(drawing.memberOnlyWrite).to.equal(false);
        expect(drawing.blockToLive).to.equal(0);
    });

    it("maps mills onto another network's organisations, e.g. the Fabric samples' Org1 and Org2", function () {
        const toSamples = (name: string) => (name === 'MillA' ? 'Org1MSP' : 'Org2MSP');
        const collections = collectionsConfig(consortium, toSamples);
        expect(collections.map((c) => c.policy)).to.deep.equal(["OR('Org1MSP.member')", "OR('Org2MSP.member')"]);
        expect(collections.map((c) => c.name)).to.deep.equal(['mill-Org1MSP', 'mill-Org2MSP']);
    });

    it('gives every machine its own collection in the per-machine layout of releases before 1.1', function () {
        const collections = collectionsConfig(consortium, undefined, 'machine');
        expect(collections.map((c) => c.name)).to.deep.equal([
            'machine-carding-a1',
            'machine-drawing-b1',
            'machine-lap-former-b1',
        ]);
        expect(collections[1]!.endorsementPolicy).to.deep.equal({
            signaturePolicy: "AND('MillBMSP.peer', OutOf(1, 'MillAMSP.peer'))",
        });
    });

    it("keeps a departed mill's collection frozen: its member policy names only the channel's mills, no peer receives it, its endorsement policy still demands the departed mill", function () {
        const fourMills = {
            mills: [
                ...consortium.mills,
                { name: 'MillC', mspId: 'MillCMSP', machines: [] },
                { name: 'MillD', mspId: 'MillDMSP', machines: [] },
            ],
        };
        const [millA, , , millD] = collectionsConfig(fourMills);
        const left = ['MillAMSP', 'MillBMSP', 'MillCMSP'];
        expect(retainedCollection(millA!, left)).to.deep.equal(millA);
        const frozen = retainedCollection(millD!, left);
        expect(frozen.name).to.equal('mill-MillDMSP');
        expect(frozen.policy).to.equal("OR('MillAMSP.member', 'MillBMSP.member', 'MillCMSP.member')");
        expect(frozen).to.include({ maxPeerCount: 0, requiredPeerCount: 0, memberOnlyRead: true, blockToLive: 0 });
        expect(frozen.endorsementPolicy).to.deep.equal(millD!.endorsementPolicy);
        expect(frozen.endorsementPolicy.signaturePolicy).to.contain("'MillDMSP.peer'");
    });
});
