import { expect } from 'chai';
import { SIMULATED_MACHINE_TYPES } from '@spindle/client/dist/device/opcua';
import { CleanupStack } from '@spindle/client/dist/scenario/cleanup-stack';
import { seedOf, simulatedTypeOf } from '@spindle/client/dist/scenario/line-simulators';

describe("the scenario's device area: what it starts and how it stops it", function () {
    it('stops what it started newest first, each once, past a step that fails', async function () {
        const stack = new CleanupStack();
        const stopped: string[] = [];
        stack.add('simulator', () => {
            stopped.push('simulator');
        });
        stack.add('agent of MillA', () => {
            throw new Error('EPERM');
        });
        stack.add('agent of MillB', async () => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            stopped.push('agent of MillB');
        });
        const [first, second] = await Promise.all([stack.run(), stack.run()]);
        expect(stopped).to.deep.equal(['agent of MillB', 'simulator']);
        expect(first).to.deep.equal(['agent of MillA: EPERM']);
        expect(second).to.equal(first);
        expect(await stack.run()).to.equal(first);
        expect(stopped).to.have.length(2);
    });

    it('gives every simulated machine type a simulator and a machine the same seed on every run', function () {
        for (const type of SIMULATED_MACHINE_TYPES) {
            expect(simulatedTypeOf(type)).to.equal(type);
        }
        expect(simulatedTypeOf('ring-frame')).to.equal(undefined);
        expect(seedOf('lap-former-b1')).to.equal(seedOf('lap-former-b1'));
        expect(seedOf('lap-former-b1')).to.not.equal(seedOf('drawing-b1'));
        expect(seedOf('lap-former-b1')).to.be.within(0, 2 ** 32 - 1);
    });
});
