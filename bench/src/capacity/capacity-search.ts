/** One round's verdict at a machine count. */
export interface Probe {
    machines: number;
    passed: boolean;
}

/** How the search steps up and when it stops. */
export interface SearchPlan {
    /** Machine counts to step up through, rising, until one fails. */
    steps: readonly number[];
    /** Stop bisecting when the gap between the best pass and the lowest fail is at most this share of the pass... */
    resolutionShare: number;
    /** ...or at most this many machines, whichever is larger. */
    resolutionMachines: number;
    /** Rounds at most, steps and bisection together. */
    maxRounds: number;
}

/** The bench's default plan: a line (30 machines) and doubling, then bisection to 10 % or 6 machines, 8 rounds. */
export const DEFAULT_SEARCH_PLAN: SearchPlan = {
    steps: [30, 60, 120, 240, 480],
    resolutionShare: 0.1,
    resolutionMachines: 6,
    maxRounds: 8,
};

/** What the probes so far say: the largest count that passed below the lowest that failed. */
export interface Bracket {
    /** The largest count that passed below `failed` (0 when none did). */
    passed: number;
    /** The lowest count that failed, when one did. */
    failed?: number;
}

/**
 * The bracket of the probes: a pass above the lowest fail (noise on a shared machine) does not
 * raise the figure, since capacity is where the limits first break.
 */
export function bracketOf(probes: readonly Probe[]): Bracket {
    const fails = probes.filter((probe) => !probe.passed).map((probe) => probe.machines);
    const failed = fails.length === 0 ? undefined : Math.min(...fails);
    const passes = probes
        .filter((probe) => probe.passed && (failed === undefined || probe.machines < failed))
        .map((probe) => probe.machines);
    return { passed: passes.length === 0 ? 0 : Math.max(...passes), ...(failed === undefined ? {} : { failed }) };
}

/**
 * The machine count of the next round, or undefined when the search is done: step up through
 * `plan.steps` while every round passes; after the first fail, bisect between the best pass
 * and the lowest fail until the gap is within the resolution or the rounds run out.
 */
export function nextMachineCount(plan: SearchPlan, probes: readonly Probe[]): number | undefined {
    if (probes.length >= plan.maxRounds) {
        return undefined;
    }
    const { passed, failed } = bracketOf(probes);
    if (failed === undefined) {
        return plan.steps.find((step) => step > passed);
    }
    const resolution = Math.max(plan.resolutionMachines, Math.ceil(passed * plan.resolutionShare));
    if (failed - passed <= resolution) {
        return undefined;
    }
    return Math.round((passed + failed) / 2);
}

/**
 * Parses `--sizes 30,60,120`: whole machine counts of at least 2, rising.
 *
 * @throws Error CONFIG_INVALID when a count is out of form or the counts do not rise.
 */
export function parseSearchSteps(text: string): number[] {
    const steps = text.split(',').map((part) => {
        const value = part.trim();
        if (!/^[1-9][0-9]{0,4}$/.test(value) || Number(value) < 2) {
            throw new Error(
                `CONFIG_INVALID: --sizes: "${value}" is not a machine count of at least 2 (e.g. 30,60,120)`,
            );
        }
        return Number(value);
    });
    steps.forEach((step, index) => {
        const previous = steps[index - 1];
        if (previous !== undefined && step <= previous) {
            throw new Error(`CONFIG_INVALID: --sizes must rise: ${step} after ${previous}`);
        }
    });
    return steps;
}
