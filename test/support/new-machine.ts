import { createServer } from 'node:net';
import { join } from 'node:path';
import { IdentityDirectory, asWalletIdentity } from '@spindle/client';
import {
    MACHINE_ATTRIBUTE,
    ROLE_ATTRIBUTE,
    enrollIdentity,
    type NetworkContext,
} from '@spindle/network/client-support';

/**
 * Enrolls a machine new to the network at `millName`'s CA, as `spindle machine enroll` does, and
 * puts its identity into the run folder's wallet under its machine ID.
 *
 * @throws Error when the network has no such mill; the CA's error when enrollment fails.
 */
export async function enrollNewMachine(ctx: NetworkContext, millName: string, machineId: string): Promise<void> {
    const runDir = ctx.paths.runDir;
    const mill = ctx.config.mills.find((candidate) => candidate.name === millName);
    if (mill === undefined) {
        throw new Error(`no ${millName}`);
    }
    const enrolled = await enrollIdentity(
        ctx,
        mill,
        {
            name: machineId,
            type: 'client',
            attributes: { [ROLE_ATTRIBUTE]: 'machine', [MACHINE_ATTRIBUTE]: machineId },
        },
        join(runDir, 'enrolled', machineId),
    );
    await (await new IdentityDirectory(runDir).openWallet()).put(machineId, asWalletIdentity(enrolled));
}

/** A TCP port of 127.0.0.1 free at the moment of asking (the OS picks it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => {
                resolve(typeof address === 'object' && address !== null ? address.port : 0);
            });
        });
    });
}
