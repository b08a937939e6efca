import { expect } from 'chai';

import { eachLimited } from '@spindle/network';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('running work a few at a time', function () {
    it('runs every item once, never more than the limit at a time', async function () {
        let running = 0;
        let most = 0;
        const seen: number[] = [];
        await eachLimited([...Array(20).keys()], 4, async (item) => {
            running += 1;
            most = Math.max(most, running);
            await tick();
            seen.push(item);
            running -= 1;
        });
        expect(seen.sort((a, b) => a - b)).to.deep.equal([...Array(20).keys()]);
        expect(most).to.equal(4);
    });

    it('starts nothing new after a failure and rejects with it once the started runs settle', async function () {
        const started: number[] = [];
        let settled = 0;
        const outcome = await eachLimited([...Array(10).keys()], 3, async (item) => {
            started.push(item);
            await tick();
            settled += 1;
            if (item === 1) {
                throw new Error('CA_UNREACHABLE');
            }
        }).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(outcome).to.be.instanceOf(Error).with.property('message', 'CA_UNREACHABLE');
        expect(started.length).to.be.lessThan(10);
        expect(settled).to.equal(started.length);
    });
});
