import { expect } from 'chai';
import {
    CONSORTIUM,
    assertMachineIdOfMill,
    majorityOf,
    millOfMachineId,
    parseConsortium,
} from '@spindle/chaincode/protocol';

describe('the consortium manifest binds machine IDs to mills', function () {
    it('names the mill of every ID by its suffix', function () {
        expect(millOfMachineId('carding-a1')?.mspId).to.equal('MillAMSP');
        expect(millOfMachineId('lap-former-b12')?.mspId).to.equal('MillBMSP');
        expect(millOfMachineId('comber-c2')?.mspId).to.equal('MillCMSP');
        expect(millOfMachineId('ghost-machine')).to.equal(undefined);
        expect(millOfMachineId('carding-d1')).to.equal(undefined);
    });

    it('refuses with NOT_AUTHORIZED an ID of another mill or of none', function () {
        expect(() => {
            assertMachineIdOfMill('drawing-b9', 'MillAMSP');
        }).to.throw(/^NOT_AUTHORIZED: .*MillB/);
        expect(() => {
            assertMachineIdOfMill('drawing', 'MillAMSP');
        }).to.throw(/^NOT_AUTHORIZED: .*no mill/);
        expect(() => {
            assertMachineIdOfMill('drawing-b9', 'MillBMSP');
        }).not.to.throw();
    });

    it('has three mills, so a majority is two', function () {
        expect(CONSORTIUM.mills.map((mill) => mill.mspId)).to.deep.equal(['MillAMSP', 'MillBMSP', 'MillCMSP']);
        expect(majorityOf()).to.equal(2);
    });

    it('refuses a manifest with a shared suffix or MSP ID', function () {
        const mill = { name: 'MillA', mspId: 'MillAMSP', machineIdSuffix: 'a' };
        expect(() => parseConsortium({ mills: [mill, { ...mill, name: 'MillB', mspId: 'MillBMSP' }] })).to.throw(
            /^INVALID_ARGUMENT/,
        );
        expect(() => parseConsortium({ mills: [mill, { ...mill, name: 'MillB', machineIdSuffix: 'b' }] })).to.throw(
            /^INVALID_ARGUMENT/,
        );
    });
});
