/** The device agent's answers to typed questions, from its history store. */
export { aggregateReadings, bucketFigures, type BucketFigures } from './aggregate';
export { answerLimits, type AnswerContext, type LotWithTransform } from './answer-context';
export { answerPlaintext, answerQuestion } from './answer-question';
export { chainMessages } from './chain-messages';
export { fitToBytes } from './fit-answer';
export { lotQualityAnswer } from './lot-quality-answer';
export { answerReadings } from './readings-answer';
export { answerStatus } from './status-answer';
