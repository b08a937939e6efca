import { rmSync } from 'node:fs';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { forgetJoinedMill, readJoinedMills } from '../core/joined-mills';
import { caProcessName } from '../identities/ca';
import { nodeNames } from '../processes/nodes';
import { connectionProfileFile } from '../profiles/connection-profile';
import { gatewayProfileFile } from '../profiles/gateway-profile';

/**
 * The leaving mill's part once the update removing it is applied: stops its chaincode server,
 * peer, orderer and CA (by their recorded PIDs), records it out of the channel, so later
 * commands count the remaining mills only, and removes its gateway profile, so clients no
 * longer pick it as an endorser. Its run folder stays, for its own records.
 *
 * @throws NetworkError CONFIG_INVALID for a mill of the genesis block: only a mill that joined
 * later leaves this way.
 */
export async function leaveMill(ctx: NetworkContext, mill: MillConfig): Promise<string[]> {
    if (!readJoinedMills(ctx.paths).includes(mill.name)) {
        throw new NetworkError('CONFIG_INVALID', `${mill.name} did not join ${ctx.config.channel} after its genesis`);
    }
    const stopped: string[] = [];
    for (const name of [
        nodeNames.chaincode(mill),
        nodeNames.peer(mill),
        nodeNames.orderer(mill),
        caProcessName(mill),
    ]) {
        if (await ctx.processes.stop(name)) {
            stopped.push(name);
        }
    }
    forgetJoinedMill(ctx.paths, mill.name);
    // Its clients' profile goes: the others no longer count it among the mills that endorse.
    rmSync(gatewayProfileFile(ctx, mill), { force: true });
    rmSync(connectionProfileFile(ctx, mill), { force: true });
    return stopped;
}
