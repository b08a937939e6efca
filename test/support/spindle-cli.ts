import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { testNetwork } from './local-network';

/** What a CLI run printed and how it exited. */
export interface CliRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the built `spindle` CLI against the test network's run folder, as a user types it. */
export function spindle(...args: string[]): CliRun {
    const { ctx } = testNetwork();
    const result = spawnSync(
        process.execPath,
        [join(ctx.paths.repoRoot, 'client', 'dist', 'cli', 'main.js'), '--run-dir', ctx.paths.runDir, ...args],
        { encoding: 'utf8', timeout: 180_000, env: { ...process.env, SPINDLE_RUN_DIR: ctx.paths.runDir } },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
