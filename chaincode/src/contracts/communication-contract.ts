import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { appendBlock, assertActiveMachineItself, assertMachineOrMillAdmin, found, verifyChain } from '../domain';
import {
    CONTRACT_NAMES,
    DomainError,
    EVENT_NAMES,
    LIMITS,
    TRANSIENT_BLOCK_ENTRIES,
    TRANSIENT_BLOCK_SEALS,
    appendBlockCommandSchema,
    mailboxListQuerySchema,
    mailboxReadSchema,
    parseArgument,
    parseBlockEntries,
    parseBlockSeals,
    parseId,
    parseTransactionId,
    sha256Hex,
    toCanonicalBytes,
    toCanonicalJson,
    type AppendBlockCommand,
    type ChainAnchor,
    type MailboxEntry,
    type SealEntry,
} from '../protocol';
import {
    blockStored,
    deleteMailboxEntry,
    emitEvent,
    listMailbox,
    loadAnchor,
    loadBlock,
    loadBlocks,
    loadChainTip,
    loadMailboxEntry,
    loadMailboxEntryHash,
    loadMessage,
    readCaller,
    requireMachine,
    saveAnchor,
    saveBlock,
    saveChainTip,
    transactionTime,
} from '../ledger';
import { commitDelivery, prepareBatch, prepareDelivery } from './packet-delivery';
import { SpindleContract } from './spindle-contract';

const SEQ_PATTERN = /^[1-9][0-9]{0,11}$/;

/**
 * Private areas and communication chains: plain messages (upload and download), the mailboxes
 * of each machine's collection, and its append-only chain of communication blocks.
 */
