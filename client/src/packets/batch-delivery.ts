import { LIMITS, toPacketBytes, type MessageRecord, type Packet, type PacketType } from '@spindle/chaincode/protocol';

import { CommunicationClient } from '../contracts/communication-client';
import { eciesCipher } from './ecies-cipher';
import { MachineRegistryClient } from '../contracts/machine-registry-client';
import { buildPacket, type PayloadCipher } from './packets';
import { SpindleError } from '../errors/spindle-error';
import type { SpindleGateway } from '../session/spindle-gateway';

/** One message of a batch: the machine that says it (its ID and enrollment key), to whom, what. */
export interface BatchMessage {
    senderId: string;
    /** The sender machine's enrollment private key, PEM: each packet is signed by its machine. */
    signingKeyPem: string;
    receiverId: string;
    type: Extract<PacketType, 'upload' | 'download'>;
    plaintext: Uint8Array;
}

/** JSON array brackets and commas around the packets of one transaction. */
const framingBytes = (count: number) => count + 1;

/**
 * Sends messages of one or several machines in batched transactions (`Communication:sendBatch`):
 * each encrypted to its receiver's registered key and to its sender's for the outbox, signed with
 * its sender's enrollment key, then as many packets as fit `LIMITS.batchPacketsMax` and
 * `LIMITS.batchBytes` per transaction, one transaction after the other. `session` is the sender
 * machine's own (all messages from it) or an edge identity of the senders' mill. Answers the
 * public records in the order of `messages`.
 *
 * @throws SpindleError RECEIVER_UNKNOWN for an unregistered receiver, NOT_FOUND for an
 *   unregistered sender, PAYLOAD_TOO_LARGE for a packet larger than a batch, or the chaincode's
 *   code (the transactions before the refused one stay committed).
 */
export async function sendBatch(
    session: SpindleGateway,
    messages: readonly BatchMessage[],
    cipher: PayloadCipher = eciesCipher,
): Promise<MessageRecord[]> {
    const registry = new MachineRegistryClient(session);
    const keys = new Map<string, Promise<string>>();
    const encryptionKeyOf = (machineId: string, unknown: 'RECEIVER_UNKNOWN' | 'NOT_FOUND'): Promise<string> => {
        let key = keys.get(machineId);
        if (key === undefined) {
            key = registry.keys(machineId).then(
                (record) => record.encryptionPublicKey,
                (error: unknown) => {
                    throw error instanceof SpindleError && error.code === 'NOT_FOUND'
                        ? new SpindleError(unknown, `machine ${machineId} is not registered`)
                        : error;
                },
            );
            keys.set(machineId, key);
        }
        return key;
    };
    const packets: Packet[] = [];
    for (const message of messages) {
        packets.push(
            buildPacket(
                {
                    senderId: message.senderId,
                    receiverId: message.receiverId,
                    type: message.type,
                    plaintext: message.plaintext,
                    receiverEncryptionKeyPem: await encryptionKeyOf(message.receiverId, 'RECEIVER_UNKNOWN'),
                    senderEncryptionKeyPem: await encryptionKeyOf(message.senderId, 'NOT_FOUND'),
                    signingKeyPem: message.signingKeyPem,
                },
                cipher,
            ),
        );
    }
    const communication = new CommunicationClient(session);
    const records: MessageRecord[] = [];
    for (const batch of batchesOf(packets)) {
        records.push(...(await communication.sendBatch(batch)));
    }
    return records;
}

/**
 * Splits packets, in order, into batches within `LIMITS.batchPacketsMax` packets and
 * `LIMITS.batchBytes` bytes each.
 *
 * @throws SpindleError PAYLOAD_TOO_LARGE for a packet that fits no batch.
 */
export function batchesOf(packets: readonly Packet[]): Packet[][] {
    const batches: Packet[][] = [];
    let current: Packet[] = [];
    let bytes = 0;
    for (const packet of packets) {
        const size = toPacketBytes(packet).length;
        if (size + framingBytes(1) > LIMITS.batchBytes) {
            throw new SpindleError(
                'PAYLOAD_TOO_LARGE',
                `a packet of ${size} bytes fits no batch of ${LIMITS.batchBytes}`,
            );
        }
        const full =
            current.length === LIMITS.batchPacketsMax ||
            bytes + size + framingBytes(current.length + 1) > LIMITS.batchBytes;
        if (full) {
            batches.push(current);
            current = [];
            bytes = 0;
        }
        current.push(packet);
        bytes += size;
    }
    if (current.length > 0) {
        batches.push(current);
    }
    return batches;
}
