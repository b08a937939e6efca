import type { MessageRecord, PacketType } from '@spindle/chaincode/protocol';

import { eciesCipher } from './ecies-cipher';
import type { MachineSession } from '../contracts/machine-session';
import { buildPacket } from './packets';
import { SpindleError } from '../errors/spindle-error';

/**
 * Sends a plain message (upload: collected data; download: orders, parameters) from a machine:
 * encrypted to the receiver's registered key and to the sender's own for its outbox, signed
 * with the sender's enrollment key (steps 1-5 and 8 of the flow, no reply).
 *
 * @throws SpindleError RECEIVER_UNKNOWN, NOT_FOUND, or the chaincode's code.
 */
export async function sendMessage(
    sender: MachineSession,
    receiverId: string,
    type: Extract<PacketType, 'upload' | 'download'>,
    plaintext: Uint8Array,
): Promise<MessageRecord> {
    const receiver = await sender.registry.keys(receiverId).catch((error: unknown) => {
        throw error instanceof SpindleError && error.code === 'NOT_FOUND'
            ? new SpindleError('RECEIVER_UNKNOWN', `machine ${receiverId} is not registered`)
            : error;
    });
    const own = await sender.registry.keys(sender.machineId);
    const packet = buildPacket(
        {
            senderId: sender.machineId,
            receiverId,
            type,
            plaintext,
            receiverEncryptionKeyPem: receiver.encryptionPublicKey,
            senderEncryptionKeyPem: own.encryptionPublicKey,
            signingKeyPem: sender.signingKeyPem,
        },
        eciesCipher,
    );
    return sender.communication.send(packet);
}
