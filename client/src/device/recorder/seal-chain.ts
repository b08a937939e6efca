import type { BlockEntry, SealEntry } from '@spindle/chaincode/protocol';

import type { CommunicationClient } from '../../contracts/communication-client';
import { SpindleError } from '../../errors/spindle-error';

/**
 * What the recorder needs of a machine's communication chain to anchor its seals: append a block
 * carrying one seal, and read the chain back to find a seal appended before a crash. Production
 * uses {@link communicationSealChain}; the unit tests use an in-memory chain.
 */
export interface SealChain {
    /**
     * Appends a block that carries `entry` (and no message); resolves with the block's seq once it
     * committed.
     */
    appendSeal(entry: SealEntry): Promise<number>;
    /** The chain's head: its last block's seq (0 while it has none) and the readings its seals cover. */
    head(): Promise<SealChainHead>;
    /** Block `seq`'s time (its transaction's) and seal entries, in block order. */
    sealBlock(seq: number): Promise<SealBlock>;
}

/**
 * What the recorder reads of a chain's public tip: the seq of its last block and the last reading
 * seq its seals cover (`sealedThrough`, which the chaincode makes every new seal continue).
 * `sealedThrough` is undefined only for a tip written before release 1.3 that no seal moved since.
 */
export interface SealChainHead {
    readonly seq: number;
    readonly sealedThrough: number | undefined;
}

/** What the recorder reads of a chain block: when it was appended and the seals it carries. */
export interface SealBlock {
    readonly timestamp: string;
    readonly seals: readonly SealEntry[];
}

/** The seal entries among a block's entries. */
export function sealEntriesOf(entries: readonly BlockEntry[]): SealEntry[] {
    return entries.filter((entry): entry is SealEntry => 'kind' in entry);
}

/**
 * A machine's chain on the ledger, through the machine's own session (the chain's single
 * writer): a seal goes in a block of its own (`appendBlock` with no entries and the seal in the
 * transient `seals`), endorsed by its mill and others up to a majority like any append.
 */
export function communicationSealChain(communication: CommunicationClient, machineId: string): SealChain {
    return {
        appendSeal: async (entry) => (await communication.appendBlock({ machineId, entries: [] }, [], [entry])).seq,
        head: async () => {
            try {
                const { seq, sealedThrough } = await communication.chainHead(machineId);
                return { seq, sealedThrough };
            } catch (error) {
                if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
                    return { seq: 0, sealedThrough: 0 };
                }
                throw error;
            }
        },
        sealBlock: async (seq) => {
            const block = await communication.block(machineId, seq);
            return { timestamp: block.timestamp, seals: sealEntriesOf(block.entries) };
        },
    };
}
