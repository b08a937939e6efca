import { OutcomeTable } from '../../support/outcome-table';

/** The one table every chaos case records into, so a run prints one table of faults and what held. */
export const chaosTable = new OutcomeTable('chaos');

// A root-level hook: it runs once, after every suite of the run.
after(function () {
    chaosTable.publish();
});
