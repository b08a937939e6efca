import type { AgentStep } from '../../agent/agent-steps';

/** The agent steps the recorder reaches (see `AGENT_STEPS`), for the crash tests' hook. */
export type RecorderStep = Extract<
    AgentStep,
    'readings-recorded' | 'seal-recorded' | 'seal-appended' | 'seal-anchored'
>;

/** Called after each recorder step; a test hook, a no-op in production. */
export type AfterRecorderStep = (step: RecorderStep) => void;
