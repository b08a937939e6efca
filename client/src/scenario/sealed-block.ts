import type { MachineSession } from '../contracts/machine-session';
import { SpindleError } from '../errors/spindle-error';

/** A block of a machine's communication chain that carries a seal of its readings. */
export interface SealedBlock {
    seq: number;
    /** Readings the block's seals cover. */
    readings: number;
}

/**
 * Waits, as the machine itself, until its communication chain holds a block with a seal of its
 * readings appended at or after `fromSeq` (so its hash is anchored in public state and proofs to
 * it can be checked), polling the chain head every `pollMs`. Undefined when none came by the deadline.
 */
export async function untilSealedBlock(
    machine: MachineSession,
    options: { fromSeq: number; timeoutMs: number; pollMs?: number },
): Promise<SealedBlock | undefined> {
    const deadline = Date.now() + options.timeoutMs;
    let nextSeq = Math.max(1, options.fromSeq);
    for (;;) {
        const length = await chainLength(machine);
        for (; nextSeq <= length; nextSeq += 1) {
            const block = await machine.communication.block(machine.machineId, nextSeq);
            // An entry with a kind is a seal; a mailbox entry has none.
            const readings = block.entries.reduce((sum, entry) => sum + ('kind' in entry ? entry.count : 0), 0);
            if (readings > 0) {
                return { seq: block.seq, readings };
            }
        }
        if (Date.now() >= deadline) {
            return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
    }
}

/** The length of the machine's communication chain, 0 before its first block. */
export async function chainLength(machine: MachineSession): Promise<number> {
    try {
        return (await machine.communication.chainHead(machine.machineId)).seq;
    } catch (error) {
        if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
            return 0;
        }
        throw error;
    }
}
