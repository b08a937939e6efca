import type { Network } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';

/** The chaincode event one transaction emitted. */
export interface TransactionEvent {
    chaincodeName: string;
    eventName: string;
    payload: Uint8Array;
}

/**
 * Reads the chaincode event a committed transaction emitted, from its block: Fabric keeps at
 * most one event per transaction. Undefined when the transaction emitted none.
 */
export async function transactionEventOf(
    network: Network,
    blockNumber: bigint,
    transactionId: string,
): Promise<TransactionEvent | undefined> {
    const blocks = await network.getBlockEvents({ startBlock: blockNumber });
    try {
        for await (const block of blocks) {
            return eventInBlock(block, transactionId);
        }
    } finally {
        blocks.close();
    }
    return undefined;
}

/**
 * Resolves once the gateway's peer has committed block `blockNumber`: a read through that
 * peer afterwards sees the block's writes. (A commit confirmed by one mill's peer may not yet
 * be on another's.)
 */
export async function waitForBlock(network: Network, blockNumber: bigint): Promise<void> {
    const blocks = await network.getBlockEvents({ startBlock: blockNumber });
    try {
        // The first block delivered is the one asked for; its arrival is all that matters.
        await blocks[Symbol.asyncIterator]().next();
    } finally {
        blocks.close();
    }
}

function eventInBlock(block: common.Block, transactionId: string): TransactionEvent | undefined {
    for (const envelopeBytes of block.getData()?.getDataList_asU8() ?? []) {
        const payload = common.Payload.deserializeBinary(
            common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
        );
        const header = common.ChannelHeader.deserializeBinary(
            payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
        );
        if (header.getTxId() !== transactionId) {
            continue;
        }
        const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
        for (const action of transaction.getActionsList()) {
            const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
            const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
                actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
            );
            const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
            const eventBytes = chaincodeAction.getEvents_asU8();
            if (eventBytes.length > 0) {
                const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
                return {
                    chaincodeName: event.getChaincodeId(),
                    eventName: event.getEventName(),
                    payload: event.getPayload_asU8(),
                };
            }
        }
        return undefined;
    }
    return undefined;
}
