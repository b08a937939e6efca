import { expect } from 'chai';
import { DEFAULT_SCALE_SIZES, parseScaleSizes } from '@spindle/bench';
import { messageCodeOf } from '../support/message-code';

const codeOf = messageCodeOf;

describe('the bench scale sizes', function () {
    it('measures at 20, 100, 300 and 600 machines unless told otherwise', function () {
        expect(parseScaleSizes(undefined)).to.deep.equal([20, 100, 300, 600]);
        expect(parseScaleSizes('  ')).to.deep.equal([...DEFAULT_SCALE_SIZES]);
    });

    it('takes a quick run from SPINDLE_BENCH_SCALE_SIZES, spaces allowed', function () {
        expect(parseScaleSizes('20,40')).to.deep.equal([20, 40]);
        expect(parseScaleSizes(' 20 , 60 ')).to.deep.equal([20, 60]);
        expect(parseScaleSizes('9')).to.deep.equal([9]);
    });

    it('refuses counts that are not whole numbers of at least one machine', function () {
        for (const value of ['0,20', '20,abc', '20,,40', '-5', '2.5', '20,40,']) {
            expect(
                codeOf(() => parseScaleSizes(value)),
                value,
            ).to.equal('CONFIG_INVALID');
        }
    });

    it('refuses counts that do not rise, since the network only grows', function () {
        expect(codeOf(() => parseScaleSizes('100,20'))).to.equal('CONFIG_INVALID');
        expect(codeOf(() => parseScaleSizes('20,20'))).to.equal('CONFIG_INVALID');
    });
});
