import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseCapacityArguments } from './capacity-arguments';
import { type CapacityRun, writeCapacityReport, toCapacitySection } from './capacity-report';
import { runCapacity } from './capacity-run';

/**
 * `npm run bench -- --capacity [--sizes 30,60,120] [--seconds 60] [--budget 25] [--batch 1000]
 * [--publish]`: how many machines of the line profile the running network serves (see
 * capacity-run.ts); writes `bench/results/capacity-latest.md`, and with `publishDir` the
 * Capacity section of bench/REPORT.md.
 *
 * @throws Error INVALID_ARGUMENT, CONFIG_INVALID for options out of form.
 */
export async function capacityFromArguments(
    args: readonly string[],
    resultsDir: string,
    publishDir?: string,
): Promise<void> {
    const run = await runCapacity(parseCapacityArguments(args));
    console.log(`\n${toCapacitySection(run)}`);
    console.log(`capacity: report in ${writeCapacityReport(resultsDir, run, publishDir)}`);
}

/** `--capacity --render`: the capacity section again from `bench/results/capacity-latest.json` (the bench's own file). */
export function renderCapacityAgain(resultsDir: string, publishDir?: string): void {
    const saved = JSON.parse(readFileSync(join(resultsDir, 'capacity-latest.json'), 'utf8')) as CapacityRun;
    console.log(`capacity: section in ${writeCapacityReport(resultsDir, saved, publishDir)}`);
}
