/**
 * The 9-step query flow between two machines (`runQuery`), the typed question it asks, and its
 * outcome as a result: JSON, the lines people read, and the step-9 evidence check.
 */
export { evidenceText, runQuery, type QueryOutcome, type QueryStep, type RunQueryOptions } from './query-flow';
export { parseQuestionArgs } from './question-args';
export { queryQuestion, type QueryQuestion } from './query-question';
export { answerLines, queryResultFailure, queryResultLines, queryResultOf, type QueryResult } from './query-result';
export { evidenceLine, evidenceOf } from './evidence-line';
export { stepTimeText } from './step-time-text';
