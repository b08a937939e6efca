import { expect } from 'chai';
import { type RoutedMachine, neighbourOf, responderOf } from '@spindle/bench';

const fleet: RoutedMachine[] = [
    { mspId: 'A', type: 'blow-room' },
    { mspId: 'B', type: 'blow-room' },
    { mspId: 'C', type: 'blow-room' },
    { mspId: 'A', type: 'carding' },
    { mspId: 'B', type: 'carding' },
];

describe('the capacity traffic routes', function () {
    it("sends a machine's uploads to the next machine of its own mill, wrapping round", function () {
        expect(neighbourOf(0, fleet)).to.equal(3);
        expect(neighbourOf(3, fleet)).to.equal(0);
        expect(neighbourOf(1, fleet)).to.equal(4);
    });

    it('crosses to another mill only when its mill has no second machine', function () {
        expect(neighbourOf(2, fleet)).to.equal(3);
    });

    it('asks the upstream type in another mill first, then in its own, and the blow room asks nobody', function () {
        const responders = [
            { mspId: 'A', type: 'blow-room', id: 'br-a' },
            { mspId: 'B', type: 'blow-room', id: 'br-b' },
            { mspId: 'B', type: 'drawing', id: 'dr-b' },
        ] as const;
        expect(responderOf({ mspId: 'A', type: 'carding' }, responders)?.id).to.equal('br-b');
        expect(responderOf({ mspId: 'B', type: 'carding' }, responders)?.id).to.equal('br-a');
        expect(responderOf({ mspId: 'B', type: 'lap-former' }, responders)?.id).to.equal('dr-b');
        // No comber among the responders: a winder asks any machine of another mill.
        expect(responderOf({ mspId: 'B', type: 'winder' }, responders)?.id).to.equal('br-a');
        expect(responderOf({ mspId: 'A', type: 'blow-room' }, responders)).to.equal(undefined);
    });
});
