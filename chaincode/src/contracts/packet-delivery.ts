import type { Context } from 'fabric-contract-api';
import { planDelivery, type Caller, type Delivery } from '../domain';
import {
    TRANSIENT_PACKET,
    TRANSIENT_PACKETS,
    batchMessageId,
    inBatchAsync,
    parsePacket,
    parsePacketBatch,
    type MachineRecord,
    type Packet,
    type PacketType,
} from '../protocol';
import {
    loadMachine,
    loadPruneWatermark,
    nonceUsed,
    putMailboxEntry,
    readCaller,
    recordNonce,
    saveMessage,
    takeBatchRateSlot,
    takeRateSlot,
    transactionId,
    transactionTime,
} from '../ledger';

/** A packet that passed every check, and the writes that deliver it. */
export interface PreparedDelivery {
    packet: Packet;
    delivery: Delivery;
}

/** What the checks of one packet read once per transaction. */
interface DeliveryGround {
    caller: Caller;
    at: string;
    prunedBefore: string | undefined;
    /** Machine records read so far in this transaction, by ID. */
    machines: Map<string, Promise<MachineRecord | undefined>>;
}

async function deliveryGround(ctx: Context): Promise<DeliveryGround> {
    return {
        caller: readCaller(ctx),
        at: transactionTime(ctx),
        prunedBefore: (await loadPruneWatermark(ctx))?.prunedBefore,
        machines: new Map(),
    };
}

function machineOf(ctx: Context, ground: DeliveryGround, machineId: string): Promise<MachineRecord | undefined> {
    let record = ground.machines.get(machineId);
    if (record === undefined) {
        record = loadMachine(ctx, machineId);
        ground.machines.set(machineId, record);
    }
    return record;
}

/** How one packet is judged: by whom it may be delivered, under which message ID. */
interface PacketCheck {
    allowedTypes: readonly PacketType[];
    messageId: string;
    edgeMayDeliver: boolean;
    /** Whether an earlier packet of the same batch used the packet's nonce. */
    nonceInBatch: boolean;
}

/**
 * The checks of one complete packet after its rate slot: receiver, sender identity (or its
 * mill's edge), signature, time window, prune watermark and nonce. Reads only.
 */
async function planPacket(
    ctx: Context,
    ground: DeliveryGround,
    packet: Packet,
    check: PacketCheck,
): Promise<PreparedDelivery> {
    const delivery = planDelivery({
        packet,
        allowedTypes: check.allowedTypes,
        receiver: await machineOf(ctx, ground, packet.receiverId),
        sender: await machineOf(ctx, ground, packet.senderId),
        caller: ground.caller,
        edgeMayDeliver: check.edgeMayDeliver,
        nonceUsed: check.nonceInBatch || (await nonceUsed(ctx, packet.senderId, packet.nonce, packet.timestamp)),
        prunedBefore: ground.prunedBefore,
        messageId: check.messageId,
        at: ground.at,
    });
    return { packet, delivery };
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
    const ground = await deliveryGround(ctx);
    await takeRateSlot(ctx, ground.caller, packet.slot);
    return planPacket(ctx, ground, packet, {
        allowedTypes,
        messageId: transactionId(ctx),
        edgeMayDeliver: false,
        nonceInBatch: false,
    });
}

/**
 * The checks of `prepareDelivery` for every packet of the transient `packets` (release 1.4), in
 * order, each packet named by `batchMessageId`. The creator is each packet's sender machine
 * itself or an edge of the sender's mill; each sender's packets take one batch rate slot of that
 * sender (under the creator's MSP ID, before its first packet's signature is verified; release
 * 1.5, see `LIMITS.batchSlotsPerWindow`) and each packet must carry a nonce new to the ledger and
 * to the batch. The first packet
 * refused refuses the whole transaction with its code, its message naming the packet's index;
 * Fabric then discards every write of the simulation, so nothing is half delivered.
 *
 * @throws DomainError PACKET_INCOMPLETE, PAYLOAD_TOO_LARGE, RATE_LIMITED, INVALID_ARGUMENT,
 *   RECEIVER_UNKNOWN, NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED, REPLAYED.
 */
export async function prepareBatch(ctx: Context, allowedTypes: readonly PacketType[]): Promise<PreparedDelivery[]> {
    const packets = parsePacketBatch(ctx.stub.getTransient().get(TRANSIENT_PACKETS));
    const ground = await deliveryGround(ctx);
    const txId = transactionId(ctx);
    const slotted = new Set<string>();
    const nonces = new Set<string>();
    const prepared: PreparedDelivery[] = [];
    for (const [index, packet] of packets.entries()) {
        const messageId = batchMessageId(txId, index);
        prepared.push(
            await inBatchAsync(index, async () => {
                const limited = ground.caller.role === 'machine' || ground.caller.role === 'edge';
                if (limited && !slotted.has(packet.senderId)) {
                    await takeBatchRateSlot(ctx, { mspId: ground.caller.mspId, machineId: packet.senderId }, messageId);
                    slotted.add(packet.senderId);
                }
                const nonceKey = `${packet.senderId}\u0000${packet.nonce}`;
                const planned = await planPacket(ctx, ground, packet, {
                    allowedTypes,
                    messageId,
                    edgeMayDeliver: true,
                    nonceInBatch: nonces.has(nonceKey),
                });
                nonces.add(nonceKey);
                return planned;
            }),
        );
    }
    return prepared;
}

/**
 * Step 4 (and 8): the packet goes into the receiver's inbox and the sender's outbox, each under
 * its message's key; the public record and the nonce go to world state. Every key written is
 * new to this transaction, so concurrent deliveries to one receiver never conflict.
 */
export async function commitDelivery(ctx: Context, { packet, delivery }: PreparedDelivery): Promise<void> {
    await putMailboxEntry(ctx, packet.receiverId, delivery.inbox);
    await putMailboxEntry(ctx, packet.senderId, delivery.outbox);
    await saveMessage(ctx, delivery.message);
    await recordNonce(ctx, packet.senderId, packet.nonce, packet.timestamp, delivery.message.messageId);
}
