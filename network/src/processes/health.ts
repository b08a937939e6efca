import { request } from 'node:http';

import { NetworkError } from '../core/errors';
import { sleep } from '../core/process-table';

/** Fetches an operations endpoint's `/healthz` (on `address`) and reports whether it answered `OK`. */
export async function isHealthy(port: number, address = '127.0.0.1'): Promise<boolean> {
    return (await httpGet(address, port, '/healthz'))?.status === 200;
}

/**
 * True when this orderer leads the channel's Raft cluster, as its Prometheus metrics say.
 * An orderer answers `active` as soon as it restarts, before any leader is elected; until
 * one is, every transaction fails with "no Raft leader".
 */
export async function isRaftLeader(operationsPort: number, channel: string, address = '127.0.0.1'): Promise<boolean> {
    const metrics = await httpGet(address, operationsPort, '/metrics');
    return metrics?.body.includes(`consensus_etcdraft_is_leader{channel="${channel}"} 1`) ?? false;
}

function httpGet(host: string, port: number, path: string): Promise<{ status: number; body: string } | undefined> {
    return new Promise((resolve) => {
        const req = request({ host, port, path, timeout: 2000 }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
                body += chunk;
            });
            res.on('end', () => {
                resolve({ status: res.statusCode ?? 0, body });
            });
        });
        req.on('error', () => {
            resolve(undefined);
        });
        req.on('timeout', () => {
            req.destroy();
            resolve(undefined);
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
