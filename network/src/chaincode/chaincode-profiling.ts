import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The variable that turns CPU profiling of the chaincode servers on: the folder for the profiles. */
export const CHAINCODE_CPU_PROF = 'SPINDLE_CHAINCODE_CPU_PROF';

/**
 * Node options that profile a chaincode server's CPU while `SPINDLE_CHAINCODE_CPU_PROF=<dir>` is
 * set at `up` (for benchmarks), none otherwise. Each server writes `--cpu-prof` profiles into
 * `<dir>/<name>/` when it exits. Node writes a profile only on a normal exit, and a SIGTERM
 * (how `down` stops processes) would kill it without one, so the server also loads
 * `exit-on-signal`, which turns SIGTERM and SIGINT into `process.exit(0)`.
 */
export function chaincodeProfileArgs(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
    const dir = env[CHAINCODE_CPU_PROF];
    if (dir === undefined || dir === '') {
        return [];
    }
    const profileDir = join(resolve(dir), name);
    mkdirSync(profileDir, { recursive: true });
    return ['--cpu-prof', '--cpu-prof-dir', profileDir, '--require', join(__dirname, 'exit-on-signal.js')];
}
