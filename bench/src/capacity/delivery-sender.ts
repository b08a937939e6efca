import {
    COMMUNICATION_TRANSACTIONS,
    CONTRACT_NAMES,
    TRANSIENT_PACKET,
    qualifiedName,
    toPacketBytes,
    type Packet,
} from '@spindle/chaincode/protocol';
import { buildPacket, eciesCipher } from '@spindle/client';

import { submitOnce } from '../recorded-submit';
import type { FleetMachine } from './fleet';

/** One upload or order of the mix: from a machine to another, `bytes` of plaintext. */
export interface Delivery {
    sender: FleetMachine;
    receiver: FleetMachine;
    type: 'upload' | 'download';
    bytes: number;
}

/**
 * How the driver hands deliveries to the network. `deliver` resolves with the delivery's outcome
 * (`VALID` or a code) once it is committed; `close` sends what is still held and waits for it.
 */
export interface DeliverySender {
    /** A short name for the report: `single`, `batch 1000 ms per machine`. */
    readonly name: string;
    deliver(delivery: Delivery): Promise<string>;
    close(): Promise<void>;
}

const SEND = qualifiedName(CONTRACT_NAMES.communication, COMMUNICATION_TRANSACTIONS.send);

/** The packet a machine builds for a delivery: encrypted to the receiver and to itself, signed by it. */
export function packetOf(delivery: Delivery): Packet {
    return buildPacket(
        {
            senderId: delivery.sender.machineId,
            receiverId: delivery.receiver.machineId,
            type: delivery.type,
            plaintext: Buffer.alloc(delivery.bytes, 'r'),
            receiverEncryptionKeyPem: delivery.receiver.encryptionPublicKeyPem,
            senderEncryptionKeyPem: delivery.sender.encryptionPublicKeyPem,
            signingKeyPem: delivery.sender.session.signingKeyPem,
        },
        eciesCipher,
    );
}

/**
 * Today's path: one `Communication:send` transaction per packet, submitted once as the sending
 * machine, endorsed by both machines' mills and a majority (the endorsers worked out once per pair).
 */
export function singleSender(chaincode: string): DeliverySender {
    return {
        name: 'single (one packet per transaction)',
        deliver(delivery) {
            const packet = packetOf(delivery);
            return submitOnce(delivery.sender.session.session.network.getContract(chaincode), SEND, {
                transientData: { [TRANSIENT_PACKET]: toPacketBytes(packet) },
                endorsingOrganizations: delivery.sender.endorsersTo(delivery.receiver),
            });
        },
        close: () => Promise.resolve(),
    };
}
