import { prepareRelease } from './chaincode/chaincode';
import { type DeployOutcome, deployChaincode } from './chaincode/deploy';
import type { MillConfig } from './core/config';
import type { NetworkContext } from './core/context';
import { Progress } from './core/progress';
import { issueMillIdentities } from './identities/identities';
import { writeGatewayProfiles } from './profiles/gateway-profile';

/**
 * Commits the next chaincode definition sequence for the channel as it is now: identities of
 * machines the manifest added, the release packaged with the channel's mills (so after a mill
 * joins, a chaincode that knows it, its collection `mill-<MSP>` and a majority over all
 * members), approved by `approvers` (a majority) and committed, then every mill's gateway
 * profile. Running it again changes nothing.
 */
export async function upgrade(
    ctx: NetworkContext,
    approvers: MillConfig[] = ctx.config.mills,
    progress: Progress = new Progress(3),
): Promise<DeployOutcome> {
    await progress.step('Identities of new machines', async () => {
        for (const mill of ctx.config.mills) {
            await issueMillIdentities(ctx, mill);
        }
    });
    const release = await progress.step('Chaincode package and collections', () => prepareRelease(ctx));
    const outcome = await progress.step('Approve and commit', () => deployChaincode(ctx, release, approvers));
    writeGatewayProfiles(ctx);
    return outcome;
}
