import { expect } from 'chai';

import { ownerOfMillCollection } from '@spindle/client';

describe("a mill collection's owner", function () {
    it('is the MSP ID a mill collection names, and none for a per-machine collection', function () {
        expect(ownerOfMillCollection('mill-MillBMSP')).to.equal('MillBMSP');
        expect(ownerOfMillCollection('machine-carding-a1')).to.equal(undefined);
    });
});
