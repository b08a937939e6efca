/**
 * Text for people, shared by the CLI, the scenario report and the other adapters: aligned tables,
 * durations, device answers as tables, genealogy trees. It imports no other folder.
 */
export { alignedTable } from './aligned-table';
export { DURATION_SECONDS_MAX, durationText, parseDuration } from './duration';
export { answerTable, figureText, formatAnswer } from './answer-table';
export { genealogyTree } from './genealogy-tree';
