import { expect } from 'chai';

import { OutcomeTable } from '../../support/outcome-table';

describe('outcome table of the chaos and security suites', function () {
    it('lists every case with its counts and totals the tried and lost', function () {
        const table = new OutcomeTable('chaos');
        table.record({ tried: 'SIGKILL a follower', count: 500, held: 'all committed once', lost: 0, passed: true });
        table.record({ tried: 'two orderers down', count: 3, held: 'clear error', lost: 1, passed: false });
        const text = table.markdown();
        expect(text).to.contain('| SIGKILL a follower | 500 | all committed once | 0 | held |');
        expect(text).to.contain('| two orderers down | 3 | clear error | 1 | FAILED |');
        expect(text).to.contain('2 cases, 503 tried, 1 lost.');
    });
});
