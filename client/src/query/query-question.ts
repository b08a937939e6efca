import { DomainError, QUESTION_KINDS, type Question } from '@spindle/chaincode/protocol';

import { parseQuestionArgs } from './question-args';

/**
 * What `spindle query` sends: a typed question, or an older requester's free text as
 * `{"what": "..."}`, which an agent answers with its own error answer or its free-text answerer.
 */
export type QueryQuestion = Question | { what: string };

/**
 * The question in the words after `spindle query <from> <to>`, as commander leaves them once it
 * took its own options (`--timeout`, and the global `--json`, `--as`, ...) from wherever they
 * stood. Words whose first is a question kind (`status`, `readings`, ...) are a typed question;
 * any other words are free text, joined by spaces (`"status and quality"`, quoted, is one word,
 * not the kind `status`). An option's value may follow it or an `=` (`--since=8h`).
 *
 * @throws DomainError INVALID_ARGUMENT for a typed question that does not parse, or for words
 *   that start with an option (the question's kind comes first).
 */
export function queryQuestion(words: readonly string[], now: Date): QueryQuestion {
    const [first] = words;
    if (first === undefined || first.trim() === '') {
        throw new DomainError('INVALID_ARGUMENT', `say what to ask: ${QUESTION_KINDS.join(', ')}, or free text`);
    }
    if (first.startsWith('-')) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `unknown option ${first}: the question's kind comes before its options, e.g. readings --vars cv --since 1h`,
        );
    }
    return (QUESTION_KINDS as readonly string[]).includes(first)
        ? parseQuestionArgs(words.flatMap(splitInlineValue), now)
        : { what: words.join(' ') };
}

/** `--since=8h` as `--since`, `8h`, as commander reads its own options. */
function splitInlineValue(word: string): string[] {
    const match = /^(--[a-z][a-z-]*)=(.*)$/.exec(word);
    return match === null ? [word] : [match[1] ?? '', match[2] ?? ''];
}
