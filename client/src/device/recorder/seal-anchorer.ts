import { setTimeout as delay } from 'node:timers/promises';
import { toCanonicalJson } from '@spindle/chaincode/protocol';
import type { Logger } from 'pino';

import type { HistoryStore, StoredSeal } from '../history';
import { RecorderError, codeOf, messageOf } from './recorder-error';
import type { AfterRecorderStep } from './recorder-steps';
import type { SealChain } from './seal-chain';

/**
 * Failures an append may get past when tried again: a commit invalidated (an MVCC conflict with a
 * concurrent append to the same chain, after the gateway's own resubmissions), a peer or orderer
 * unreachable or late. Some of them may hide a block that did commit: the chain is searched
 * before each retry.
 */
const RETRYABLE = new Set(['COMMIT_FAILED', 'UNAVAILABLE', 'TIMEOUT', 'ENDORSEMENT_FAILED']);

/**
 * How much earlier than its seal's `sealedAt` a block carrying the seal may be stamped: both
 * clocks are the agent host's (the transaction's timestamp is the client's), so only a clock
 * step between the two can make it earlier.
 */
const CLOCK_STEP_MS = 60_000;

/** How a {@link SealAnchorer} works. */
export interface SealAnchorerOptions {
    readonly store: HistoryStore;
    readonly chain: SealChain;
    readonly logger: Logger;
    readonly afterStep?: AfterRecorderStep;
    /** Appends tried per seal before giving up (default 4). */
    readonly attempts?: number;
    /** Wait before retry n is n times this (default 500 ms). */
    readonly retryDelayMs?: number;
    /**
     * Blocks searched back from the chain's head for a seal appended before a crash (default 64).
     * The search stops earlier at the block of the seal before, at a block carrying an older
     * seal, or at one stamped before the seal was made.
     */
    readonly lookBackBlocks?: number;
}

/**
 * Puts a machine's recorded seals on its communication chain and records where they went,
 * exactly once: a seal that may already be on the chain (the agent crashed after the append
 * committed, or an append failed in a way that hides whether it committed) is looked for first,
 * and its block recorded instead of a second copy appended.
 */
export class SealAnchorer {
    private readonly attempts: number;
    private readonly retryDelayMs: number;
    private readonly lookBackBlocks: number;

    constructor(private readonly options: SealAnchorerOptions) {
        this.attempts = options.attempts ?? 4;
        this.retryDelayMs = options.retryDelayMs ?? 500;
        this.lookBackBlocks = options.lookBackBlocks ?? 64;
    }

    /**
     * Anchors the store's last seal if it is recorded but not anchored (an agent stopped between
     * the two): looked for on the chain first. Only the last seal can be unanchored, since a
     * seal is recorded only once the one before is anchored. Resolves with the seal it anchored.
     *
     * @throws RecorderError SEAL_ANCHOR_FAILED; HistoryError from the store.
     */
    async anchorPending(): Promise<StoredSeal | undefined> {
        const { store } = this.options;
        const sealedThrough = await store.sealedThrough();
        const last = sealedThrough > 0 ? await store.sealFor(sealedThrough) : undefined;
        if (!last || last.anchor) {
            return undefined;
        }
        this.options.logger.info(
            { code: 'SEAL_PENDING', firstSeq: last.entry.firstSeq, lastSeq: last.entry.lastSeq },
            `SEAL_PENDING: the seal of ${last.entry.firstSeq}..${last.entry.lastSeq} is recorded but not anchored; anchoring it`,
        );
        return this.anchor(last, true);
    }

