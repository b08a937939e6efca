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
 * And the steps of recording a machine's readings and sealing them (the device recorder):
 *
 * - `readings-recorded`: an append of readings to the machine's history store resolved: they
 *   survive the crash.
 * - `seal-recorded`: a seal of the readings since the last one is in the store, not yet on the
 *   machine's chain.
 * - `seal-appended`: the `appendBlock` carrying the seal committed; the store does not know its
 *   block yet.
 * - `seal-anchored`: the store recorded the seal's block.
 *
 * A crash may fall after any of them; a restarted agent completes what is missing (a seal
 * appended but not anchored is found on the chain, not appended twice).
 */
export const AGENT_STEPS = [
    'answer-built',
    'reply-committed',
    'denial-committed',
    'reply-verified',
    'rejection-committed',
    'block-appended',
    'event-checkpointed',
    'readings-recorded',
    'seal-recorded',
    'seal-appended',
    'seal-anchored',
] as const;

/** One step of handling an event, see {@link AGENT_STEPS}. */
export type AgentStep = (typeof AGENT_STEPS)[number];
