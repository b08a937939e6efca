import type { StatusAnswer } from '@spindle/chaincode/protocol';

import type { HistoryReader } from '../history/history-reader';
import { answerLimits, type AnswerContext } from './answer-context';
import { fitToBytes } from './fit-answer';

/**
 * The answer to `status`: the machine's registry status, type, step and line (when the context
 * has its record), its chain length, how far its history is sealed, and the newest reading of
 * each variable, by variable name, at most `latestMax`.
 */
export async function answerStatus(history: HistoryReader, context: AnswerContext): Promise<StatusAnswer> {
    const limits = answerLimits(context);
    const latest = [...(await history.latest())].sort((a, b) => (a.variable < b.variable ? -1 : 1));
    const record = context.machine;
    const answer: StatusAnswer = {
        kind: 'status',
        machineId: history.machineId,
        answeredAt: context.now.toISOString(),
        ...(record === undefined
            ? {}
            : {
                  machine: {
                      status: record.status,
                      machineType: record.machineType,
                      processStep: record.processStep,
                      line: record.line,
                  },
              }),
        chainLength: context.chainLength ?? 0,
        sealedThrough: await history.sealedThrough(),
        latest: latest.slice(0, limits.latestMax),
        truncated: latest.length > limits.latestMax,
    };
    return fitToBytes(answer, 'latest', limits.answerBytesMax);
}
