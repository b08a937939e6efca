import type { SealEntry } from '@spindle/chaincode/protocol';
import { SpindleError } from '@spindle/client';
import type { SealBlock, SealChain, SealChainHead } from '@spindle/client/dist/device/recorder';

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

    /** What the tip says the seals cover; undefined stands for a tip written before release 1.3. */
    sealedThrough: number | undefined = 0;

    async appendSeal(entry: SealEntry): Promise<number> {
        this.appendCalls += 1;
        await this.gate;
        const fault = this.faults.shift();
        if (fault?.kind === 'refused') {
            return Promise.reject(new SpindleError(fault.code, 'injected refusal'));
        }
        if (this.sealedThrough !== undefined && entry.firstSeq !== this.sealedThrough + 1) {
            // As the chaincode does (sealedThroughAfter): a seal continues the chain's seals.
            return Promise.reject(new SpindleError('SEAL_DISCONTINUOUS', `must start at ${this.sealedThrough + 1}`));
        }
        this.push([[entry]]);
        this.sealedThrough = entry.lastSeq;
        if (fault?.kind === 'lost-status') {
            return Promise.reject(new SpindleError(fault.code, 'injected loss of the commit status'));
        }
        return Promise.resolve(this.blocks.length);
    }

    head(): Promise<SealChainHead> {
        return Promise.resolve({ seq: this.blocks.length, sealedThrough: this.sealedThrough });
    }

    sealBlock(seq: number): Promise<SealBlock> {
        const block = this.blocks[seq - 1];
        return block ? Promise.resolve(block) : Promise.reject(new SpindleError('NOT_FOUND', `no block ${seq}`));
    }

    /** Appends blocks carrying these seals (none: a block of moved messages), stamped `at`. */
    push(blocks: readonly (readonly SealEntry[])[], at: Date = new Date()): void {
        for (const seals of blocks) {
            this.blocks.push({ timestamp: at.toISOString(), seals });
            const last = seals.at(-1);
            if (last !== undefined && this.sealedThrough !== undefined) {
                this.sealedThrough = last.lastSeq;
            }
        }
    }

    /** Every seal on the chain, in chain order. */
    seals(): SealEntry[] {
        return this.blocks.flatMap(({ seals }) => seals);
    }
}
