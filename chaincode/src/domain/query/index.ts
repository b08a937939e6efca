/** Rules of the query flow (the paper's Figure 8): open, answer, deny, reject a reply. */
export { answerQuery, denyQuery, openQuery, rejectReply } from './query-lifecycle';
