import { expect } from 'chai';
import { DEFAULT_CAPACITY_OPTIONS, parseCapacityArguments } from '@spindle/bench';
import { messageCodeOf } from '../support/message-code';

const codeOf = messageCodeOf;

describe('the capacity options', function () {
    it('runs 60 s rounds within 25 minutes, one packet per transaction and one agent per responder, unless told otherwise', function () {
        const options = parseCapacityArguments(['--capacity']);
        expect(options).to.deep.equal(DEFAULT_CAPACITY_OPTIONS);
        expect(options.batch).to.equal(undefined);
        expect(options.agents).to.equal('machine');
    });

    it('takes sizes, seconds, budget, agents and a batch window', function () {
        const options = parseCapacityArguments([
            '--capacity',
            '--sizes',
            '10,20',
            '--seconds',
            '30',
            '--budget',
            '5',
            '--agents',
            'mill',
            '--batch-window',
            '500',
            '--compare-seconds',
            '0',
        ]);
        expect(options.compareSeconds).to.equal(0);
        expect(options.plan.steps).to.deep.equal([10, 20]);
        expect(options.seconds).to.equal(30);
        expect(options.budgetMinutes).to.equal(5);
        expect(options.agents).to.equal('mill');
        expect(options.batch).to.deep.equal({ windowMs: 500, maxPackets: 64, scope: 'machine' });
    });

    it("batches a mill's machines together with --batch-scope mill", function () {
        const options = parseCapacityArguments(['--batch-window', '250', '--batch-scope', 'mill']);
        expect(options.batch).to.deep.equal({ windowMs: 250, maxPackets: 64, scope: 'mill' });
    });

    it('refuses values out of form with INVALID_ARGUMENT', function () {
        for (const args of [
            ['--seconds', '5'],
            ['--seconds', 'abc'],
            ['--budget'],
            ['--agents', 'line'],
            ['--batch-window', '100', '--batch-scope', 'line'],
            ['--batch-window', '100', '--batch-max', '65'],
            ['--compare-seconds', '601'],
        ]) {
            expect(
                codeOf(() => parseCapacityArguments(args)),
                args.join(' '),
            ).to.equal('INVALID_ARGUMENT');
        }
    });
});
