import { z } from 'zod';
import { variableSchema } from './device-reading';
import { DomainError } from './domain-error';
import { idSchema, timestampSchema } from './identifiers';
import { PACKET_TYPES } from './packet';
import { QUESTION_LIMITS } from './device-question-limits';
import { parseJsonText } from './parse-input';

/** The kinds of question a device agent answers. */
export const QUESTION_KINDS = ['status', 'readings', 'lot-quality', 'messages'] as const;

/** A question kind. */
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** `status`: the machine's record, chain length and latest readings. */
export const statusQuestionSchema = z.object({ kind: z.literal('status') }).strict();

/**
 * `readings`: the readings of 1 to 8 variables with `from <= sourceTimestamp < to`, either `raw`
 * (each reading with its seq) or `aggregate` in buckets of `everySeconds` aligned to `from`.
 */
export const readingsQuestionSchema = z
    .object({
        kind: z.literal('readings'),
        variables: z.array(variableSchema).min(1).max(QUESTION_LIMITS.variablesMax),
        from: timestampSchema,
        to: timestampSchema,
        mode: z.enum(['raw', 'aggregate']),
        /** Bucket width of `aggregate`; absent for `raw`. */
        everySeconds: z.number().int().min(1).optional(),
    })
    .strict()
    .superRefine((question, context) => {
        const problem = readingsProblem(question);
        if (problem !== undefined) {
            context.addIssue({ code: z.ZodIssueCode.custom, path: [problem.path], message: problem.message });
        }
    });

/** `lot-quality`: the quality a lot this machine produced left the transform with. */
export const lotQualityQuestionSchema = z.object({ kind: z.literal('lot-quality'), lotId: idSchema }).strict();

/** `messages`: the machine's communication-chain entries recorded in `[from, to)`, of one type or all. */
export const messagesQuestionSchema = z
    .object({
        kind: z.literal('messages'),
        type: z.enum(PACKET_TYPES).optional(),
        from: timestampSchema,
        to: timestampSchema,
    })
    .strict()
    .refine((question) => Date.parse(question.from) < Date.parse(question.to), {
        message: 'from must be before to',
        path: ['to'],
    });

/** A typed device question, the plaintext of a query (step 1), shared by requester and agent. */
export const questionSchema = z.union([
    statusQuestionSchema,
    readingsQuestionSchema,
    lotQualityQuestionSchema,
    messagesQuestionSchema,
]);

/** A device question. */
export type Question = z.infer<typeof questionSchema>;

/** A `readings` question. */
export type ReadingsQuestion = z.infer<typeof readingsQuestionSchema>;

/** A `lot-quality` question. */
export type LotQualityQuestion = z.infer<typeof lotQualityQuestionSchema>;

/** A `messages` question. */
export type MessagesQuestion = z.infer<typeof messagesQuestionSchema>;

/**
 * Reads a query's plaintext as a question. Never throws anything but a DomainError, so an agent
 * answers any plaintext (older requesters send `{"what": "..."}`) with a code, never a crash.
 *
 * @throws DomainError QUESTION_UNSUPPORTED for an object whose `kind` is a string this protocol
 *   does not know (a newer requester); QUESTION_INVALID for anything else that does not parse.
 */
export function parseQuestion(plaintext: string | Uint8Array): Question {
    const text = typeof plaintext === 'string' ? plaintext : Buffer.from(plaintext).toString('utf8');
    if (Buffer.byteLength(text, 'utf8') > QUESTION_LIMITS.questionBytes) {
        throw new DomainError('QUESTION_INVALID', `a question is at most ${QUESTION_LIMITS.questionBytes} bytes`);
    }
    const json = parseJsonText(text, 'the question', 'QUESTION_INVALID');
    const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
    if (typeof kind !== 'string') {
        throw new DomainError('QUESTION_INVALID', 'the question is not an object with a kind');
    }
    if (!(QUESTION_KINDS as readonly string[]).includes(kind)) {
        throw new DomainError('QUESTION_UNSUPPORTED', `unknown kind ${JSON.stringify(kind.slice(0, 32))}`);
    }
    const schema = questionSchemaOf(kind as QuestionKind);
    const result = schema.safeParse(json);
    if (!result.success) {
        const issue = result.error.issues[0];
        const path = issue === undefined || issue.path.length === 0 ? '' : `.${issue.path.join('.')}`;
        throw new DomainError('QUESTION_INVALID', `${kind} question${path}: ${issue?.message ?? 'invalid'}`);
    }
    return result.data as Question;
}

/** How many buckets of `everySeconds` cover `[from, to)`; the last may be shorter. */
export function bucketCount(from: string, to: string, everySeconds: number): number {
    return Math.ceil((Date.parse(to) - Date.parse(from)) / (everySeconds * 1000));
}

/** The schema of one question kind, for a parser that knows the kind (the CLI) and wants its own code. */
export function questionSchemaOf(kind: QuestionKind): z.ZodTypeAny {
    switch (kind) {
        case 'status':
            return statusQuestionSchema;
        case 'readings':
            return readingsQuestionSchema;
        case 'lot-quality':
            return lotQualityQuestionSchema;
        case 'messages':
            return messagesQuestionSchema;
    }
}

function readingsProblem(question: {
    variables: string[];
    from: string;
    to: string;
    mode: 'raw' | 'aggregate';
    everySeconds?: number | undefined;
}): { path: string; message: string } | undefined {
    if (new Set(question.variables).size !== question.variables.length) {
        return { path: 'variables', message: 'variables must not repeat' };
    }
    if (Date.parse(question.from) >= Date.parse(question.to)) {
        return { path: 'to', message: 'from must be before to' };
    }
    if (question.mode === 'raw') {
        return question.everySeconds === undefined
            ? undefined
            : { path: 'everySeconds', message: 'raw readings take no bucket width' };
    }
    if (question.everySeconds === undefined) {
        return { path: 'everySeconds', message: 'aggregate readings need a bucket width' };
    }
    const buckets = bucketCount(question.from, question.to, question.everySeconds);
    return buckets > QUESTION_LIMITS.bucketsPerVariableMax
        ? {
              path: 'everySeconds',
              message: `${buckets} buckets, at most ${QUESTION_LIMITS.bucketsPerVariableMax} per variable`,
          }
        : undefined;
}
