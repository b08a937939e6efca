import { LIMITS } from '@spindle/chaincode/protocol';

import { type SearchPlan, DEFAULT_SEARCH_PLAN, parseSearchSteps } from './capacity-search';
import type { BatchScope } from './batching-sender';
import type { AgentScope } from './responder-agents';

/** How `npm run bench -- --capacity` runs. */
export interface CapacityOptions {
    plan: SearchPlan;
    /** Seconds of traffic per round. */
    seconds: number;
    /** The run stops before a round that would end after this many minutes. */
    budgetMinutes: number;
    jitter: number;
    seed: number;
    /** One responder agent per machine, or per mill (an edge box). */
    agents: AgentScope;
    /** Seconds each of single and batched sends compared after the rounds (0: not compared). */
    compareSeconds: number;
    /** Batched deliveries (issue 15 item 2), each machine's packets of a window in one sendBatch; one packet per transaction when absent. */
    batch?: { windowMs: number; maxPackets: number; scope: BatchScope };
}

/** The defaults: 60 s rounds, 25 minutes, ±10 % jitter on upload intervals. */
export const DEFAULT_CAPACITY_OPTIONS: CapacityOptions = {
    plan: DEFAULT_SEARCH_PLAN,
    seconds: 60,
    budgetMinutes: 25,
    jitter: 0.1,
    seed: 15,
    agents: 'machine',
    compareSeconds: 20,
};

/**
 * Parses the capacity options: `--sizes 30,60,120` (the counts to step up through),
 * `--seconds 60`, `--budget 25` (minutes), `--max-rounds 8`, `--seed 15`, and
 * `--agents machine|mill` (whom one responder agent serves), `--compare-seconds 20` (single against
 * batched sends after the rounds, 0 to skip), `--batch-window 1000` (ms) with `--batch-max 64` and
 * `--batch-scope machine|mill` (one machine's packets per batch, or its mill's through the mill's
 * edge identity, which the run enrolls).
 *
 * @throws Error INVALID_ARGUMENT for a value out of form, CONFIG_INVALID for bad sizes.
 */
export function parseCapacityArguments(args: readonly string[]): CapacityOptions {
    const whole = (name: string, min: number, max: number, fallback: number): number => {
        const text = valueOf(args, name);
        if (text === undefined) {
            return fallback;
        }
        const value = Number(text);
        if (!/^[0-9]{1,6}$/.test(text) || value < min || value > max) {
            throw new Error(`INVALID_ARGUMENT: ${name} ${text} is not a whole number from ${min} to ${max}`);
        }
        return value;
    };
    const sizes = valueOf(args, '--sizes');
    const plan: SearchPlan = {
        ...DEFAULT_SEARCH_PLAN,
        ...(sizes === undefined ? {} : { steps: parseSearchSteps(sizes) }),
        maxRounds: whole('--max-rounds', 1, 50, DEFAULT_SEARCH_PLAN.maxRounds),
    };
    const scope = valueOf(args, '--batch-scope') ?? 'machine';
    if (scope !== 'machine' && scope !== 'mill') {
        throw new Error(`INVALID_ARGUMENT: --batch-scope ${scope} is not machine or mill`);
    }
    const windowMs = whole('--batch-window', 10, 60_000, 0);
    const agents = valueOf(args, '--agents') ?? DEFAULT_CAPACITY_OPTIONS.agents;
    if (agents !== 'machine' && agents !== 'mill') {
        throw new Error(`INVALID_ARGUMENT: --agents ${agents} is not machine or mill`);
    }
    return {
        plan,
        seconds: whole('--seconds', 10, 3600, DEFAULT_CAPACITY_OPTIONS.seconds),
        budgetMinutes: whole('--budget', 1, 600, DEFAULT_CAPACITY_OPTIONS.budgetMinutes),
        jitter: DEFAULT_CAPACITY_OPTIONS.jitter,
        seed: whole('--seed', 0, 999_999, DEFAULT_CAPACITY_OPTIONS.seed),
        agents,
        compareSeconds: whole('--compare-seconds', 0, 600, DEFAULT_CAPACITY_OPTIONS.compareSeconds),
        ...(windowMs === 0
            ? {}
            : {
                  batch: {
                      windowMs,
                      maxPackets: whole('--batch-max', 1, LIMITS.batchPacketsMax, LIMITS.batchPacketsMax),
                      scope,
                  },
              }),
    };
}

function valueOf(args: readonly string[], name: string): string | undefined {
    const at = args.indexOf(name);
    if (at < 0) {
        return undefined;
    }
    const value = args[at + 1];
    if (value === undefined || value.startsWith('--')) {
        throw new Error(`INVALID_ARGUMENT: ${name} needs a value`);
    }
    return value;
}
