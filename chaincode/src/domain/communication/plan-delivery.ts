import {
    DomainError,
    LIMITS,
    sha256Hex,
    toPacketBytes,
    verifyPacketSignature,
    type MachineRecord,
    type MailboxEntry,
    type MessageRecord,
    type Packet,
    type PacketType,
} from '../../protocol';
import { isMachineItself, isMillEdgeOf } from '../authorization';
import type { Caller } from '../caller';

/** What delivering a complete packet needs to know. */
export interface DeliveryContext {
    packet: Packet;
    /** The packet types the transaction accepts (`send`: upload and download, ...). */
    allowedTypes: readonly PacketType[];
    sender: MachineRecord | undefined;
    receiver: MachineRecord | undefined;
    caller: Caller;
    /**
     * Whether an edge box of the sender's mill may deliver the packet (`sendBatch`); otherwise
     * only the sender machine's own identity may.
     */
    edgeMayDeliver?: boolean;
    /** Whether the sender already used the packet's nonce. */
    nonceUsed: boolean;
    /** The prune watermark: packets stamped before it may have lost their nonce. */
    prunedBefore: string | undefined;
    /** The message's ID: the transaction ID of a single send, a derived ID in a batch. */
    messageId: string;
    /** The transaction timestamp. */
    at: string;
}

/** The writes of one delivery: the public record and the two private copies. */
export interface Delivery {
    message: MessageRecord;
    inbox: MailboxEntry;
    outbox: MailboxEntry;
}

/**
 * Decides whether a complete packet may be delivered, in the order of the paper's query flow:
 * the receiver must be registered and ACTIVE (step 3); the caller must be the registered
 * identity of the sender (or, where `edgeMayDeliver`, an edge of the sender's mill), and the
 * sender ACTIVE; the signature must verify against the sender's key in the key pool;
 * the timestamp must lie in the window around the transaction timestamp and not before the prune
 * watermark; the nonce must be new.
 *
 * @throws DomainError INVALID_ARGUMENT for a type the transaction does not carry or a packet to
 *   oneself; RECEIVER_UNKNOWN; NOT_AUTHORIZED; SIGNATURE_INVALID; EXPIRED; REPLAYED.
 */
export function planDelivery(context: DeliveryContext): Delivery {
    const { packet, sender, receiver } = context;
    if (!context.allowedTypes.includes(packet.type)) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `this transaction carries ${context.allowedTypes.join(' or ')} packets, not ${packet.type}`,
        );
    }
    if (packet.senderId === packet.receiverId) {
        throw new DomainError('INVALID_ARGUMENT', 'a machine cannot send a packet to itself');
    }
    if (receiver?.status !== 'ACTIVE') {
        throw new DomainError(
            'RECEIVER_UNKNOWN',
            receiver === undefined
                ? `machine ${packet.receiverId} is not registered`
                : `machine ${packet.receiverId} is ${receiver.status}`,
        );
    }
    if (sender === undefined || !mayDeliverFor(context, sender)) {
        throw new DomainError(
            'NOT_AUTHORIZED',
            context.edgeMayDeliver === true
                ? `the caller is neither the registered identity of ${packet.senderId} nor an edge of its mill`
                : `the caller is not the registered identity of ${packet.senderId}`,
        );
    }
    if (sender.status !== 'ACTIVE') {
        throw new DomainError('NOT_AUTHORIZED', `machine ${sender.machineId} is ${sender.status} and may not send`);
    }
    if (!verifyPacketSignature(packet, sender.signingPublicKey)) {
        throw new DomainError('SIGNATURE_INVALID', `the packet is not signed by ${sender.machineId}'s registered key`);
    }
    assertFresh(packet.timestamp, context.at);
    assertAfterWatermark(packet.timestamp, context.prunedBefore);
    if (context.nonceUsed) {
        throw new DomainError('REPLAYED', `${sender.machineId} already used nonce ${packet.nonce}`);
    }
    const packetHash = sha256Hex(toPacketBytes(packet));
    return {
        message: {
            messageId: context.messageId,
            senderId: packet.senderId,
            receiverId: packet.receiverId,
            type: packet.type,
            ...(packet.inReplyTo === undefined ? {} : { inReplyTo: packet.inReplyTo }),
            encryption: packet.encryption,
            size: packet.size,
            inspection: packet.inspection,
            packetHash,
            sentAt: context.at,
        },
        inbox: { messageId: context.messageId, mailbox: 'inbox', recordedAt: context.at, packet },
        outbox: { messageId: context.messageId, mailbox: 'outbox', recordedAt: context.at, packet },
    };
}

function mayDeliverFor(context: DeliveryContext, sender: MachineRecord): boolean {
    return (
        isMachineItself(context.caller, sender) ||
        (context.edgeMayDeliver === true && isMillEdgeOf(context.caller, sender))
    );
}

/**
 * Requires a packet timestamp no older than `LIMITS.packetMaxAgeMs` and no further ahead than
 * `LIMITS.packetMaxSkewMs` of the transaction timestamp (never the wall clock).
 *
 * @throws DomainError EXPIRED otherwise.
 */
export function assertFresh(packetTimestamp: string, at: string): void {
    const age = Date.parse(at) - Date.parse(packetTimestamp);
    if (age > LIMITS.packetMaxAgeMs || -age > LIMITS.packetMaxSkewMs) {
        throw new DomainError(
            'EXPIRED',
            `the packet's timestamp ${packetTimestamp} is outside the window around ${at}`,
        );
    }
}

/**
 * Requires a packet stamped at or after the prune watermark. Nonces of packets stamped before it
 * may be deleted, so such a packet is refused whatever the transaction timestamp: pruning never
 * re-opens a replay, even to a client that stamps its proposal near the old packet's time.
 *
 * @throws DomainError EXPIRED otherwise.
 */
export function assertAfterWatermark(packetTimestamp: string, prunedBefore: string | undefined): void {
    if (prunedBefore !== undefined && Date.parse(packetTimestamp) < Date.parse(prunedBefore)) {
        throw new DomainError(
            'EXPIRED',
            `the packet's timestamp ${packetTimestamp} is before the prune watermark ${prunedBefore}`,
        );
    }
}
