import { common } from '@hyperledger/fabric-protos';
import type { MachineSession } from '@spindle/client';

import { testNetwork } from './local-network';

/** The channel's block height as the machine's mill's peer has it. */
export async function channelHeight(machine: MachineSession): Promise<bigint> {
    const info = await machine.session.network
        .getContract('qscc')
        .evaluateTransaction('GetChainInfo', testNetwork().ctx.config.channel);
    return BigInt(common.BlockchainInfo.deserializeBinary(info).getHeight());
}
