import type { MachineSession } from '@spindle/client';

import type { BenchContext } from '../bench-context';

/** One figure a device workload measured. */
export interface DeviceFigure {
    workload: string;
    /** What was measured, e.g. `seal 1000 readings: appendBlock`. */
    figure: string;
    value: number;
    unit: string;
    /** How it was measured, when the figure alone does not say. */
    note?: string;
}

/** What every device workload gets: the network, the machine whose chain it seals into, a scratch folder. */
export interface DeviceBench {
    context: BenchContext;
    /** lap-former-b1, ACTIVE, as a session of its own. */
    machine: MachineSession;
    /** carding-a1 (MillA), ACTIVE: the machine that asks `machine` questions. */
    requester: MachineSession;
    /** A folder of the run's own, removed afterwards. */
    scratch: string;
    log(line: string): void;
}

/** A device workload: measures, returns its figures; never asserts on time. */
export type DeviceWorkload = (bench: DeviceBench) => Promise<DeviceFigure[]>;

/** p50 of some durations, nearest rank. */
export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)] ?? Number.NaN;
}

/** Milliseconds since `start` (a `performance.now()`). */
export function msSince(start: number): number {
    return performance.now() - start;
}
