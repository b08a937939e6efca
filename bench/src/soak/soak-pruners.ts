import {
    CONTRACT_NAMES,
    HOUSEKEEPING_TRANSACTIONS,
    pruneResultSchema,
    qualifiedName,
} from '@spindle/chaincode/protocol';
import {
    type HousekeepingJobSummary,
    type HousekeepingLogEntry,
    type HousekeepingTurnResult,
    SpindleError,
    type SpindleGateway,
    runHousekeepingJob,
    toSpindleError,
} from '@spindle/client';

import type { BenchContext } from '../bench-context';

const PRUNE = qualifiedName(CONTRACT_NAMES.housekeeping, HOUSEKEEPING_TRANSACTIONS.prune);
const VALIDATION_NAMES: Record<number, string> = { 11: 'MVCC_READ_CONFLICT', 12: 'PHANTOM_READ_CONFLICT' };

/** Keys deleted by committed prune transactions. */
export interface PruneTally {
    deletedNonces: number;
    deletedRateSlots: number;
    calls: number;
}

/** The housekeeping jobs of several mills running at once, and how to stop them. */
export interface SoakPruners {
    /** Every turn's log line, by mill, as the jobs wrote them. */
    log: { mill: string; entry: HousekeepingLogEntry }[];
    /**
     * What each mill's committed prune transactions deleted, counted per transaction, so a turn
     * that failed after some of its transactions committed still counts them.
     */
    committed: Record<string, PruneTally>;
    /** Stops the jobs after their turns in progress and returns each one's summary. */
    stop(): Promise<Record<string, HousekeepingJobSummary>>;
}

/**
 * Starts one housekeeping job per named mill, each as that mill's operator, on the same schedule,
 * so their turns meet and prune the same keys at once. Each turn prunes until done, submitting
 * every `Housekeeping:prune` once: a transaction invalidated at commit (another mill's job took
 * the same keys first) fails the turn with its validation code, and the job tries again on its
 * next turn, as `spindle housekeeping run` does when its resubmissions run out.
 */
export async function startSoakPruners(
    context: BenchContext,
    millKeys: readonly string[],
    everyMs: number,
    onEntry: (mill: string, entry: HousekeepingLogEntry) => void,
): Promise<SoakPruners> {
    const stopping = new AbortController();
    const log: SoakPruners['log'] = [];
    const sessions: SpindleGateway[] = [];
    const jobs = new Map<string, Promise<HousekeepingJobSummary>>();
    const committed: Record<string, PruneTally> = {};
    for (const mill of millKeys) {
        const session = await context.identities.open(`${mill}-operator`);
        sessions.push(session);
        const tally: PruneTally = { deletedNonces: 0, deletedRateSlots: 0, calls: 0 };
        committed[mill] = tally;
        jobs.set(
            mill,
            runHousekeepingJob({
                turn: () => pruneUntilDoneOnce(session, context.network.config.chaincode.name, tally),
                everyMs,
                signal: stopping.signal,
                log: (entry) => {
                    log.push({ mill, entry });
                    onEntry(mill, entry);
                },
            }),
        );
    }
    return {
        log,
        committed,
        stop: async () => {
            stopping.abort();
            const summaries: Record<string, HousekeepingJobSummary> = {};
            for (const [mill, job] of jobs) {
                summaries[mill] = await job;
            }
            for (const session of sessions) {
                session.close();
            }
            return summaries;
        },
    };
}

/** Prunes until nothing below the watermark is left, each transaction submitted once. */
async function pruneUntilDoneOnce(
    session: SpindleGateway,
    chaincode: string,
    tally: PruneTally,
): Promise<HousekeepingTurnResult> {
    const contract = session.network.getContract(chaincode);
    const total: HousekeepingTurnResult = { deletedNonces: 0, deletedRateSlots: 0, calls: 0 };
    for (let more = true; more;) {
        const submitted = await contract.submitAsync(PRUNE, { arguments: ['{}'] }).catch((error: unknown) => {
            throw toSpindleError(error);
        });
        const status = await submitted.getStatus();
        if (status.code !== 0) {
            const code = VALIDATION_NAMES[status.code] ?? `INVALID_${String(status.code)}`;
            throw new SpindleError(
                code,
                `prune ${status.transactionId} was invalidated at commit`,
                status.transactionId,
            );
        }
        const result = pruneResultSchema.parse(JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')));
        tally.deletedNonces += result.deletedNonces;
        tally.deletedRateSlots += result.deletedRateSlots;
        tally.calls += 1;
        total.deletedNonces += result.deletedNonces;
        total.deletedRateSlots += result.deletedRateSlots;
        total.calls += 1;
        total.prunedBefore = result.prunedBefore;
        more = result.more;
    }
    return total;
}
