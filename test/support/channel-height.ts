import type { Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { type MachineSession, localIdentity, openLocalSession, waitForBlock } from '@spindle/client';

import { testNetwork } from './local-network';

/** The channel's block height as the machine's mill's peer has it. */
export function channelHeight(machine: MachineSession): Promise<bigint> {
    return channelHeightOf(machine.session.network);
}

/**
 * Waits until every mill's peer has every block `network`'s peer has. A write the gateway said
 * committed is then on every peer, so the next endorsement, on whichever peers, reads it.
 */
export async function untilEveryPeerHasCaughtUp(network: Network): Promise<void> {
    const lastBlock = (await channelHeightOf(network)) - 1n;
    const { ctx } = testNetwork();
    await Promise.all(
        ctx.config.mills.map(async (mill) => {
            const admin = openLocalSession(localIdentity(ctx.paths.runDir, `${mill.key}-admin`));
            try {
                await waitForBlock(admin.network, lastBlock);
            } finally {
                admin.close();
            }
        }),
    );
}

/** The channel's block height as the peer behind `network` has it (qscc GetChainInfo). */
export async function channelHeightOf(network: Network): Promise<bigint> {
    const info = await network
        .getContract('qscc')
        .evaluateTransaction('GetChainInfo', testNetwork().ctx.config.channel);
    return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}
