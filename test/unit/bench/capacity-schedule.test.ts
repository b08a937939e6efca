import { expect } from 'chai';
import {
    LINE_MACHINES,
    LINE_PROFILE,
    LINE_TYPES,
    type LineType,
    lineTypeOf,
    offeredRates,
    seededRandom,
    trafficSchedule,
    withQuerySamples,
} from '@spindle/bench';
import { messageCodeOf } from '../support/message-code';

const codeOf = messageCodeOf;

describe('the capacity traffic schedule', function () {
    it('gives each machine its uploads at the profile interval, jittered, starting within the first interval', function () {
        const types: LineType[] = ['carding', 'blow-room'];
        const arrivals = trafficSchedule(types, { durationMs: 600_000, jitter: 0.1, random: seededRandom(1) });
        for (const [machine, type] of types.entries()) {
            const uploads = arrivals.filter((arrival) => arrival.machine === machine && arrival.kind === 'upload');
            const periodMs = LINE_PROFILE[type].uploadEverySeconds * 1000;
            expect(uploads[0]?.atMs).to.be.lessThan(periodMs);
            expect(uploads.length).to.be.within(600_000 / periodMs - 2, 600_000 / periodMs + 2);
            for (let at = 1; at < uploads.length; at += 1) {
                const gap = (uploads[at]?.atMs ?? 0) - (uploads[at - 1]?.atMs ?? 0);
                expect(gap).to.be.within(periodMs * 0.9, periodMs * 1.1);
            }
        }
    });

    it('offers what the profile says on average, sorted by time', function () {
        const types = Array.from({ length: 300 }, (_, index) => lineTypeOf(index));
        const hours = 1;
        const arrivals = trafficSchedule(types, {
            durationMs: hours * 3_600_000,
            jitter: 0.1,
            random: seededRandom(7),
        });
        const expected = offeredRates(types);
        for (const kind of ['upload', 'order', 'query', 'registry-read'] as const) {
            const perSecond = arrivals.filter((arrival) => arrival.kind === kind).length / (hours * 3600);
            expect(perSecond, kind).to.be.within(expected[kind] * 0.95, expected[kind] * 1.05);
        }
        expect(
            arrivals.every((arrival, index) => index === 0 || (arrivals[index - 1]?.atMs ?? 0) <= arrival.atMs),
        ).to.equal(true);
    });

    it('lets the blow room ask no 9-step queries, since it takes bales, not a machine output', function () {
        const arrivals = trafficSchedule(['blow-room'], { durationMs: 36_000_000, jitter: 0, random: seededRandom(3) });
        expect(arrivals.filter((arrival) => arrival.kind === 'query')).to.have.length(0);
        expect(arrivals.filter((arrival) => arrival.kind === 'order').length).to.be.greaterThan(0);
    });

    it('draws the same schedule from the same seed, and another from another', function () {
        const draw = (seed: number) =>
            trafficSchedule(['carding', 'winder'], { durationMs: 60_000, jitter: 0.1, random: seededRandom(seed) });
        expect(draw(15)).to.deep.equal(draw(15));
        expect(draw(15)).to.not.deep.equal(draw(16));
    });

    it('refuses a jitter of 100 % or more and a duration of zero', function () {
        const random = seededRandom(1);
        expect(codeOf(() => trafficSchedule(['carding'], { durationMs: 1000, jitter: 1, random }))).to.equal(
            'CONFIG_INVALID',
        );
        expect(codeOf(() => trafficSchedule(['carding'], { durationMs: 0, jitter: 0.1, random }))).to.equal(
            'CONFIG_INVALID',
        );
    });

    it('fills every line of the fleet with each type as often as the profile says', function () {
        for (const line of [0, 1, 5]) {
            const types = Array.from({ length: LINE_MACHINES }, (_, slot) => lineTypeOf(line * LINE_MACHINES + slot));
            for (const type of LINE_TYPES) {
                expect(
                    types.filter((candidate) => candidate === type),
                    type,
                ).to.have.length(LINE_PROFILE[type].perLine);
            }
        }
        // A small fleet already has a card, a draw frame and a winder among its first ten machines.
        const first = Array.from({ length: 10 }, (_, index) => lineTypeOf(index));
        expect(first).to.include.members(['carding', 'drawing', 'winder', 'comber']);
    });

    it('adds evenly spaced queries from the askers when the profile offers fewer than the minimum, and none when enough', function () {
        const offered = trafficSchedule(['carding', 'blow-room'], {
            durationMs: 60_000,
            jitter: 0.1,
            random: seededRandom(2),
        });
        const queries = offered.filter((arrival) => arrival.kind === 'query').length;
        const { arrivals, added } = withQuerySamples(offered, 20, [0], 60_000);
        expect(added).to.equal(20 - queries);
        const all = arrivals.filter((arrival) => arrival.kind === 'query');
        expect(all).to.have.length(20);
        expect(all.every((arrival) => arrival.machine === 0 && arrival.atMs < 60_000)).to.equal(true);
        expect(withQuerySamples(arrivals, 20, [0], 60_000).added).to.equal(0);
        expect(withQuerySamples(offered, 20, [], 60_000).added).to.equal(0);
    });
});
