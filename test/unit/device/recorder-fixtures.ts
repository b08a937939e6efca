import type { SealEntry } from '@spindle/chaincode/protocol';
import { SpindleError } from '@spindle/client';
import type { SealBlock, SealChain } from '@spindle/client/dist/device/recorder';

/** How the in-memory chain's next appends fail. */
export type AppendFault =
    /** Refused before anything commits, with this code. */
    | { kind: 'refused'; code: string }
    /** Committed, then the caller hears this code (a commit status that never came back). */
    | { kind: 'lost-status'; code: string };

/**
 * A machine's communication chain in memory, as the recorder sees it: blocks of seal entries
 * (a block without seals stands for one of moved messages), appends counted, faults queued.
 */
export class MemorySealChain implements SealChain {
    readonly blocks: SealBlock[] = [];
    /** Appends tried, failed ones included. */
    appendCalls = 0;
    readonly faults: AppendFault[] = [];
    /** While set, appends wait for it: a seal held in flight. */
    gate: Promise<void> | undefined;

    async appendSeal(entry: SealEntry): Promise<number> {
        this.appendCalls += 1;
        await this.gate;
        const fault = this.faults.shift();
        if (fault?.kind === 'refused') {
            return Promise.reject(new SpindleError(fault.code, 'injected refusal'));
        }
        this.push([[entry]]);
        if (fault?.kind === 'lost-status') {
            return Promise.reject(new SpindleError(fault.code, 'injected loss of the commit status'));
        }
        return Promise.resolve(this.blocks.length);
    }

    headSeq(): Promise<number> {
        return Promise.resolve(this.blocks.length);
    }

    sealBlock(seq: number): Promise<SealBlock> {
        const block = this.blocks[seq - 1];
        return block ? Promise.resolve(block) : Promise.reject(new SpindleError('NOT_FOUND', `no block ${seq}`));
    }

    /** Appends blocks carrying these seals (none: a block of moved messages), stamped `at`. */
    push(blocks: readonly (readonly SealEntry[])[], at: Date = new Date()): void {
        for (const seals of blocks) {
            this.blocks.push({ timestamp: at.toISOString(), seals });
        }
    }

    /** Every seal on the chain, in chain order. */
    seals(): SealEntry[] {
        return this.blocks.flatMap(({ seals }) => seals);
    }
}
