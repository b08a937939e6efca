import { type Answer, answerSchema } from '@spindle/chaincode/protocol';

import type { EvidenceCheck } from '../device/evidence/evidence-check';
import type { QueryOutcome, QueryStep } from './query-flow';
import { SpindleError } from '../errors/spindle-error';
import { answerTable } from '../text/answer-table';
import { evidenceLine, evidenceOf } from './evidence-line';
import type { QueryQuestion } from './query-question';

const utf8 = new TextDecoder();

/** What `spindle query` prints: with `--json` this object, else {@link queryResultLines}. */
export interface QueryResult {
    queryId: string;
    question: QueryQuestion;
    /** The decrypted answer: a typed answer, an older answerer's JSON, or text that is not JSON. */
    answer: unknown;
    /** The step-9 check of the answer's proofs; null when there was none to check. */
    verification: EvidenceCheck | null;
    steps: QueryStep[];
    totalMs: number;
}

/** The result of a query that ran: its answer decoded, its evidence check if any. */
export function queryResultOf(question: QueryQuestion, outcome: QueryOutcome): QueryResult {
    const text = utf8.decode(outcome.answer);
    let answer: unknown = text;
    try {
        answer = JSON.parse(text);
    } catch {
        // Not JSON: an agent's answer is shown as the text it is.
    }
    return {
        queryId: outcome.queryId,
        question,
        answer,
        verification: evidenceOf(outcome) ?? null,
        steps: outcome.steps,
        totalMs: outcome.totalMs,
    };
}

/** The result for people: when it was answered, the answer as a table (or as JSON), the proofs line. */
export function queryResultLines(result: QueryResult): string[] {
    return [
        `query ${result.queryId} answered in ${result.totalMs} ms`,
        ...answerLines(result),
        ...(result.verification === null ? [] : [evidenceLine(result.verification)]),
    ];
}

/** The answer as lines: a typed answer as its table, an older answerer's JSON as indented JSON. */
export function answerLines(result: QueryResult): string[] {
    const typed = typedAnswer(result);
    return typed === undefined ? JSON.stringify(result.answer, undefined, 2).split('\n') : answerTable(typed);
}

/**
 * The failure a query's result stands for, after it was printed: the agent's `error` answer with
 * its code (QUESTION_INVALID, QUESTION_UNSUPPORTED, NOT_FOUND, ...), or proofs that do not hold.
 */
export function queryResultFailure(result: QueryResult): SpindleError | undefined {
    const typed = typedAnswer(result);
    if (typed?.kind === 'error') {
        return new SpindleError(typed.code, `${typed.machineId} refused the question: ${typed.message}`);
    }
    if (result.verification !== null && !result.verification.ok) {
        return new SpindleError(
            result.verification.reason,
            `the answer's proofs do not hold: ${result.verification.detail}`,
        );
    }
    return undefined;
}

/** The answer as a typed answer, or undefined for an older answerer's JSON. */
function typedAnswer(result: QueryResult): Answer | undefined {
    const parsed = answerSchema.safeParse(result.answer);
    return parsed.success ? parsed.data : undefined;
}
