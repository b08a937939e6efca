import { createServer } from 'node:net';

import { NetworkError } from '../core/errors';
import type { MillHost } from '../core/mill-host';

/** True when nothing listens on 127.0.0.1:`port`. */
export function isPortFree(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const server = createServer();
        server.once('error', () => {
            resolve(false);
        });
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
            server.close(() => {
                resolve(true);
            });
        });
    });
}

/**
 * Checks that a process about to start can have its ports. A host of its own (a network
 * namespace the tool made for the mill) has nothing else listening, so there is nothing to check.
 *
 * @throws NetworkError PORT_TAKEN naming the port, what needs it, and where to change it.
 */
export async function assertPortsFree(owner: string, ports: number[], host?: MillHost): Promise<void> {
    if (host?.namespace !== undefined) {
        return;
    }
    for (const port of ports) {
        if (!(await isPortFree(port))) {
            throw new NetworkError(
                'PORT_TAKEN',
                `port ${port} for ${owner} is taken by another process; stop it or change the port in test-network-config/network.json`,
            );
        }
    }
}
