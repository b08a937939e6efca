/**
 * The steps of handling one event, in the order they happen, each right after its side effect
 * (or, for `answer-built` and `reply-verified`, right before the one that follows):
 *
 * - `answer-built`: a query to one of the agent's machines passed step 5 and was answered in
 *   memory (decrypted, history searched); nothing written yet.
 * - `reply-committed`: the `respond` transaction committed (steps 6-8): the reply is in the
 *   requester's inbox and the query ANSWERED.
 * - `denial-committed`: the `deny` transaction committed (step 5's refusal).
 * - `reply-verified`: a reply to one of the agent's machines verified and decrypted (step 9).
 * - `rejection-committed`: the `rejectReply` transaction committed (step 9's refusal).
 * - `block-appended`: an `appendBlock` transaction committed: delivered packets left the inbox
 *   for the machine's communication chain.
 * - `event-checkpointed`: the durable checkpoint moved past the event.
 *
 * A crash may fall after any of them; a restarted agent completes what is missing.
 */
export const AGENT_STEPS = [
    'answer-built',
    'reply-committed',
    'denial-committed',
    'reply-verified',
    'rejection-committed',
    'block-appended',
    'event-checkpointed',
] as const;

/** One step of handling an event, see {@link AGENT_STEPS}. */
export type AgentStep = (typeof AGENT_STEPS)[number];
