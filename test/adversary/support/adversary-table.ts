import { OutcomeTable } from '../../support/outcome-table';

/** The adversary suite's one table: a row per attack, printed and written when the run ends. */
export const ADVERSARY_TABLE = new OutcomeTable('adversary', { withLost: false });

// A root hook: it runs once, after every suite of the run, whichever adversary file loaded first.
after(function () {
    ADVERSARY_TABLE.publish();
});
