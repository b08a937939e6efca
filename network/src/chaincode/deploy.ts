import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { nodeNames } from '../processes/nodes';
import {
    type ChaincodeRelease,
    approveAs,
    commitDefinition,
    committedDefinition,
    installOn,
    packageId,
    recordCommittedCollections,
    startChaincodeServer,
    waitForChaincode,
} from './chaincode';

/** What a deployment did. */
export interface DeployOutcome {
    sequence: number;
    version: string;
    packageId: string;
    /** False when the channel already had this definition. */
    committed: boolean;
    approvedBy: string[];
    /** Mills whose peers will not run this definition until their admins approve it. */
    awaitingApproval: string[];
}

/**
 * Brings the channel's chaincode definition to `release`: installs the package on every peer,
 * approves as `approvers` (a majority of mills), commits a new sequence when the committed
 * definition differs (new code, new collections, or an endorsement policy other than the
 * release's explicit majority of mills' peers), and (re)starts the mills' chaincode
 * servers on the package. Running it again changes nothing.
 *
 * @throws NetworkError CONFIG_INVALID when the approvers are not a majority of mills.
 */
export async function deployChaincode(
    ctx: NetworkContext,
    release: ChaincodeRelease,
    approvers: MillConfig[] = ctx.config.mills,
): Promise<DeployOutcome> {
    if (approvers.length * 2 <= ctx.config.mills.length) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `a chaincode definition needs a majority of the ${ctx.config.mills.length} mills; ${approvers.length} approving is not enough`,
        );
    }
    for (const mill of ctx.config.mills) {
        await installOn(ctx, mill, release);
    }
    const [first] = ctx.config.mills;
    if (!first) {
        throw new NetworkError('CONFIG_INVALID', 'the network has no mills');
    }
    const committed = await committedDefinition(ctx, first, release.name);
    // A definition committed without Spindle's explicit policy (or with another) moves to it at
    // the next sequence, as a changed manifest does.
    const current = committed?.version === release.version && committed.endorsementPolicy === release.endorsementPolicy;
    const sequence = current ? committed.sequence : (committed?.sequence ?? 0) + 1;
    for (const mill of approvers) {
        await approveAs(ctx, mill, release, sequence);
    }
    if (!current) {
        await commitDefinition(ctx, release, sequence, approvers);
    }
    recordCommittedCollections(ctx, release);
    if (release.kind === 'ccaas') {
        await runChaincodeServers(ctx, release);
    }
    // A mill's peer runs the chaincode only once its own mill agreed to the definition.
    for (const mill of approvers) {
        await waitForChaincode(ctx, mill, release);
    }
    return {
        sequence,
        version: release.version,
        packageId: packageId(release),
        committed: !current,
        approvedBy: approvers.map((mill) => mill.name),
        awaitingApproval: ctx.config.mills.filter((mill) => !approvers.includes(mill)).map((mill) => mill.name),
    };
}

/** Starts every mill's chaincode server on the release, restarting those serving another package. */
async function runChaincodeServers(ctx: NetworkContext, release: ChaincodeRelease): Promise<void> {
    const stateFile = join(ctx.paths.runDir, 'chaincode-server.json');
    const served = existsSync(stateFile) ? readFileSync(stateFile, 'utf8').trim() : '';
    const id = packageId(release);
    if (served !== id) {
        for (const mill of ctx.config.mills) {
            await ctx.processes.stop(nodeNames.chaincode(mill));
        }
    }
    for (const mill of ctx.config.mills) {
        await startChaincodeServer(ctx, mill, release);
    }
    writeFileSync(stateFile, id);
}
