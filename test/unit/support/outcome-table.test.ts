import { expect } from 'chai';

import { OutcomeTable } from '../../support/outcome-table';

describe('outcome table of the chaos, security and adversary suites', function () {
    it('lists every case with its counts and totals the tried and lost', function () {
        const table = new OutcomeTable('chaos');
        table.record({ tried: 'SIGKILL a follower', count: 500, held: 'all committed once', lost: 0, passed: true });
        table.record({ tried: 'two orderers down', count: 3, held: 'clear error', lost: 1, passed: false });
        const text = table.markdown();
        expect(text).to.contain('| SIGKILL a follower | 500 | all committed once | 0 | held |');
        expect(text).to.contain('| two orderers down | 3 | clear error | 1 | FAILED |');
        expect(text).to.contain('2 cases, 503 tried, 1 lost.');
    });

    it('drops the lost column for a suite that sends nothing valid', function () {
        const table = new OutcomeTable('adversary', { withLost: false });
        table.record({ tried: 'forged record', count: 3, held: 'VALID on every peer', lost: 0, passed: false });
        const text = table.markdown();
        expect(text).to.contain('| adversary: tried | count | what held | result |');
        expect(text).to.contain('| forged record | 3 | VALID on every peer | FAILED |');
        expect(text).to.contain('1 cases, 3 tried.');
        expect(text).to.not.contain('lost');
    });
});
