import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One thing a chaos or security suite tried, and what held. */
export interface Outcome {
    /** What was injected or sent, e.g. "SIGKILL a follower orderer during 500 submits". */
    tried: string;
    /** How many faults were injected or hostile inputs sent. */
    count: number;
    /** What was checked afterwards, in a few words. */
    held: string;
    /** Transactions lost (submitted valid, never committed, or committed twice). */
    lost: number;
    /** True when every check of the case passed. */
    passed: boolean;
}

/**
 * Collects a suite's outcomes and prints them as a Markdown table when the suite ends, and
 * writes the same table to `build/test-results/<suite>.md`, so a run leaves a record of what
 * it tried and what held.
 */
export class OutcomeTable {
    private readonly rows: Outcome[] = [];

    /**
     * @param suite - the table's name and its file name under build/test-results
     * @param options - `withLost: false` drops the lost column, for suites that send nothing valid
     */
    constructor(
        private readonly suite: string,
        private readonly options: { withLost: boolean } = { withLost: true },
    ) {}

    /** Records one case; call it after the case's assertions so `passed` is true only if they held. */
    record(outcome: Outcome): void {
        this.rows.push(outcome);
    }

    /** The table as Markdown. */
    markdown(): string {
        const withLost = this.options.withLost;
        const lines = [
            `| ${this.suite}: tried | count | what held |${withLost ? ' lost |' : ''} result |`,
            `| --- | ---: | --- |${withLost ? ' ---: |' : ''} --- |`,
            ...this.rows.map(
                (row) =>
                    `| ${row.tried} | ${String(row.count)} | ${row.held} |${withLost ? ` ${String(row.lost)} |` : ''} ${row.passed ? 'held' : 'FAILED'} |`,
            ),
        ];
        const total = this.rows.reduce((sum, row) => sum + row.count, 0);
        const lost = this.rows.reduce((sum, row) => sum + row.lost, 0);
        lines.push(
            '',
            `${String(this.rows.length)} cases, ${String(total)} tried${withLost ? `, ${String(lost)} lost` : ''}.`,
        );
        return lines.join('\n');
    }

    /** Prints the table and writes it under build/test-results; a suite's `after` hook calls it. */
    publish(): void {
        if (this.rows.length === 0) {
            return;
        }
        const text = this.markdown();
        console.log(`\n${text}\n`);
        const dir = resolve(__dirname, '..', '..', 'test-results');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${this.suite}.md`), `${text}\n`);
    }
}
