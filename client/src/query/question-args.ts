import {
    DomainError,
    QUESTION_KINDS,
    parseValue,
    questionSchemaOf,
    type Question,
    type QuestionKind,
} from '@spindle/chaincode/protocol';

import { parseDuration } from '../text/duration';

const OPTIONS_OF: Readonly<Record<QuestionKind, readonly string[]>> = {
    status: [],
    readings: ['--vars', '--since', '--from', '--to', '--every'],
    'lot-quality': [],
    messages: ['--type', '--since', '--from', '--to'],
};

const POSITIONALS_OF: Readonly<Record<QuestionKind, readonly string[]>> = {
    status: [],
    readings: [],
    'lot-quality': ['lotId'],
    messages: [],
};

/**
 * A question from the words after `spindle query <from> <to>`:
 * `status`, `readings --vars lapWeight,cv --since 8h [--every 1h]`, `lot-quality <lotId>`,
 * `messages [--type download] --since 1d`. A time range is `--since <duration>` back from `now`,
 * or `--from <ISO> [--to <ISO>]` (`--to` defaults to `now`); `--every` makes readings aggregated.
 *
 * @throws DomainError INVALID_ARGUMENT naming the word or field at fault.
 */
export function parseQuestionArgs(args: readonly string[], now: Date): Question {
    const [kind, ...rest] = args;
    if (kind === undefined || !(QUESTION_KINDS as readonly string[]).includes(kind)) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the question must start with one of ${QUESTION_KINDS.join(', ')}, not ${JSON.stringify(kind ?? '')}`,
        );
    }
    const known = kind as QuestionKind;
    const { options, positionals } = splitWords(known, rest);
    const fields: Record<string, unknown> = { kind: known };
    POSITIONALS_OF[known].forEach((name, index) => {
        fields[name] = positionals[index];
    });
    if (known === 'readings') {
        const variables = options.get('--vars');
        if (variables === undefined) {
            throw new DomainError('INVALID_ARGUMENT', 'readings needs --vars <name,name,...>');
        }
        fields['variables'] = variables.split(',').filter((name) => name !== '');
        const every = options.get('--every');
        fields['mode'] = every === undefined ? 'raw' : 'aggregate';
        if (every !== undefined) {
            fields['everySeconds'] = parseDuration(every, '--every');
        }
    }
    if (known === 'messages' && options.has('--type')) {
        fields['type'] = options.get('--type');
    }
    if (known === 'readings' || known === 'messages') {
        Object.assign(fields, timeRange(options, now));
    }
    return parseValue(questionSchemaOf(known), fields, `${known} question`) as Question;
}

function splitWords(
    kind: QuestionKind,
    words: readonly string[],
): { options: Map<string, string>; positionals: string[] } {
    const options = new Map<string, string>();
    const positionals: string[] = [];
    for (let index = 0; index < words.length; index += 1) {
        const word = words[index] ?? '';
        if (!word.startsWith('--')) {
            positionals.push(word);
            continue;
        }
        const value = words[index + 1];
        if (!OPTIONS_OF[kind].includes(word)) {
            throw new DomainError('INVALID_ARGUMENT', `${kind} takes no option ${word}`);
        }
        if (value === undefined || value.startsWith('--')) {
            throw new DomainError('INVALID_ARGUMENT', `${word} needs a value`);
        }
        if (options.has(word)) {
            throw new DomainError('INVALID_ARGUMENT', `${word} is given twice`);
        }
        options.set(word, value);
        index += 1;
    }
    const expected = POSITIONALS_OF[kind];
    if (positionals.length !== expected.length) {
        const wanted = expected.length === 0 ? 'no arguments' : expected.map((name) => `<${name}>`).join(' ');
        throw new DomainError('INVALID_ARGUMENT', `${kind} takes ${wanted}, got ${JSON.stringify(positionals)}`);
    }
    return { options, positionals };
}

function timeRange(options: ReadonlyMap<string, string>, now: Date): { from: string; to: string } {
    const since = options.get('--since');
    const from = options.get('--from');
    if ((since === undefined) === (from === undefined)) {
        throw new DomainError('INVALID_ARGUMENT', 'give the time range as --since <duration> or --from <ISO time>');
    }
    if (since !== undefined) {
        if (options.has('--to')) {
            throw new DomainError('INVALID_ARGUMENT', '--to goes with --from, not --since');
        }
        return {
            from: new Date(now.getTime() - parseDuration(since, '--since') * 1000).toISOString(),
            to: now.toISOString(),
        };
    }
    return { from: isoTime(from ?? '', '--from'), to: isoTime(options.get('--to') ?? now.toISOString(), '--to') };
}

function isoTime(text: string, what: string): string {
    const time = Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(time)) {
        throw new DomainError('INVALID_ARGUMENT', `${what} must be an ISO time like 2026-12-02T08:00:00Z`);
    }
    return new Date(time).toISOString();
}
