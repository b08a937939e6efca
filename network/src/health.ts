import { request } from 'node:http';

import { NetworkError } from './errors';
import { sleep } from './processes';

/** Fetches an operations endpoint's `/healthz` and reports whether it answered `OK`. */
export function isHealthy(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        req.on('error', () => {
            resolve(false);
        });
        req.on('timeout', () => {
            req.destroy();
            resolve(false);
        });
        req.end();
    });
}

/**
 * Polls `check` until it returns true.
 *
 * @throws NetworkError HEALTH_TIMEOUT naming what never became ready and the log to read.
 */
export async function waitFor(
    what: string,
    check: () => Promise<boolean>,
    options: { timeoutMs?: number; intervalMs?: number; logFile?: string } = {},
): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
        if (await check().catch(() => false)) {
            return;
        }
        if (Date.now() > deadline) {
            throw new NetworkError('HEALTH_TIMEOUT', `${what} did not become ready in time`, options.logFile);
        }
        await sleep(options.intervalMs ?? 250);
    }
}
