import {
    MACHINE_TYPES,
    MACHINE_TYPE_VOCABULARY,
    PROCESS_STEPS,
    normalizeMachineType,
    unknownMachineTypeMessage,
    type MachineType,
    type ProcessStep,
} from '@spindle/chaincode/protocol';
import { loadContext } from '@spindle/network/client-support';

import { SpindleError } from '../errors/spindle-error';

/** A machine of the consortium manifest: its type and its mill. */
export interface ManifestMachine {
    machineId: string;
    machineType: MachineType;
    mill: string;
    mspId: string;
}

/**
 * Every machine of `test-network-config/consortium.json`, in manifest order. The network tool
 * checked each type against the vocabulary (CONFIG_INVALID otherwise) and spelled it canonically.
 */
export function manifestMachines(): ManifestMachine[] {
    return loadContext().consortium.mills.flatMap((mill) =>
        mill.machines.map((machine) => ({
            machineId: machine.id,
            machineType: machine.type,
            mill: mill.name,
            mspId: mill.mspId,
        })),
    );
}

/**
 * A machine type as a user wrote it (`roving`, `Roving Frame`), in its canonical spelling.
 *
 * @throws SpindleError MACHINE_TYPE_UNKNOWN naming the accepted types.
 */
export function parseMachineType(spelling: string): MachineType {
    const type = normalizeMachineType(spelling);
    if (type === undefined) {
        throw new SpindleError('MACHINE_TYPE_UNKNOWN', unknownMachineTypeMessage(spelling));
    }
    return type;
}

/** Whether a string is a process step. */
export function isProcessStep(value: string): value is ProcessStep {
    return (PROCESS_STEPS as readonly string[]).includes(value);
}

/** The vocabulary as help text: one line per type with its process step and aliases. */
export function machineTypeHelp(): string {
    const width = Math.max(...MACHINE_TYPES.map((type) => type.length));
    const lines = MACHINE_TYPES.map((type) => {
        const { processStep, aliases } = MACHINE_TYPE_VOCABULARY[type];
        return `  ${type.padEnd(width)}  step ${processStep.padEnd(11)}  also: ${aliases.join(', ')}`;
    });
    return ['Machine types (any spelling below is stored as the first column):', ...lines].join('\n');
}
