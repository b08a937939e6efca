import type { Context } from 'fabric-contract-api';
import { planDelivery, type Delivery } from '../domain';
import { TRANSIENT_PACKET, parsePacket, type Packet, type PacketType } from '../protocol';
import {
    loadMachine,
    loadPruneWatermark,
    nonceUsed,
    putMailboxEntry,
    readCaller,
    recordNonce,
    saveMessage,
    takeRateSlot,
    transactionId,
    transactionTime,
} from '../ledger';

/** A packet that passed every check, and the writes that deliver it. */
export interface PreparedDelivery {
    packet: Packet;
    delivery: Delivery;
}

/**
 * Steps 2 to 3 (and 7) of the query flow for the packet in the transient map: completeness, the
 * calling machine's rate limit (before any signature is verified), receiver, sender identity,
 * signature, time window, prune watermark and nonce. Writes only the rate-limit slot, which a refusal discards.
 *
 * @throws DomainError PACKET_INCOMPLETE, PAYLOAD_TOO_LARGE, RATE_LIMITED, INVALID_ARGUMENT,
 *   RECEIVER_UNKNOWN, NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED, REPLAYED.
 */
export async function prepareDelivery(ctx: Context, allowedTypes: readonly PacketType[]): Promise<PreparedDelivery> {
    const packet = parsePacket(ctx.stub.getTransient().get(TRANSIENT_PACKET));
    const caller = readCaller(ctx);
    await takeRateSlot(ctx, caller, packet.slot);
    const delivery = planDelivery({
        packet,
        allowedTypes,
        receiver: await loadMachine(ctx, packet.receiverId),
        sender: await loadMachine(ctx, packet.senderId),
        caller,
        nonceUsed: await nonceUsed(ctx, packet.senderId, packet.nonce, packet.timestamp),
        prunedBefore: (await loadPruneWatermark(ctx))?.prunedBefore,
        messageId: transactionId(ctx),
        at: transactionTime(ctx),
    });
    return { packet, delivery };
}

/**
 * Step 4 (and 8): the packet goes into the receiver's inbox and the sender's outbox, each under
 * this transaction's key; the public record and the nonce go to world state. Every key written is
 * new to this transaction, so concurrent deliveries to one receiver never conflict.
 */
export async function commitDelivery(ctx: Context, { packet, delivery }: PreparedDelivery): Promise<void> {
    await putMailboxEntry(ctx, packet.receiverId, delivery.inbox);
    await putMailboxEntry(ctx, packet.senderId, delivery.outbox);
    await saveMessage(ctx, delivery.message);
    await recordNonce(ctx, packet.senderId, packet.nonce, packet.timestamp, delivery.message.messageId);
}
