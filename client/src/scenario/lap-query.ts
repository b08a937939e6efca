import { queryQuestion } from '../query/query-question';
import { type QueryResult, queryResultOf } from '../query/query-result';
import { stepTimeText } from '../query/step-time-text';
import { eciesCipher } from '../packets/ecies-cipher';
import type { MachineSession } from '../contracts/machine-session';
import { runQuery } from '../query/query-flow';
import { type SealedBlock, untilSealedBlock } from './sealed-block';

/** The paper's case, extended: the last hour's lap mass CV, aggregated over one bucket. */
export const LAP_QUESTION = ['readings', '--vars', 'cv', '--since', '1h', '--every', '1h'] as const;

/** The scenario's typed query and what came of it. */
export interface LapQuery {
    /** The query as a user would type it. */
    command: string;
    /** The first block of this run sealing the lap former's readings, if one came in time. */
    sealed?: SealedBlock | undefined;
    /** How long the scenario waited for that seal. */
    sealWaitMs: number;
    outcome: QueryResult | { error: string };
}

/**
 * Waits until the lap former's agent has anchored a seal of its readings (a block from
 * `fromSeq`, at most `sealTimeoutMs`), then asks it {@link LAP_QUESTION} as `requester` through
 * the 9 steps. A failed query is kept as its message, for the report.
 */
export async function askLapFormer(
    requester: MachineSession,
    lapFormer: MachineSession,
    options: { fromSeq: number; sealTimeoutMs: number },
    progress: (line: string) => void,
): Promise<LapQuery> {
    const command = `spindle query ${requester.machineId} ${lapFormer.machineId} ${LAP_QUESTION.join(' ')}`;
    const waitStarted = Date.now();
    const sealed = await untilSealedBlock(lapFormer, {
        fromSeq: options.fromSeq,
        timeoutMs: options.sealTimeoutMs,
    });
    const sealWaitMs = Date.now() - waitStarted;
    progress(
        sealed === undefined
            ? `   no seal of ${lapFormer.machineId}'s readings within ${options.sealTimeoutMs / 1000} s; asking anyway`
            : `   ${lapFormer.machineId}'s readings sealed in block ${sealed.seq} (${sealed.readings} readings), after ${(sealWaitMs / 1000).toFixed(1)} s`,
    );
    progress(`   ${command}`);
    const question = queryQuestion(LAP_QUESTION, new Date());
    const outcome = await runQuery({
        requester,
        responderId: lapFormer.machineId,
        question: Buffer.from(JSON.stringify(question), 'utf8'),
        cipher: eciesCipher,
        chaincode: requester.session.options.chaincode,
        onStep: (step) => {
            progress(`   step ${step.step} ${step.outcome.padEnd(6)} ${step.title} (${stepTimeText(step)})`);
        },
    }).then(
        (answered) => queryResultOf(question, answered),
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    return { command, sealed, sealWaitMs, outcome };
}
