import type { ChainBlock } from '@spindle/chaincode/protocol';

import type { MachineSession } from '../../contracts/machine-session';
import type { HistoryStore } from '../history/history-store';
import type { EvidenceSource } from './evidence-source';

/** Blocks kept in memory per machine: they never change once appended. */
const BLOCKS_CACHED = 256;

/**
 * The evidence source of a machine: its history store, and its communication blocks read
 * through its own session (it may read its own private area). Blocks are cached.
 */
export function storeEvidenceSource(store: HistoryStore, machine: MachineSession): EvidenceSource {
    const blocks = new Map<number, ChainBlock>();
    return {
        machineId: store.machineId,
        sealFor: (seq) => store.sealFor(seq),
        seals: (fromSeq, limit) => store.seals(fromSeq, limit),
        readingsFrom: (seq, limit) => store.readingsFrom(seq, limit),
        readings: (variable, from, to, limit) => store.readings(variable, from, to, limit),
        async block(seq) {
            const known = blocks.get(seq);
            if (known) {
                return known;
            }
            const block = await machine.communication.block(store.machineId, seq);
            if (blocks.size >= BLOCKS_CACHED) {
                blocks.delete(blocks.keys().next().value as number);
            }
            blocks.set(seq, block);
            return block;
        },
    };
}
