import {
    COMMUNICATION_TRANSACTIONS as TX,
    CONTRACT_NAMES,
    type ChainBlock,
    type ChainHead,
    type ChainVerification,
    type MailboxEntry,
    type MessageRecord,
    type Packet,
    type SealEntry,
    LIMITS,
    TRANSIENT_BLOCK_ENTRIES,
    TRANSIENT_BLOCK_SEALS,
    TRANSIENT_PACKET,
    TRANSIENT_PACKETS,
    appendBlockCommandSchema,
    blockHashRecordSchema,
    chainBlockSchema,
    chainHeadSchema,
    chainVerificationSchema,
    mailboxEntrySchema,
    mailboxListQuerySchema,
    mailboxReadSchema,
    messageEntriesOf,
    messageRecordSchema,
    pageSchema,
    qualifiedName,
    toCanonicalBytes,
    toPacketBytes,
} from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { parseInput } from '../session/parse-input';
import { parseResult } from '../session/parse-result';
import { SpindleError } from '../errors/spindle-error';
import type { CommittedTransaction, SpindleGateway } from '../session/spindle-gateway';

const name = (transaction: string) => qualifiedName(CONTRACT_NAMES.communication, transaction);
const mailboxPageSchema = pageSchema(mailboxEntrySchema);
const messageRecordsSchema = z.array(messageRecordSchema);

/**
 * Delivers a packet (`send`, `request`, `respond`): in the transient map, endorsed by the
 * mills of both machines (their mills' collections) plus enough others for a majority.
 */
export async function deliverPacket(
    session: SpindleGateway,
    transaction: string,
    packet: Packet,
): Promise<CommittedTransaction> {
    return session.submit(transaction, {
        transient: { [TRANSIENT_PACKET]: toPacketBytes(packet) },
        endorsingOrganizations: await session.endorsersForMachines([packet.senderId, packet.receiverId]),
    });
}

/** Plain messages between machines, their mailboxes and their communication chains, typed. */
export class CommunicationClient {
    constructor(private readonly session: SpindleGateway) {}

    /** Sends an upload or download packet; answers the public record of the message. */
    async send(packet: Packet): Promise<MessageRecord> {
        const committed = await deliverPacket(this.session, name(TX.send), packet);
        return parseResult(messageRecordSchema, committed.result);
    }

    /**
     * Sends up to `LIMITS.batchPacketsMax` upload and download packets in one transaction
     * (`sendBatch`, release 1.4), as their sender machine or as an edge of their mill; answers
     * the public records in order. Endorsed by every sender's and receiver's mill, plus enough
     * others for a majority. One refused packet refuses them all, the chaincode's code first
     * and the packet's index in the message.
     *
     * @throws SpindleError PAYLOAD_TOO_LARGE over the batch caps, INVALID_ARGUMENT for none, or
     *   the chaincode's code.
     */
    async sendBatch(packets: readonly Packet[]): Promise<MessageRecord[]> {
        const bytes = toCanonicalBytes(packets);
        if (packets.length > LIMITS.batchPacketsMax || bytes.length > LIMITS.batchBytes) {
            throw new SpindleError(
                'PAYLOAD_TOO_LARGE',
                `a batch holds at most ${LIMITS.batchPacketsMax} packets and ${LIMITS.batchBytes} bytes; this one has ${packets.length} and ${bytes.length}`,
            );
        }
        if (packets.length === 0) {
            throw new SpindleError('INVALID_ARGUMENT', 'a batch needs at least one packet');
        }
        const machineIds = packets.flatMap((packet) => [packet.senderId, packet.receiverId]);
        const committed = await this.session.submit(name(TX.sendBatch), {
            transient: { [TRANSIENT_PACKETS]: bytes },
            endorsingOrganizations: await this.session.endorsersForMachines([...new Set(machineIds)]),
        });
        return parseResult(messageRecordsSchema, committed.result);
    }

    /** The public record of a message: IDs, type, sizes, hashes. */
    async message(messageId: string): Promise<MessageRecord> {
        return parseResult(messageRecordSchema, await this.session.evaluate(name(TX.getMessage), [messageId]));
    }

    /** One entry of a machine's inbox or outbox (the machine or its mill's admin only). */
    async readMailbox(read: z.input<typeof mailboxReadSchema>): Promise<MailboxEntry> {
        const input = parseInput(mailboxReadSchema, read);
        return parseResult(
            mailboxEntrySchema,
            await this.session.evaluate(name(TX.readMailbox), [JSON.stringify(input)]),
        );
    }

    /**
     * A packet delivered to (or sent by) a machine, wherever it is now: still in its mailbox, or
     * already moved into its communication chain (searched from the newest block back).
     *
     * @throws SpindleError NOT_FOUND when it is in neither.
     */
    async findDelivered(read: z.input<typeof mailboxReadSchema>): Promise<MailboxEntry> {
        try {
            return await this.readMailbox(read);
        } catch (error) {
            if (!(error instanceof SpindleError && error.code === 'NOT_FOUND')) {
                throw error;
            }
        }
        const head = await this.chainHead(read.machineId).catch(() => undefined);
        for (let seq = head?.seq ?? 0; seq >= 1; seq -= 1) {
            const found = messageEntriesOf((await this.block(read.machineId, seq)).entries).find(
                (entry) => entry.messageId === read.messageId && entry.mailbox === read.mailbox,
            );
            if (found) {
                return found;
            }
        }
        throw new SpindleError('NOT_FOUND', `${read.machineId} has no ${read.mailbox} message ${read.messageId}`);
    }

