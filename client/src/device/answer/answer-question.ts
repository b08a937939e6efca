import {
    DomainError,
    parseQuestion,
    type Answer,
    type MessagesAnswer,
    type Question,
} from '@spindle/chaincode/protocol';

import type { HistoryReader } from '../history/history-reader';
import { answerLimits, type AnswerContext } from './answer-context';
import { chainMessages } from './chain-messages';
import { fitToBytes } from './fit-answer';
import { lotQualityAnswer } from './lot-quality-answer';
import { answerReadings } from './readings-answer';
import { answerStatus } from './status-answer';

/**
 * The answer to a parsed question, from the machine's history store and what `context` gives.
 *
 * @throws DomainError QUESTION_UNSUPPORTED when the context lacks the source the kind needs;
 *   NOT_FOUND for a lot this machine did not produce.
 */
export async function answerQuestion(
    question: Question,
    history: HistoryReader,
    context: AnswerContext,
): Promise<Answer> {
    switch (question.kind) {
        case 'status':
            return answerStatus(history, context);
        case 'readings':
            return answerReadings(question, history, context);
        case 'lot-quality': {
            if (context.lot === undefined) {
                throw new DomainError('QUESTION_UNSUPPORTED', 'this agent does not read the material ledger');
            }
            const found = await context.lot(question.lotId);
            if (found === undefined) {
                throw new DomainError('NOT_FOUND', `lot ${question.lotId} does not exist`);
            }
            return lotQualityAnswer(history.machineId, found.lot, found.transform, context.now);
        }
        case 'messages': {
            if (context.chainBlocks === undefined) {
                throw new DomainError('QUESTION_UNSUPPORTED', 'this agent does not read its communication chain');
            }
            const limits = answerLimits(context);
            const blocks = await context.chainBlocks(new Date(question.from), new Date(question.to));
            const messages = chainMessages(blocks, question);
            const answer: MessagesAnswer = {
                kind: 'messages',
                machineId: history.machineId,
                answeredAt: context.now.toISOString(),
                from: question.from,
                to: question.to,
                ...(question.type === undefined ? {} : { type: question.type }),
                messages: messages.slice(0, limits.messagesMax),
                truncated: messages.length > limits.messagesMax,
            };
            return fitToBytes(answer, 'messages', limits.answerBytesMax);
        }
    }
}

/**
 * The answer to a query's plaintext: the parsed question's answer, or an `error` answer carrying
 * the DomainError's code (QUESTION_INVALID for plaintext that is not a question, e.g. an older
 * requester's `{"what": ...}`). Only an error that is not a DomainError (the store failing) is thrown.
 */
export async function answerPlaintext(
    plaintext: string | Uint8Array,
    history: HistoryReader,
    context: AnswerContext,
): Promise<Answer> {
    try {
        return await answerQuestion(parseQuestion(plaintext), history, context);
    } catch (error) {
        if (!(error instanceof DomainError)) {
            throw error;
        }
        return {
            kind: 'error',
            machineId: history.machineId,
            answeredAt: context.now.toISOString(),
            code: error.code,
            message: error.message.slice(0, 512),
        };
    }
}