    /**
     * Appends a recorded seal to the chain (or finds it there when `mayBeOnChain`) and records
     * its block in the store.
     *
     * @throws RecorderError SEAL_ANCHOR_FAILED after the retries or on a refusal.
     */
    async anchor(seal: StoredSeal, mayBeOnChain: boolean): Promise<StoredSeal> {
        const { entry } = seal;
        let search = mayBeOnChain;
        for (let attempt = 1; ; attempt += 1) {
            try {
                return await this.anchorOnce(seal, search);
            } catch (error) {
                if (!RETRYABLE.has(codeOf(error)) || attempt >= this.attempts) {
                    throw new RecorderError(
                        'SEAL_ANCHOR_FAILED',
                        `the seal of ${entry.machineId} ${entry.firstSeq}..${entry.lastSeq} is not anchored after ${attempt} attempt(s): ${messageOf(error)}`,
                        { cause: error },
                    );
                }
                this.options.logger.warn(
                    { code: codeOf(error), firstSeq: entry.firstSeq, attempt },
                    `seal append failed (${messageOf(error)}); trying again`,
                );
                search = true;
                await delay(this.retryDelayMs * attempt);
            }
        }
    }

    private async anchorOnce(seal: StoredSeal, search: boolean): Promise<StoredSeal> {
        const { store, chain, afterStep } = this.options;
        const { entry } = seal;
        let blockSeq = search ? await this.findOnChain(seal) : undefined;
        const found = blockSeq !== undefined;
        if (blockSeq === undefined) {
            blockSeq = await chain.appendSeal(entry);
            afterStep?.('seal-appended');
        }
        const anchored = await store.recordAnchor(entry.firstSeq, { machineId: entry.machineId, blockSeq });
        afterStep?.('seal-anchored');
        this.options.logger.info(
            {
                code: 'SEAL_ANCHORED',
                machineId: entry.machineId,
                firstSeq: entry.firstSeq,
                lastSeq: entry.lastSeq,
                count: entry.count,
                root: entry.root.slice(0, 16),
                blockSeq,
                found,
            },
            `SEAL_ANCHORED: ${entry.machineId} readings ${entry.firstSeq}..${entry.lastSeq} (${entry.count}) sealed to ${entry.root.slice(0, 16)}… in block ${blockSeq}${found ? ', found on the chain' : ''}`,
        );
        return anchored;
    }

    /**
     * The block that already carries the seal, searched from the chain's head back; undefined when
     * the search reaches the block of the seal before, a block with an older seal or stamped
     * before the seal was made (a store started afresh finds its old seals there, not its own),
     * the first block, the search's bound, or a seal of the same readings under another root (an
     * earlier store's, logged `SEAL_FOREIGN`).
     */
    private async findOnChain(seal: StoredSeal): Promise<number | undefined> {
        const { chain, store } = this.options;
        const { entry } = seal;
        const before = entry.firstSeq > 1 ? (await store.sealFor(entry.firstSeq - 1))?.anchor?.blockSeq : undefined;
        const head = await chain.headSeq();
        const bottom = Math.max(1, head - this.lookBackBlocks + 1, (before ?? 0) + 1);
        const notBefore = Date.parse(seal.sealedAt) - CLOCK_STEP_MS;
        const wanted = toCanonicalJson(entry);
        for (let seq = head; seq >= bottom; seq -= 1) {
            const block = await chain.sealBlock(seq);
            if (Date.parse(block.timestamp) < notBefore) {
                return undefined;
            }
            const overlapping = block.seals.find(
                (other) => other.firstSeq <= entry.lastSeq && other.lastSeq >= entry.firstSeq,
            );
            if (overlapping) {
                if (toCanonicalJson(overlapping) !== wanted) {
                    // Only the machine writes its chain, and a store never seals the same readings
                    // twice: this is the seal of an earlier store of the machine (its history started
                    // afresh), not this one's. Stop here and append this store's own.
                    this.options.logger.warn(
                        {
                            code: 'SEAL_FOREIGN',
                            blockSeq: seq,
                            firstSeq: overlapping.firstSeq,
                            lastSeq: overlapping.lastSeq,
                        },
                        `SEAL_FOREIGN: block ${seq} of ${entry.machineId} seals readings ${overlapping.firstSeq}..${overlapping.lastSeq} ` +
                            `to root ${overlapping.root.slice(0, 16)}, not this store's ${entry.root.slice(0, 16)}: ` +
                            'the seal of an earlier history store; appending this one',
                    );
                    return undefined;
                }
                return seq;
            }
            if (block.seals.some((other) => other.lastSeq < entry.firstSeq)) {
                return undefined;
            }
        }
        return undefined;
    }
}
