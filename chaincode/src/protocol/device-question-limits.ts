/**
 * Caps of typed device questions and their answers. A question past a `...PerQuestion` bound is
 * refused with `QUESTION_INVALID`; an answer past a cap is cut and says so with `truncated`.
 */
export const QUESTION_LIMITS = {
    /** Bytes of a question's JSON text. */
    questionBytes: 2_048,
    /** Variables one `readings` question names. */
    variablesMax: 8,
    /** Buckets one variable of an aggregated `readings` question may ask for. */
    bucketsPerVariableMax: 1_000,
    /** Raw rows of one `readings` answer, all variables together. */
    rowsMax: 500,
    /** Buckets of one aggregated `readings` answer, all variables together. */
    bucketsMax: 192,
    /** Readings of one variable an aggregation reads at most; past it the answer is `truncated`. */
    aggregateReadingsMax: 100_000,
    /** Messages of one `messages` answer. */
    messagesMax: 100,
    /** Latest readings a `status` answer lists. */
    latestMax: 64,
    /**
     * Bytes of an answer's JSON: well inside the 32 KiB payload of a reply packet after its
     * ciphertext overhead and padding, with room for what the lead attaches (proofs).
     */
    answerBytesMax: 24_576,
} as const;

/** The caps an agent answers within: {@link QUESTION_LIMITS}' answer caps, which a test may lower. */
export type AnswerLimits = Pick<
    { -readonly [K in keyof typeof QUESTION_LIMITS]: number },
    'rowsMax' | 'bucketsMax' | 'aggregateReadingsMax' | 'messagesMax' | 'latestMax' | 'answerBytesMax'
>;
