import type { Reading, ReadingBucket, ReadingsAnswer, ReadingsQuestion } from '@spindle/chaincode/protocol';

import type { HistoryReader } from '../history/history-reader';
import { aggregateReadings } from './aggregate';
import { answerLimits, type AnswerContext } from './answer-context';
import { fitToBytes } from './fit-answer';

/**
 * The answer to a `readings` question from the history store. Each variable gets an equal share
 * of the row or bucket cap (its earliest rows or buckets), then the answer is cut to the byte cap;
 * `truncated` says either happened, or an aggregation met `aggregateReadingsMax`.
 */
export async function answerReadings(
    question: ReadingsQuestion,
    history: HistoryReader,
    context: AnswerContext,
): Promise<ReadingsAnswer> {
    const limits = answerLimits(context);
    const from = new Date(question.from);
    const to = new Date(question.to);
    const share = question.variables.length;
    const rows: Reading[] = [];
    const buckets: ReadingBucket[] = [];
    const units: Record<string, string> = {};
    let truncated = false;
    for (const variable of question.variables) {
        if (question.mode === 'raw') {
            const perVariable = Math.floor(limits.rowsMax / share);
            const read = await history.readings(variable, from, to, perVariable + 1);
            truncated ||= read.length > perVariable;
            rows.push(...read.slice(0, perVariable));
            noteUnit(units, read);
        } else {
            const every = question.everySeconds ?? 1;
            const perVariable = Math.floor(limits.bucketsMax / share);
            const bucketsWanted = Math.ceil((to.getTime() - from.getTime()) / (every * 1000));
            const until = new Date(Math.min(to.getTime(), from.getTime() + perVariable * every * 1000));
            // At most the cap, not one more: a history store reads at most HISTORY_LIMITS.readMax
            // (the cap itself), so reaching the cap counts as cut.
            const read = await history.readings(variable, from, until, limits.aggregateReadingsMax);
            truncated ||= bucketsWanted > perVariable || read.length >= limits.aggregateReadingsMax;
            buckets.push(...aggregateReadings(variable, read, from, until, every, perVariable));
            noteUnit(units, read);
        }
    }
    const answer: ReadingsAnswer = {
        kind: 'readings',
        machineId: history.machineId,
        answeredAt: context.now.toISOString(),
        mode: question.mode,
        from: question.from,
        to: question.to,
        ...(question.everySeconds === undefined ? {} : { everySeconds: question.everySeconds }),
        units,
        sealedThrough: await history.sealedThrough(),
        rows,
        buckets,
        truncated,
    };
    return fitToBytes(answer, question.mode === 'raw' ? 'rows' : 'buckets', limits.answerBytesMax);
}

function noteUnit(units: Record<string, string>, readings: readonly Reading[]): void {
    const first = readings[0];
    if (first !== undefined) {
        units[first.variable] = first.unit;
    }
}
