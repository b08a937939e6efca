import {
    GENESIS_HASH,
    blockHash,
    merkleRoot,
    type ChainBlock,
    type ChainHead,
    type MailboxEntry,
} from '../../protocol';

/** A new block and the chain head after it. */
export interface Appended {
    block: ChainBlock;
    head: ChainHead;
}

/**
 * Appends the next block to a machine's communication chain: seq one past the head, prevHash the
 * head's hash (or the genesis hash), the Merkle root of the entries, the transaction timestamp.
 */
export function appendBlock(
    machineId: string,
    head: ChainHead | undefined,
    mailboxEntries: readonly MailboxEntry[],
    at: string,
): Appended {
    const entries = [...mailboxEntries];
    const header = {
        machineId,
        seq: (head?.seq ?? 0) + 1,
        prevHash: head?.hash ?? GENESIS_HASH,
        merkleRoot: merkleRoot(entries),
        timestamp: at,
    };
    return {
        block: { ...header, entries },
        head: { machineId, seq: header.seq, hash: blockHash(header), updatedAt: at },
    };
}
