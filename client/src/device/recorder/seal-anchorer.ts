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
     * Blocks searched back from the chain's head for a seal appended before a crash, on a chain
     * whose tip does not say how far its seals go (written before release 1.3; default 64). The
     * search stops earlier at the block of the seal before or at a block carrying an older seal.
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
     * Brings the store in line with the machine's chain before it records or seals: an empty store
     * numbers its readings after the readings the chain has sealed (a store started afresh, e.g.
     * after a disk was replaced), a seal left pending is anchored (see {@link anchorPending}), and a
     * store whose seals end before the chain's is refused, since the chaincode takes no second seal
     * of those readings.
     *
     * @throws RecorderError CHAIN_UNREACHABLE when an empty store cannot learn where to number from;
     *   HISTORY_DIVERGED; SEAL_ANCHOR_FAILED; HistoryError from the store.
     */
    async joinChain(): Promise<void> {
        const { store, chain, logger } = this.options;
        const empty = store.lastSeq() === 0;
        let head;
        try {
            head = await this.retried('read the head of the chain', () => chain.head());
        } catch (error) {
            if (empty) {
                throw new RecorderError(
                    'CHAIN_UNREACHABLE',
                    `the history of ${store.machineId} is empty and the readings its chain has sealed are unknown: ${messageOf(error)}`,
                    { cause: error },
                );
            }
            logger.warn(
                { code: codeOf(error) },
                `the chain's head is out of reach; each seal is still checked by the chaincode`,
            );
            await this.anchorPending();
            return;
        }
        const chainSealed = head.sealedThrough ?? 0;
        if (empty && chainSealed > 0) {
            await store.startAfter(chainSealed);
            logger.info(
                { code: 'HISTORY_CONTINUES', sealedThrough: chainSealed },
                `HISTORY_CONTINUES: the chain of ${store.machineId} has sealed readings through ${chainSealed}; this new history numbers its readings from ${chainSealed + 1}`,
            );
        }
        await this.anchorPending();
        const storeSealed = await store.sealedThrough();
        if (chainSealed > storeSealed) {
            throw diverged(
                store.machineId,
                `its chain has sealed readings through ${chainSealed}, this store only through ${storeSealed}`,
            );
        }
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
        try {
            return await this.retried('append the seal', async () => {
                const searchNow = search;
                search = true;
                return this.anchorOnce(seal, searchNow);
            });
        } catch (error) {
            if (codeOf(error) === 'SEAL_DISCONTINUOUS') {
                throw diverged(
                    entry.machineId,
                    `its chain refused the seal of ${entry.firstSeq}..${entry.lastSeq}: ${messageOf(error)}`,
                );
            }
            if (error instanceof RecorderError && error.code === 'HISTORY_DIVERGED') {
                throw error;
            }
            throw new RecorderError(
                'SEAL_ANCHOR_FAILED',
                `the seal of ${entry.machineId} ${entry.firstSeq}..${entry.lastSeq} is not anchored: ${messageOf(error)}`,
                { cause: error },
            );
        }
    }

    /** Runs `work`, again after the failures a retry may get past, up to `attempts` times. */
    private async retried<T>(what: string, work: () => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt += 1) {
            try {
                return await work();
            } catch (error) {
                if (!RETRYABLE.has(codeOf(error)) || attempt >= this.attempts) {
                    throw error;
                }
                this.options.logger.warn(
                    { code: codeOf(error), attempt },
                    `could not ${what} (${messageOf(error)}); trying again`,
                );
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
     * the chain's seals end before it (or, on a tip from before release 1.3, when the search
     * reaches the block of the seal before, a block with an older seal, the first block or its
     * bound).
     *
     * @throws RecorderError HISTORY_DIVERGED when the chain seals these readings otherwise: under
     *   another root, or in a range this seal does not match.
     */
    private async findOnChain(seal: StoredSeal): Promise<number | undefined> {
        const { chain, store } = this.options;
        const { entry } = seal;
        const head = await chain.head();
        if (head.sealedThrough !== undefined && head.sealedThrough < entry.firstSeq) {
            return undefined;
        }
        const before = entry.firstSeq > 1 ? (await store.sealFor(entry.firstSeq - 1))?.anchor?.blockSeq : undefined;
        // The tip says the chain seals these readings: the seal is there, above the one before.
        const bound = head.sealedThrough === undefined ? head.seq - this.lookBackBlocks + 1 : 1;
        const bottom = Math.max(1, bound, (before ?? 0) + 1);
        const wanted = toCanonicalJson(entry);
        for (let seq = head.seq; seq >= bottom; seq -= 1) {
            const block = await chain.sealBlock(seq);
            const overlapping = block.seals.find(
                (other) => other.firstSeq <= entry.lastSeq && other.lastSeq >= entry.firstSeq,
            );
            if (overlapping) {
                if (toCanonicalJson(overlapping) !== wanted) {
                    throw diverged(
                        entry.machineId,
                        `block ${seq} seals readings ${overlapping.firstSeq}..${overlapping.lastSeq} to root ` +
                            `${overlapping.root.slice(0, 16)}…, this store's seal of ${entry.firstSeq}..${entry.lastSeq} is ${entry.root.slice(0, 16)}…`,
                    );
                }
                return seq;
            }
            if (block.seals.some((other) => other.lastSeq < entry.firstSeq)) {
                break;
            }
        }
        if (head.sealedThrough !== undefined) {
            throw diverged(
                entry.machineId,
                `its chain seals readings through ${head.sealedThrough}, but not with this store's seal of ${entry.firstSeq}..${entry.lastSeq}`,
            );
        }
        return undefined;
    }
}

function diverged(machineId: string, why: string): RecorderError {
    return new RecorderError(
        'HISTORY_DIVERGED',
        `the history store of ${machineId} is not the one its chain's seals come from (${why}); ` +
            "move the store aside (a new one numbers its readings after the chain's) and keep the old one for audit",
    );
}
