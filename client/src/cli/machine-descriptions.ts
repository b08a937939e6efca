import { MACHINE_TYPES, PROCESS_STEPS, type MachineRegistration } from '@spindle/chaincode/protocol';
import { loadContext } from '@spindle/network';

type MachineType = MachineRegistration['machineType'];
type ProcessStep = MachineRegistration['processStep'];

/** The process step each kind of machine serves in the spinning flow. */
export const PROCESS_STEP_OF: Readonly<Record<MachineType, ProcessStep>> = {
    'blow-room': 'opening',
    carding: 'carding',
    drawing: 'drawing',
    'lap-former': 'lap-forming',
    comber: 'combing',
    'roving-frame': 'roving',
    'ring-frame': 'spinning',
    winder: 'winding',
    packer: 'packing',
};

/** A machine of the consortium manifest: its type and its mill. */
export interface ManifestMachine {
    machineId: string;
    machineType: MachineType;
    mill: string;
    mspId: string;
}

/** Every machine of `test-network-config/consortium.json`, in manifest order. */
export function manifestMachines(): ManifestMachine[] {
    return loadContext().consortium.mills.flatMap((mill) =>
        mill.machines.flatMap((machine) => {
            const machineType = MACHINE_TYPES.find((type) => type === machine.type);
            return machineType ? [{ machineId: machine.id, machineType, mill: mill.name, mspId: mill.mspId }] : [];
        }),
    );
}

/** Whether a string is a machine type. */
export function isMachineType(value: string): value is MachineType {
    return (MACHINE_TYPES as readonly string[]).includes(value);
}

/** Whether a string is a process step. */
export function isProcessStep(value: string): value is ProcessStep {
    return (PROCESS_STEPS as readonly string[]).includes(value);
}
