import { OutcomeTable } from '../support/outcome-table';

/** The security suite's one table: a row per kind of hostile input, printed when the run ends. */
export const SECURITY_TABLE = new OutcomeTable('security');

/** Whether `SPINDLE_FULL_COUNTS=1` asks for the full counts (1000+ fuzzed packets) instead of the quick ones. */
export const FULL_COUNTS = process.env.SPINDLE_FULL_COUNTS === '1';

/** `reduced` on a normal run, `full` with `SPINDLE_FULL_COUNTS=1`. */
export function countOf(reduced: number, full: number): number {
    return FULL_COUNTS ? full : reduced;
}

// A root hook: it runs once, after every suite of the run, whichever security file loaded first.
after(function () {
    SECURITY_TABLE.publish();
});
