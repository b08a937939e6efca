import { expect } from 'chai';
import { DEFAULT_SEARCH_PLAN, type Probe, bracketOf, nextMachineCount, parseSearchSteps } from '@spindle/bench';
import { messageCodeOf } from '../support/message-code';

const codeOf = messageCodeOf;

/** Runs the search against a network that serves up to `capacity` machines. */
function searchAgainst(capacity: number, plan = DEFAULT_SEARCH_PLAN): Probe[] {
    const probes: Probe[] = [];
    for (let machines = nextMachineCount(plan, probes); machines !== undefined;) {
        probes.push({ machines, passed: machines <= capacity });
        machines = nextMachineCount(plan, probes);
    }
    return probes;
}

describe('the capacity search over machine counts', function () {
    it('steps up while rounds pass, then bisects between the best pass and the first fail', function () {
        const probes = searchAgainst(100);
        expect(probes.slice(0, 4).map((probe) => probe.machines)).to.deep.equal([30, 60, 120, 90]);
        const { passed, failed } = bracketOf(probes);
        expect(passed).to.be.at.most(100);
        expect((failed ?? 0) - passed).to.be.at.most(Math.max(6, Math.ceil(passed * 0.1)));
        expect(probes.length).to.be.at.most(DEFAULT_SEARCH_PLAN.maxRounds);
    });

    it('stops after the last step when every round passed, the capacity then being at least that', function () {
        const probes = searchAgainst(10_000);
        expect(probes.map((probe) => probe.machines)).to.deep.equal([...DEFAULT_SEARCH_PLAN.steps]);
        expect(bracketOf(probes)).to.deep.equal({ passed: 480 });
    });

    it('bisects below the first step when even that fails', function () {
        const probes = searchAgainst(10);
        expect(probes[1]?.machines).to.equal(15);
        expect(bracketOf(probes).passed).to.be.within(4, 10);
    });

    it('stops at the round limit', function () {
        const probes = searchAgainst(100, { ...DEFAULT_SEARCH_PLAN, maxRounds: 3 });
        expect(probes).to.have.length(3);
    });

    it('does not raise the figure for a pass above a fail (noise on a shared machine)', function () {
        expect(
            bracketOf([
                { machines: 60, passed: true },
                { machines: 120, passed: false },
                { machines: 150, passed: true },
            ]),
        ).to.deep.equal({ passed: 60, failed: 120 });
    });

    it('takes rising counts from --sizes and refuses others with CONFIG_INVALID', function () {
        expect(parseSearchSteps('30, 60,120')).to.deep.equal([30, 60, 120]);
        for (const text of ['60,30', '30,30', '1', 'abc', '30,,60']) {
            expect(
                codeOf(() => parseSearchSteps(text)),
                text,
            ).to.equal('CONFIG_INVALID');
        }
    });
});
