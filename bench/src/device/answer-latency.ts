import { parseAnswer, type Question } from '@spindle/chaincode/protocol';
import { eciesCipher, runQuery, type MachineSession } from '@spindle/client';

import { percentilesOf, type Percentiles } from '../percentiles';

/** The latency of one kind of typed question through the whole 9-step flow, proofs checked. */
export interface AnswerLatency {
    question: string;
    rounds: number;
    latencyMs: Percentiles;
    /** Bytes of the last answer's JSON, evidence included. */
    answerBytes: number;
    /** Readings the last answer proved at step 9, and those it gave unsealed. */
    proven: number;
    unsealed: number;
}

/** The two questions the issue compares: the machine's status, and its last hour's CV in one bucket. */
function questions(now: Date): { name: string; question: Question }[] {
    return [
        { name: 'status', question: { kind: 'status' } },
        {
            name: 'readings cv, last hour, 1 bucket',
            question: {
                kind: 'readings',
                variables: ['cv'],
                from: new Date(now.getTime() - 3_600_000).toISOString(),
                to: now.toISOString(),
                mode: 'aggregate',
                everySeconds: 3_600,
            },
        },
    ];
}

/**
 * Asks `responderId` (whose agent records, seals and answers) each question `rounds` times from
 * `requester`, one at a time, and returns each one's latency from the query's packet built to the
 * answer verified at step 9 (evidence included), with the size and proof counts of its last answer.
 */
export async function measureAnswerLatency(
    requester: MachineSession,
    responderId: string,
    rounds: number,
): Promise<AnswerLatency[]> {
    const results: AnswerLatency[] = [];
    for (const { name } of questions(new Date())) {
        const latencies: number[] = [];
        let last: { bytes: number; proven: number; unsealed: number } = { bytes: 0, proven: 0, unsealed: 0 };
        for (let round = 0; round < rounds; round += 1) {
            const question = questions(new Date()).find((candidate) => candidate.name === name)?.question;
            const outcome = await runQuery({
                requester,
                responderId,
                question: Buffer.from(JSON.stringify(question)),
                cipher: eciesCipher,
                chaincode: requester.session.options.chaincode,
                timeoutMs: 120_000,
            });
            latencies.push(outcome.totalMs);
            const check = outcome.verification;
            parseAnswer(outcome.answer);
            last = {
                bytes: outcome.answer.length,
                proven: check?.ok ? check.proven : 0,
                unsealed: check?.ok ? check.unsealed : 0,
            };
        }
        results.push({
            question: name,
            rounds,
            latencyMs: percentilesOf(latencies),
            answerBytes: last.bytes,
            proven: last.proven,
            unsealed: last.unsealed,
        });
    }
    return results;
}
