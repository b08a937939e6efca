import { LIMITS, MAILBOXES, type Mailbox, type MailboxEntry } from '@spindle/chaincode/protocol';
import type { MachineSession } from '../contracts/machine-session';

/** What an archive moved: entries per mailbox and the chain blocks they went into. */
export interface ArchiveResult {
    machineId: string;
    moved: Record<Mailbox, number>;
    blocks: number[];
}

/**
 * Moves every entry of a machine's mailboxes into its communication chain, in blocks of at most
 * `LIMITS.blockEntriesMax` entries. A mailbox is the chain's waiting room: what stays there
 * grows with every delivery, what is in the chain is anchored for good. Each block is one
 * transaction; a failure leaves the entries not yet moved where they were, so running it again
 * resumes.
 */
export async function archiveMailboxes(
    machine: MachineSession,
    mailboxes: readonly Mailbox[] = MAILBOXES,
): Promise<ArchiveResult> {
    const result: ArchiveResult = { machineId: machine.machineId, moved: { inbox: 0, outbox: 0 }, blocks: [] };
    for (const mailbox of mailboxes) {
        for (;;) {
            // Moved entries leave the mailbox, so the first page is always the next one.
            const page = await machine.communication.listMailbox({
                machineId: machine.machineId,
                mailbox,
                pageSize: LIMITS.blockEntriesMax,
            });
            if (page.items.length === 0) {
                break;
            }
            result.blocks.push(...(await appendToChain(machine, page.items)));
            result.moved[mailbox] += page.items.length;
        }
    }
    return result;
}

/**
 * Appends mailbox entries, as read, to the machine's chain in blocks of `LIMITS.blockEntriesMax`
 * (the entries go along so mills outside the collection can endorse); returns the new blocks'
 * seqs. `onBlock` runs after each block commits, before the next is sent.
 */
export async function appendToChain(
    machine: MachineSession,
    entries: readonly MailboxEntry[],
    onBlock?: (seq: number) => void,
): Promise<number[]> {
    const seqs: number[] = [];
    for (let start = 0; start < entries.length; start += LIMITS.blockEntriesMax) {
        const batch = entries.slice(start, start + LIMITS.blockEntriesMax);
        const head = await machine.communication.appendBlock(
            {
                machineId: machine.machineId,
                entries: batch.map(({ mailbox, messageId }) => ({ mailbox, messageId })),
            },
            batch,
        );
        seqs.push(head.seq);
        onBlock?.(head.seq);
    }
    return seqs;
}
