import {
    FAULT_VARIABLE,
    type GaugeVariable,
    MACHINE_VARIABLES,
    type SimulatedMachineType,
    type SimulatedVariable,
} from './machine-variables';
import { newSeededRandom } from './seeded-random';

/** One simulated value: a variable of the machine, its unit and its value at one tick. */
export interface SignalValue {
    readonly variable: string;
    readonly unit: string;
    readonly value: number;
}

/** Tuning of the simulated faults (defaults: about one fault every 5 minutes at 1 s ticks). */
export interface FaultTuning {
    /** Chance per tick that a fault starts while none is on. */
    readonly startChance?: number;
    /** Longest fault, in ticks (a fault lasts 3 ticks up to this). */
    readonly maxTicks?: number;
}

/** The values of one simulated machine, tick after tick. */
export interface MachineSignal {
    /** The values of the next tick: each variable of the machine type in table order, then `fault`. */
    next(): SignalValue[];
}

/**
 * The signal of one simulated machine: the same type, seed and fault tuning give the same values
 * tick for tick, so a test predicts what a simulator serves by running its own signal.
 */
export function newMachineSignal(
    machineType: SimulatedMachineType,
    seed: number,
    faults: FaultTuning = {},
): MachineSignal {
    const random = newSeededRandom(seed);
    const variables = MACHINE_VARIABLES[machineType];
    const drifts = variables.map(() => 0);
    const counters = variables.map(() => 0);
    const startChance = faults.startChance ?? 1 / 300;
    const maxTicks = faults.maxTicks ?? 20;
    let faultTicksLeft = 0;
    return {
        next: () => {
            if (faultTicksLeft > 0) {
                faultTicksLeft -= 1;
            } else if (random.next() < startChance) {
                faultTicksLeft = 3 + Math.floor(random.next() * (maxTicks - 2));
            }
            const faulted = faultTicksLeft > 0;
            const values = variables.map((definition, index): SignalValue => {
                const value =
                    definition.kind === 'counter'
                        ? (counters[index] = (counters[index] ?? 0) + (random.next() < definition.perTick ? 1 : 0))
                        : gaugeValue(definition, index, drifts, random.normal(), random.normal(), faulted);
                return { variable: definition.variable, unit: definition.unit, value };
            });
            return [...values, { variable: FAULT_VARIABLE, unit: '', value: faulted ? 1 : 0 }];
        },
    };
}

/** The variables a machine type serves, `fault` last. */
export function signalVariables(
    machineType: SimulatedMachineType,
): readonly Pick<SimulatedVariable, 'variable' | 'unit'>[] {
    return [...MACHINE_VARIABLES[machineType], { variable: FAULT_VARIABLE, unit: '' }];
}

function gaugeValue(
    definition: GaugeVariable,
    index: number,
    drifts: number[],
    driftStep: number,
    noise: number,
    faulted: boolean,
): number {
    // A mean-reverting walk: slow, bounded, and back towards typical over some minutes.
    const drift = Math.max(
        -definition.drift,
        Math.min(definition.drift, (drifts[index] ?? 0) * 0.995 + driftStep * definition.drift * 0.05),
    );
    drifts[index] = drift;
    const raw = definition.typical + drift + noise * definition.noise + (faulted ? definition.faultShift : 0);
    const scale = 10 ** definition.decimals;
    return Math.round(Math.max(definition.min, Math.min(definition.max, raw)) * scale) / scale;
}