@Info({ title: 'Communication', description: 'Packets, private mailboxes and per-machine communication chains' })
export class CommunicationContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.communication);
    }

    /**
     * Delivers an upload or download packet from the transient field `packet` to the receiver's
     * inbox and the sender's outbox. Emits `MessageSent` with IDs only. Returns the public record.
     *
     * @throws DomainError PACKET_INCOMPLETE, PAYLOAD_TOO_LARGE, RATE_LIMITED, INVALID_ARGUMENT, RECEIVER_UNKNOWN,
     *   NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED, REPLAYED.
     */
    @Transaction()
    @Returns('string')
    async send(ctx: Context): Promise<string> {
        const prepared = await prepareDelivery(ctx, ['upload', 'download']);
        await commitDelivery(ctx, prepared);
        const { message } = prepared.delivery;
        emitEvent(ctx, EVENT_NAMES.messageSent, {
            messageId: message.messageId,
            senderId: message.senderId,
            receiverId: message.receiverId,
        });
        return toCanonicalJson(message);
    }

    /**
     * Delivers a batch of upload and download packets (release 1.4) from the transient field
     * `packets`, a JSON array of at most `LIMITS.batchPacketsMax` packets: each is checked as
     * `send` checks its one (its own signature by its sender's registered key, rate slot, nonce,
     * also against the batch's earlier packets) and lands in its receiver's inbox, its sender's
     * outbox and the public message records, named by `batchMessageId(txId, index)`. The creator
     * is each packet's sender machine itself or an edge (`spindle.role=edge`) of the sender's
     * mill. One refused packet refuses the batch, its code first and its index in the message.
     * Emits one `MessagesSent` listing every message. Returns the public records, in order.
     *
     * @throws DomainError PACKET_INCOMPLETE, PAYLOAD_TOO_LARGE, RATE_LIMITED, INVALID_ARGUMENT, RECEIVER_UNKNOWN,
     *   NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED, REPLAYED.
     */
    @Transaction()
    @Returns('string')
    async sendBatch(ctx: Context): Promise<string> {
        const prepared = await prepareBatch(ctx, ['upload', 'download']);
        for (const delivery of prepared) {
            await commitDelivery(ctx, delivery);
        }
        const messages = prepared.map(({ delivery }) => delivery.message);
        emitEvent(ctx, EVENT_NAMES.messagesSent, {
            messages: messages.map(({ messageId, senderId, receiverId }) => ({ messageId, senderId, receiverId })),
        });
        return toCanonicalJson(messages);
    }

    /**
     * The public record of a message: IDs, type, sizes and hashes. Readable by every mill.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getMessage(ctx: Context, messageId: string): Promise<string> {
        const message = await loadMessage(ctx, parseTransactionId(messageId, 'messageId'));
        return toCanonicalJson(found(message, `message ${messageId} does not exist`));
    }

    /**
     * One entry of a machine's inbox or outbox, for the machine or its mill's admin.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async readMailbox(ctx: Context, read: string): Promise<string> {
        const { machineId, mailbox, messageId } = parseArgument(mailboxReadSchema, read, 'read');
        await requirePrivateReader(ctx, machineId, `read the ${mailbox} of ${machineId}`);
        const entry = await loadMailboxEntry(ctx, machineId, mailbox, messageId);
        return toCanonicalJson(found(entry, `the ${mailbox} of ${machineId} holds no message ${messageId}`));
    }

    /**
     * A page of a machine's inbox or outbox (entries not yet in a block), for the machine or its
     * mill's admin: `{ items, bookmark }`.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async listMailbox(ctx: Context, query: string): Promise<string> {
        const parsed = parseArgument(mailboxListQuerySchema, query, 'query');
        await requirePrivateReader(ctx, parsed.machineId, `list the ${parsed.mailbox} of ${parsed.machineId}`);
        return toCanonicalJson(await listMailbox(ctx, parsed));
    }

    /**
     * Moves mailbox entries into the next block of the machine's chain, with the seals of its
     * device area's readings (transient field `seals`, optional), by the ACTIVE machine itself,
     * its chain's single writer. The entries travel in the transient field `entries`,
     * exactly as stored; each must match the channel's hash of its stored entry, so peers of mills
     * outside the collection can endorse without reading it. The previous hash comes from the
     * public tip. Writes the private block and the block's public write-once anchor, moves the
     * tip, deletes the entries and emits `BlockAppended`. Returns the new head.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED, CONFLICT.
     */
    @Transaction()
    @Returns('string')
    async appendBlock(ctx: Context, command: string): Promise<string> {
        const parsed = parseArgument(appendBlockCommandSchema, command, 'command');
        const { machineId } = parsed;
        const machine = await requireMachine(ctx, machineId);
        assertActiveMachineItself(readCaller(ctx), machine, 'append to its chain');
        const seals = requireOwnSeals(parseBlockSeals(ctx.stub.getTransient().get(TRANSIENT_BLOCK_SEALS)), parsed);
        const mailboxEntries = parsed.entries.length === 0 ? [] : await requireStoredEntries(ctx, parsed);
        const { block, anchor, head } = appendBlock(
            machineId,
            await loadChainTip(ctx, machineId),
            mailboxEntries,
            transactionTime(ctx),
            seals,
        );
        if (await blockStored(ctx, machineId, block.seq)) {
            throw new DomainError(
                'CONFLICT',
                `the collection of ${machineId} holds a block ${block.seq} that its chain's tip does not name`,
            );
        }
        await saveAnchor(ctx, anchor);
        await saveChainTip(ctx, head);
        await saveBlock(ctx, block);
        for (const entry of mailboxEntries) {
            await deleteMailboxEntry(ctx, machineId, entry);
        }
        emitEvent(ctx, EVENT_NAMES.blockAppended, { machineId, seq: block.seq });
        return toCanonicalJson(head);
    }

    /**
     * The head of a machine's chain (seq and hash of its last block, from its public tip), for
     * the ACTIVE machine or its mill's admin.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async getChainHead(ctx: Context, machineId: string): Promise<string> {
        await requirePrivateReader(ctx, parseId(machineId, 'machineId'), `read the chain of ${machineId}`);
        const head = await loadChainTip(ctx, machineId);
        return toCanonicalJson(found(head, `the chain of ${machineId} has no block yet`));
    }

    /**
     * One block of a machine's chain, for the ACTIVE machine or its mill's admin.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async getBlock(ctx: Context, machineId: string, seq: string): Promise<string> {
        const number = parseSeq(seq, 'seq');
        await requirePrivateReader(ctx, parseId(machineId, 'machineId'), `read the chain of ${machineId}`);
        const block = await loadBlock(ctx, machineId, number);
        return toCanonicalJson(found(block, `the chain of ${machineId} has no block ${seq}`));
    }

    /**
     * The hash of a block, readable by every mill: `{ machineId, seq, hash }`, from the block's
     * public write-once anchor. `hash` is `blockHash` of the block's header, whose merkleRoot binds
     * its entries: a mill shown a block checks both and knows it untampered, even by the mill
     * that stores it.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getBlockHash(ctx: Context, machineId: string, seq: string): Promise<string> {
        const number = parseSeq(seq, 'seq');
        const machine = await requireMachine(ctx, parseId(machineId, 'machineId'));
        const anchor = await loadAnchor(ctx, machine.machineId, number);
        const { hash } = found(anchor, `the chain of ${machineId} has no block ${seq}`);
        return toCanonicalJson({ machineId, seq: number, hash });
    }

    /**
     * Verifies at most `maxBlocks` (up to `LIMITS.verifyBlocksMax`) blocks of a machine's chain
     * from `fromSeq` on, each against its public anchor, the previous block's hash and its Merkle
     * root, for the ACTIVE machine or its mill's admin. Returns OK with `nextSeq` to continue
     * from while blocks remain, or the first broken block and why.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async verifyChain(ctx: Context, machineId: string, fromSeq: string, maxBlocks: string): Promise<string> {
        const from = parseSeq(fromSeq, 'fromSeq');
        const max = parseSeq(maxBlocks, 'maxBlocks');
        if (max > LIMITS.verifyBlocksMax) {
            throw new DomainError('INVALID_ARGUMENT', `maxBlocks must be at most ${LIMITS.verifyBlocksMax}`);
        }
        await requirePrivateReader(ctx, parseId(machineId, 'machineId'), `verify the chain of ${machineId}`);
        const tip = await loadChainTip(ctx, machineId);
        const length = tip?.seq ?? 0;
        if (from > length + 1) {
            throw new DomainError('NOT_FOUND', `the chain of ${machineId} has ${length} blocks, none at ${from}`);
        }
        const toSeq = Math.min(length, from + max - 1);
        const anchors = new Map<number, ChainAnchor>();
        for (let seq = from; seq <= toSeq; seq += 1) {
            const anchor = await loadAnchor(ctx, machineId, seq);
            if (anchor !== undefined) {
                anchors.set(seq, anchor);
            }
        }
        // The last page reads one seq past the tip, to find a block stored beyond it.
        const endSeq = toSeq < length ? toSeq + 1 : length + 2;
        return toCanonicalJson(
            verifyChain({
                machineId,
                fromSeq: from,
                maxBlocks: max,
                tip,
                previous: from > 1 ? await loadAnchor(ctx, machineId, from - 1) : undefined,
                anchors,
                blocks: await loadBlocks(ctx, machineId, from, endSeq),
            }),
        );
    }
}

/**
 * The mailbox entries an append moves, from the transient map, each checked against the
 * channel's hash of the stored entry (no private read, so any mill's peer can endorse).
 *
 * @throws DomainError INVALID_ARGUMENT when they are missing, do not parse, do not name the
 *   command's entries in its order or differ from what is stored; NOT_FOUND when an entry is not
 *   in the mailbox; PAYLOAD_TOO_LARGE.
 */
