import {
    GENESIS_HASH,
    blockHash,
    merkleRoot,
    type ChainAnchor,
    type ChainBlock,
    type ChainHead,
    type MailboxEntry,
    type SealEntry,
} from '../../protocol';

/** A new block, its public anchor and the chain's tip after it. */
export interface Appended {
    block: ChainBlock;
    anchor: ChainAnchor;
    head: ChainHead;
}

/**
 * Appends the next block to a machine's communication chain: seq one past the tip, prevHash the
 * tip's hash (or the genesis hash), the Merkle root of the entries (the mailbox entries, then the
 * seals of the device area), the transaction timestamp.
 * The anchor holds the new block's hash and its prevHash, for public state.
 */
export function appendBlock(
    machineId: string,
    head: ChainHead | undefined,
    mailboxEntries: readonly MailboxEntry[],
    at: string,
    seals: readonly SealEntry[] = [],
): Appended {
    const entries = [...mailboxEntries, ...seals];
    const header = {
        machineId,
        seq: (head?.seq ?? 0) + 1,
        prevHash: head?.hash ?? GENESIS_HASH,
        merkleRoot: merkleRoot(entries),
        timestamp: at,
    };
    const hash = blockHash(header);
    return {
        block: { ...header, entries },
        anchor: { machineId, seq: header.seq, hash, prevHash: header.prevHash },
        head: { machineId, seq: header.seq, hash, updatedAt: at },
    };
}
