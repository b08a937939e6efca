import { ensureNetwork, releaseNetwork } from '../support/local-network';

/**
 * Root hooks of the real-network suites: reuse a running network or bring one up first, and
 * stop (and wipe) it at the end only if these suites started it.
 */
export const mochaHooks = {
    async beforeAll(this: Mocha.Context): Promise<void> {
        this.timeout(20 * 60_000);
        // An interrupted run still stops the processes it started.
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
            process.once(signal, () => {
                void releaseNetwork().finally(() => process.exit(130));
            });
        }
        await ensureNetwork();
    },
    async afterAll(this: Mocha.Context): Promise<void> {
        this.timeout(120_000);
        await releaseNetwork();
    },
};
