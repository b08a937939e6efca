import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { appendBlock, assertMachineItself, assertMachineOrMillAdmin, found, verifyChain } from '../domain';
import {
    CONTRACT_NAMES,
    DomainError,
    EVENT_NAMES,
    appendBlockCommandSchema,
    mailboxListQuerySchema,
    mailboxReadSchema,
    parseArgument,
    parseId,
    parseTransactionId,
    toCanonicalJson,
    type MailboxEntry,
} from '../protocol';
import {
    deleteMailboxEntry,
    emitEvent,
    listMailbox,
    loadAllBlocks,
    loadBlock,
    loadBlockHash,
    loadChainHead,
    loadMailboxEntry,
    loadMessage,
    readCaller,
    requireMachine,
    saveBlock,
    transactionTime,
} from '../ledger';
import { commitDelivery, prepareDelivery } from './packet-delivery';
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
     * Moves mailbox entries into the next block of the machine's chain, by the machine's own
     * agent, its chain's single writer. Emits `BlockAppended`. Returns the new head.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction()
    @Returns('string')
    async appendBlock(ctx: Context, command: string): Promise<string> {
        const { machineId, entries } = parseArgument(appendBlockCommandSchema, command, 'command');
        const machine = await requireMachine(ctx, machineId);
        assertMachineItself(readCaller(ctx), machine, 'append to its chain');
        const mailboxEntries: MailboxEntry[] = [];
        for (const { mailbox, messageId } of entries) {
            const entry = await loadMailboxEntry(ctx, machineId, mailbox, messageId);
            mailboxEntries.push(found(entry, `the ${mailbox} of ${machineId} holds no message ${messageId}`));
        }
        const { block, head } = appendBlock(
            machineId,
            await loadChainHead(ctx, machineId),
            mailboxEntries,
            transactionTime(ctx),
        );
        await saveBlock(ctx, block, head);
        for (const entry of mailboxEntries) {
            await deleteMailboxEntry(ctx, machineId, entry);
        }
        emitEvent(ctx, EVENT_NAMES.blockAppended, { machineId, seq: block.seq });
        return toCanonicalJson(head);
    }

    /**
     * The head of a machine's chain (seq and hash of its last block), for the machine or its
     * mill's admin.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async getChainHead(ctx: Context, machineId: string): Promise<string> {
        await requirePrivateReader(ctx, parseId(machineId, 'machineId'), `read the chain of ${machineId}`);
        const head = await loadChainHead(ctx, machineId);
        return toCanonicalJson(found(head, `the chain of ${machineId} has no block yet`));
    }

    /**
     * One block of a machine's chain, for the machine or its mill's admin.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async getBlock(ctx: Context, machineId: string, seq: string): Promise<string> {
        const number = parseSeq(seq);
        await requirePrivateReader(ctx, parseId(machineId, 'machineId'), `read the chain of ${machineId}`);
        const block = await loadBlock(ctx, machineId, number);
        return toCanonicalJson(found(block, `the chain of ${machineId} has no block ${seq}`));
    }

    /**
     * The on-chain hash of a block, readable by every mill: `{ machineId, seq, hash }`, where
     * `hash` is the hex SHA-256 of the block's canonical JSON.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getBlockHash(ctx: Context, machineId: string, seq: string): Promise<string> {
        const number = parseSeq(seq);
        const machine = await requireMachine(ctx, parseId(machineId, 'machineId'));
        const hash = await loadBlockHash(ctx, machine.machineId, number);
        return toCanonicalJson({
            machineId,
            seq: number,
            hash: found(hash, `the chain of ${machineId} has no block ${seq}`),
        });
    }

    /**
     * Verifies a machine's whole chain, for the machine or its mill's admin: OK with its length
     * and head hash, or the first broken block and why.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED.
     */
    @Transaction(false)
    @Returns('string')
    async verifyChain(ctx: Context, machineId: string): Promise<string> {
        await requirePrivateReader(ctx, parseId(machineId, 'machineId'), `verify the chain of ${machineId}`);
        const head = await loadChainHead(ctx, machineId);
        return toCanonicalJson(verifyChain(machineId, await loadAllBlocks(ctx, machineId), head));
    }
}

async function requirePrivateReader(ctx: Context, machineId: string, action: string): Promise<void> {
    assertMachineOrMillAdmin(readCaller(ctx), await requireMachine(ctx, machineId), action);
}

function parseSeq(seq: string): number {
    if (!SEQ_PATTERN.test(seq)) {
        throw new DomainError('INVALID_ARGUMENT', 'seq must be a positive integer');
    }
    return Number(seq);
}
