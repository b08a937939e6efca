import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portOffsetFromEnv } from '@spindle/network';

import { ensureNetwork, releaseNetwork } from '../support/local-network';

/**
 * The join suite's network sits this many ports above the other suites' (SPINDLE_PORT_OFFSET),
 * so it never meets theirs: a network spans ports 7150-7459 plus its offset.
 */
export const MILL_JOIN_PORT_SHIFT = 500;

let home: string | undefined;

/**
 * Root hooks of the mill join suite. MillD's join changes a channel for good, so the suite
 * brings up a network of its own, on its own ports and in a fresh run folder under the system's
 * temporary folder, and always stops and wipes it, also when a step or a test failed.
 */
export const mochaHooks = {
    async beforeAll(this: Mocha.Context): Promise<void> {
        this.timeout(20 * 60_000);
        home = mkdtempSync(join(tmpdir(), 'spindle-mill-join-'));
        process.env.SPINDLE_PORT_OFFSET = String(portOffsetFromEnv() + MILL_JOIN_PORT_SHIFT);
        // A folder that does not exist yet, so the suite's `down` wipes it.
        process.env.SPINDLE_RUN_DIR = join(home, 'run');
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
            process.once(signal, () => {
                void cleanUp().finally(() => process.exit(130));
            });
        }
        await ensureNetwork();
    },
    async afterAll(this: Mocha.Context): Promise<void> {
        this.timeout(120_000);
        await cleanUp();
    },
};

async function cleanUp(): Promise<void> {
    try {
        await releaseNetwork();
    } finally {
        if (home !== undefined) {
            rmSync(home, { recursive: true, force: true });
            home = undefined;
        }
    }
}
