import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Loaded with `--require` into a profiled chaincode server (see chaincode-profiling.ts).
 *
 * SIGTERM and SIGINT end the process with `process.exit(0)`, so Node writes its `--cpu-prof`
 * profile, which the default signal action would lose. And it writes `clock.<pid>.json` into the
 * profile folder: the monotonic clock the profile's timestamps count in (microseconds) against
 * the wall clock at one moment, so a profile can be cut to the wall-clock window of a workload.
 */
const dirFlag = process.execArgv.indexOf('--cpu-prof-dir');
const profileDir = dirFlag === -1 ? undefined : process.execArgv[dirFlag + 1];
if (profileDir !== undefined) {
    const clock = { monotonicMicros: Number(process.hrtime.bigint() / 1000n), epochMillis: Date.now() };
    writeFileSync(join(profileDir, `clock.${process.pid}.json`), JSON.stringify(clock));
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
        process.exit(0);
    });
}
