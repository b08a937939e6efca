import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';

/** The consortium manifest a chaincode release carries as `dist/consortium.json`. */
export interface PackagedConsortium {
    description: string;
    mills: { name: string; mspId: string; machineIdSuffix: string }[];
}

/**
 * The mills the chaincode of the next release knows: the channel's members, in the network
 * manifest's order, with their machine ID namespaces. It is derived when the release is
 * packaged, so the release after a mill's join knows that mill (and a majority over all the
 * members), and the digest of the manifest is in the definition version the mills approve.
 *
 * @throws NetworkError CONFIG_INVALID when a member has no machine ID suffix.
 */
export function packagedConsortium(ctx: NetworkContext): PackagedConsortium {
    return {
        description:
            'The mills of the channel when this release was packaged (written by the network tool from test-network-config/consortium.json). It is part of the code the mills approve: its digest is in the definition version. A mill joining the channel is known from the next release on.',
        mills: ctx.consortium.mills.map((mill) => {
            if (mill.machineIdSuffix === undefined) {
                throw new NetworkError('CONFIG_INVALID', `mill ${mill.name} has no machine ID suffix`);
            }
            return { name: mill.name, mspId: mill.mspId, machineIdSuffix: mill.machineIdSuffix };
        }),
    };
}

/**
 * Copies the compiled chaincode (package.json and dist/) into `dir` with the packaged consortium
 * manifest in place of the source's: the code a release runs, byte for byte.
 */
export function copyReleaseCode(ctx: NetworkContext, dir: string): void {
    cpSync(join(ctx.paths.chaincodeDir, 'dist'), join(dir, 'dist'), {
        recursive: true,
        filter: (source) => !source.endsWith('.tsbuildinfo'),
    });
    cpSync(join(ctx.paths.chaincodeDir, 'package.json'), join(dir, 'package.json'));
    writeFileSync(join(dir, 'dist', 'consortium.json'), `${JSON.stringify(packagedConsortium(ctx), null, 2)}\n`);
}
