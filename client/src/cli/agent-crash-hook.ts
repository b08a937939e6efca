import { writeSync } from 'node:fs';
import { z } from 'zod';

import { AGENT_STEPS, type AgentStep } from '../agent/agent-steps';
import { SpindleError } from '../errors/spindle-error';

/** The environment variable that names the step after which a test makes the agent crash. */
export const AGENT_CRASH_VARIABLE = 'SPINDLE_AGENT_CRASH_AT';

const stepSchema = z.enum(AGENT_STEPS);

/**
 * A test hook, not for production: with `SPINDLE_AGENT_CRASH_AT=<step>` (one of
 * {@link AGENT_STEPS}) the agent process kills itself with SIGKILL the first time it completes
 * that step, as a power cut would, so the chaos tests can prove a restart completes the rest.
 * Returns undefined when the variable is unset or empty.
 *
 * @throws SpindleError INVALID_ARGUMENT when the variable names no step.
 */
export function crashHookFromEnvironment(
    environment: NodeJS.ProcessEnv = process.env,
): ((step: AgentStep) => void) | undefined {
    const value = environment[AGENT_CRASH_VARIABLE];
    if (value === undefined || value === '') {
        return undefined;
    }
    const parsed = stepSchema.safeParse(value);
    if (!parsed.success) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `${AGENT_CRASH_VARIABLE} must be one of ${AGENT_STEPS.join(', ')}, not ${value}`,
        );
    }
    const crashAt = parsed.data;
    return (step) => {
        if (step === crashAt) {
            // Written straight to the descriptor: nothing buffered may be lost to the kill.
            writeSync(2, `${JSON.stringify({ msg: 'crash injected', step })}\n`);
            process.kill(process.pid, 'SIGKILL');
        }
    };
}