    /** A page of a machine's inbox or outbox. */
    async listMailbox(query: z.input<typeof mailboxListQuerySchema>): Promise<z.infer<typeof mailboxPageSchema>> {
        const input = parseInput(mailboxListQuerySchema, query);
        return parseResult(
            mailboxPageSchema,
            await this.session.evaluate(name(TX.listMailbox), [JSON.stringify(input)]),
        );
    }

    /**
     * Moves mailbox entries into the machine's next communication block (the ACTIVE machine
     * itself). The entries travel in the transient map as stored, so the chaincode can check them
     * against the channel's hashes; those in `known` (as read or listed before) are sent as they
     * are, the others are read first. Endorsed by the machine's mill and others up to a majority,
     * since the block's anchor is a public write; the other mills see only the ciphertext packets.
     * `seals` (the device area's seals of its readings) go into the block after the entries.
     */
    async appendBlock(
        command: z.input<typeof appendBlockCommandSchema>,
        known: readonly MailboxEntry[] = [],
        seals: readonly SealEntry[] = [],
    ): Promise<ChainHead> {
        const input = parseInput(appendBlockCommandSchema, command);
        const entries: MailboxEntry[] = [];
        for (const { mailbox, messageId } of input.entries) {
            const entry = known.find((candidate) => candidate.mailbox === mailbox && candidate.messageId === messageId);
            entries.push(entry ?? (await this.readMailbox({ machineId: input.machineId, mailbox, messageId })));
        }
        const committed = await this.session.submit(name(TX.appendBlock), {
            args: [JSON.stringify(input)],
            transient: {
                ...(entries.length > 0 ? { [TRANSIENT_BLOCK_ENTRIES]: toCanonicalBytes(entries) } : {}),
                ...(seals.length > 0 ? { [TRANSIENT_BLOCK_SEALS]: toCanonicalBytes(seals) } : {}),
            },
            endorsingOrganizations: await this.session.endorsersForMachines([input.machineId]),
        });
        return parseResult(chainHeadSchema, committed.result);
    }

    /** The head of a machine's chain. */
    async chainHead(machineId: string): Promise<ChainHead> {
        return parseResult(chainHeadSchema, await this.session.evaluate(name(TX.getChainHead), [machineId]));
    }

    /** One block of a machine's chain. */
    async block(machineId: string, seq: number): Promise<ChainBlock> {
        return parseResult(chainBlockSchema, await this.session.evaluate(name(TX.getBlock), [machineId, String(seq)]));
    }

    /** The hash the channel keeps of a block: any mill can check a block it is shown against it. */
    async blockHash(machineId: string, seq: number): Promise<z.infer<typeof blockHashRecordSchema>> {
        return parseResult(
            blockHashRecordSchema,
            await this.session.evaluate(name(TX.getBlockHash), [machineId, String(seq)]),
        );
    }

    /**
     * Verifies one page of a machine's chain: at most `maxBlocks` blocks from `fromSeq`, each
     * against its public anchor. OK with `nextSeq` while blocks remain, or the first broken link.
     */
    async verifyChain(
        machineId: string,
        fromSeq = 1,
        maxBlocks: number = LIMITS.verifyBlocksMax,
    ): Promise<ChainVerification> {
        return parseResult(
            chainVerificationSchema,
            await this.session.evaluate(name(TX.verifyChain), [machineId, String(fromSeq), String(maxBlocks)]),
        );
    }

    /**
     * Verifies a machine's chain page by page, calling `onPage` after each page: OK from seq
     * `range.fromSeq` (default 1) to its length, or the first broken link. With
     * `range.maxBlocks` it stops after that many blocks and the result's `nextSeq` says where to
     * resume, so a chain of a million blocks verifies in steps, each resumable.
     */
    async verifyWholeChain(
        machineId: string,
        onPage: (page: ChainVerification) => void = () => undefined,
        range: { fromSeq?: number; maxBlocks?: number } = {},
    ): Promise<ChainVerification> {
        const firstSeq = range.fromSeq ?? 1;
        const budget = range.maxBlocks ?? Number.POSITIVE_INFINITY;
        let fromSeq = firstSeq;
        for (;;) {
            const left = budget - (fromSeq - firstSeq);
            const page = await this.verifyChain(machineId, fromSeq, Math.min(LIMITS.verifyBlocksMax, left));
            onPage(page);
            if (!page.ok) {
                return page;
            }
            const done = page.nextSeq === undefined || page.toSeq - firstSeq + 1 >= budget;
            if (done) {
                return {
                    ok: true,
                    fromSeq: firstSeq,
                    toSeq: page.toSeq,
                    length: page.length,
                    headHash: page.headHash,
                    ...(page.nextSeq === undefined ? {} : { nextSeq: page.nextSeq }),
                };
            }
            fromSeq = page.nextSeq ?? fromSeq;
        }
    }
}
