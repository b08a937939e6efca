import {
    QUESTION_LIMITS,
    type AnswerLimits,
    type ChainBlock,
    type LotRecord,
    type MachineRecord,
    type TransformRecord,
} from '@spindle/chaincode/protocol';

/** A lot and the transform that produced it, as the material ledger holds them. */
export interface LotWithTransform {
    readonly lot: LotRecord;
    /** The transform named by the lot's `producedBy`; absent for a bale. */
    readonly transform?: TransformRecord;
}

/**
 * What an agent knows besides its history store when it answers. A source left out makes the
 * kinds that need it `QUESTION_UNSUPPORTED`.
 */
export interface AnswerContext {
    /** The time the answer is given (`answeredAt`). */
    readonly now: Date;
    /** The machine's registry record, for `status`. */
    readonly machine?: MachineRecord;
    /** The seq of the machine's last communication block, for `status`; 0 when absent. */
    readonly chainLength?: number;
    /** The lot `lotId` from the material ledger, undefined when it does not exist; for `lot-quality`. */
    readonly lot?: (lotId: string) => Promise<LotWithTransform | undefined>;
    /** The machine's communication blocks that may hold entries recorded in `[from, to)`; for `messages`. */
    readonly chainBlocks?: (from: Date, to: Date) => Promise<readonly ChainBlock[]>;
    /** Lower caps than QUESTION_LIMITS' (tests, or an agent that attaches proofs). */
    readonly limits?: Partial<AnswerLimits>;
}

/** The caps to answer within: `context.limits` over QUESTION_LIMITS. */
export function answerLimits(context: AnswerContext): AnswerLimits {
    return {
        rowsMax: QUESTION_LIMITS.rowsMax,
        bucketsMax: QUESTION_LIMITS.bucketsMax,
        aggregateReadingsMax: QUESTION_LIMITS.aggregateReadingsMax,
        messagesMax: QUESTION_LIMITS.messagesMax,
        latestMax: QUESTION_LIMITS.latestMax,
        answerBytesMax: QUESTION_LIMITS.answerBytesMax,
        ...context.limits,
    };
}