async function requireStoredEntries(ctx: Context, command: AppendBlockCommand): Promise<MailboxEntry[]> {
    const entries = parseBlockEntries(ctx.stub.getTransient().get(TRANSIENT_BLOCK_ENTRIES));
    if (entries.length !== command.entries.length) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the transient ${TRANSIENT_BLOCK_ENTRIES} hold ${entries.length} entries, the command names ${command.entries.length}`,
        );
    }
    for (const [index, { mailbox, messageId }] of command.entries.entries()) {
        const entry = entries[index];
        if (entry?.mailbox !== mailbox || entry.messageId !== messageId) {
            throw new DomainError(
                'INVALID_ARGUMENT',
                `transient entry ${index} is not ${mailbox} message ${messageId}, as the command names it`,
            );
        }
        const stored = await loadMailboxEntryHash(ctx, command.machineId, mailbox, messageId);
        if (stored === undefined) {
            throw new DomainError('NOT_FOUND', `the ${mailbox} of ${command.machineId} holds no message ${messageId}`);
        }
        if (sha256Hex(toCanonicalBytes(entry)) !== stored) {
            throw new DomainError(
                'INVALID_ARGUMENT',
                `transient entry ${index} differs from ${mailbox} message ${messageId} as stored`,
            );
        }
    }
    return entries;
}

/**
 * The seals an append records: each of the appending machine's own readings, and with the
 * mailbox entries no more than a block holds, at least one entry in all.
 *
 * @throws DomainError INVALID_ARGUMENT otherwise.
 */
function requireOwnSeals(seals: SealEntry[], command: AppendBlockCommand): SealEntry[] {
    const total = command.entries.length + seals.length;
    if (total === 0) {
        throw new DomainError('INVALID_ARGUMENT', 'a block needs at least one mailbox entry or seal');
    }
    if (total > LIMITS.blockEntriesMax) {
        throw new DomainError('INVALID_ARGUMENT', `a block holds at most ${LIMITS.blockEntriesMax} entries and seals`);
    }
    const foreign = seals.find((seal) => seal.machineId !== command.machineId);
    if (foreign !== undefined) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `a seal of ${foreign.machineId} cannot go into the chain of ${command.machineId}`,
        );
    }
    return seals;
}

async function requirePrivateReader(ctx: Context, machineId: string, action: string): Promise<void> {
    assertMachineOrMillAdmin(readCaller(ctx), await requireMachine(ctx, machineId), action);
}

function parseSeq(seq: string, what: string): number {
    if (!SEQ_PATTERN.test(seq)) {
        throw new DomainError('INVALID_ARGUMENT', `${what} must be a positive integer`);
    }
    return Number(seq);
}
