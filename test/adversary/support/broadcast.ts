import { common, type orderer } from '@hyperledger/fabric-protos';
import type { NetworkContext } from '@spindle/network';

import { broadcastClient } from './endpoints';

/** The orderer's answer to a broadcast envelope: `SUCCESS` means it was accepted for ordering. */
export interface BroadcastOutcome {
    status: string;
    info: string;
}

const STATUS_NAMES: Record<number, string> = Object.fromEntries(
    Object.entries(common.Status as unknown as Record<string, number>).map(([name, value]) => [value, name]),
);

/**
 * Sends an envelope straight to a mill's orderer through AtomicBroadcast.Broadcast over TLS and
 * returns its status, e.g. `SUCCESS`, or `FORBIDDEN` when the channel's writers policy refuses it.
 *
 * @throws Error BROADCAST_FAILED when the stream fails before the orderer answers.
 */
export async function broadcast(
    ctx: NetworkContext,
    millName: string,
    envelope: common.Envelope,
): Promise<BroadcastOutcome> {
    const client = broadcastClient(ctx, millName);
    try {
        return await new Promise<BroadcastOutcome>((resolve, reject) => {
            const stream = client.broadcast();
            stream.on('data', (response: orderer.BroadcastResponse) => {
                resolve({
                    status: STATUS_NAMES[response.getStatus()] ?? String(response.getStatus()),
                    info: response.getInfo(),
                });
                stream.end();
            });
            stream.on('error', (error: Error) => {
                reject(new Error(`BROADCAST_FAILED: ${error.message}`, { cause: error }));
            });
            stream.on('end', () => {
                reject(new Error('BROADCAST_FAILED: the orderer closed the stream without an answer'));
            });
            stream.write(envelope);
        });
    } finally {
        client.close();
    }
}
