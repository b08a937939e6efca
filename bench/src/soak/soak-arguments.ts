import { loadavg } from 'node:os';

import { runSoak } from './soak-run';
import { writeSoakReport } from './soak-report';

/** The soak's default: the issue's 200,000 deliveries. */
const DEFAULT_DELIVERIES = 200_000;
/** Seconds between progress lines; `SPINDLE_SOAK_PROGRESS_SECONDS` overrides. */
const PROGRESS_SECONDS = Number(process.env.SPINDLE_SOAK_PROGRESS_SECONDS ?? '30');

/**
 * `npm run bench -- --soak [--deliveries N] [--minutes M] [--prune-every 60s] [--publish]`: runs the
 * soak (sending stops at N deliveries or after M minutes, whichever comes first) and
 * writes its report (`bench/results/soak-latest.md`, and the Soak section of bench/REPORT.md with
 * `--publish`).
 *
 * @throws Error INVALID_ARGUMENT for a count or duration out of form.
 */
export async function soakFromArguments(
    args: readonly string[],
    resultsDir: string,
    publishDir?: string,
): Promise<void> {
    const deliveries = optionOf(args, '--deliveries', DEFAULT_DELIVERIES, (text) =>
        /^[1-9][0-9]{0,7}$/.test(text) ? Number(text) : undefined,
    );
    const pruneEveryMs = optionOf(args, '--prune-every', 60_000, (text) => {
        const match = /^(\d{1,5})(s|m)$/.exec(text);
        return match === null ? undefined : Number(match[1]) * (match[2] === 'm' ? 60_000 : 1_000);
    });
    const minutes = optionOf(args, '--minutes', undefined, (text) =>
        /^[1-9][0-9]{0,4}$/.test(text) ? Number(text) : undefined,
    );
    console.log(
        `soak: ${deliveries} deliveries${minutes === undefined ? '' : ` or ${minutes} min, whichever comes first`}, pruning every ${pruneEveryMs / 1000} s, load average ${loadavg()
            .map((load) => load.toFixed(2))
            .join(' ')}`,
    );
    const run = await runSoak({
        deliveries,
        pruneEveryMs,
        progressEveryMs: PROGRESS_SECONDS * 1000,
        ...(minutes === undefined ? {} : { durationMs: minutes * 60_000 }),
    });
    console.log(`soak: report in ${writeSoakReport(resultsDir, run, publishDir)}`);
}

function optionOf<T>(args: readonly string[], name: string, fallback: T, parse: (text: string) => T | undefined): T {
    const at = args.indexOf(name);
    if (at < 0) {
        return fallback;
    }
    const value = parse(args[at + 1] ?? '');
    if (value === undefined) {
        throw new Error(`INVALID_ARGUMENT: ${name} ${args[at + 1] ?? ''} is not valid`);
    }
    return value;
}
