import {
    DomainError,
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
 * The anchor holds the new block's hash and its prevHash, for public state; the new tip carries
 * the readings sealed so far (see {@link sealedThroughAfter}).
 *
 * @throws DomainError SEAL_DISCONTINUOUS when the seals do not continue the chain's.
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
        head: { machineId, seq: header.seq, hash, updatedAt: at, ...sealedThroughAfter(head, seals) },
    };
}

/**
 * The readings a chain has sealed once these seals are appended: each seal must start one past
 * the one before, the first one past the tip's `sealedThrough` (0 for a new chain). So a reading
 * seq is sealed at most once on the chain, and a proof to the one seal of its range is the only
 * proof there can be. A tip written before release 1.3 has no `sealedThrough`: its first seal
 * may start anywhere, and continuity holds from there on.
 *
 * @throws DomainError SEAL_DISCONTINUOUS naming the seal and where it had to start.
 */
export function sealedThroughAfter(
    head: ChainHead | undefined,
    seals: readonly SealEntry[],
): Pick<ChainHead, 'sealedThrough'> {
    let through = head === undefined ? 0 : head.sealedThrough;
    for (const seal of seals) {
        if (through !== undefined && seal.firstSeq !== through + 1) {
            throw new DomainError(
                'SEAL_DISCONTINUOUS',
                `the seal of readings ${seal.firstSeq}..${seal.lastSeq} of ${seal.machineId} must start at ${through + 1}: ` +
                    `its chain has sealed readings through ${through}, and a reading is sealed once`,
            );
        }
        through = seal.lastSeq;
    }
    return through === undefined ? {} : { sealedThrough: through };
}
