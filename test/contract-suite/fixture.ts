import type { MachineRecord } from '@spindle/chaincode/protocol';
import type { IdentitySpec, MillName } from './harness';

/** A machine the suite registers, and whether the per-machine layout gives it a collection. */
export interface SuiteMachine {
    machineId: string;
    mill: MillName;
    machineType: MachineRecord['machineType'];
    processStep: MachineRecord['processStep'];
    line: string;
    /**
     * Whether a ledger in the per-machine layout of releases before 1.1 defines `machine-<id>`;
     * without it the machine cannot be approved there. The mill layout covers every machine.
     */
    collection: boolean;
}

function machine(
    machineId: string,
    mill: MillName,
    machineType: MachineRecord['machineType'],
    processStep: MachineRecord['processStep'],
    collection = true,
): SuiteMachine {
    return { machineId, mill, machineType, processStep, line: `line-${mill.slice(-1).toLowerCase()}1`, collection };
}

/**
 * The machines of the suite. A real-network harness must enroll a `machine` identity for each
 * (their mill's fabric-ca, `spindle.machine` = the ID) and define each mill's collection.
 */
export const SUITE_MACHINES: readonly SuiteMachine[] = [
    machine('blow-room-a1', 'MillA', 'blow-room', 'opening'),
    machine('carding-a1', 'MillA', 'carding', 'carding'),
    machine('carding-a2', 'MillA', 'carding', 'carding'),
    machine('carding-a3', 'MillA', 'carding', 'carding'),
    machine('carding-a4', 'MillA', 'carding', 'carding'),
    machine('carding-a5', 'MillA', 'carding', 'carding'),
    // carding-a1's ID is a prefix of its: their areas share MillA's collection and must not mix.
    machine('carding-a10', 'MillA', 'carding', 'carding'),
    machine('ring-frame-a1', 'MillA', 'ring-frame', 'spinning'),
    machine('packer-a1', 'MillA', 'packer', 'packing'),
    machine('winder-a9', 'MillA', 'winder', 'winding', false),
    machine('drawing-b1', 'MillB', 'drawing', 'drawing'),
    machine('lap-former-b1', 'MillB', 'lap-former', 'lap-forming'),
    machine('comber-c1', 'MillC', 'comber', 'combing'),
    machine('comber-c2', 'MillC', 'comber', 'combing'),
];

/** The MSP ID of a mill. */
export function mspIdOf(mill: MillName): string {
    return `${mill}MSP`;
}

/**
 * The fixture machine with this ID.
 *
 * @throws Error for an ID outside the fixture (a mistake in the suite).
 */
export function suiteMachine(machineId: string): SuiteMachine {
    const found = SUITE_MACHINES.find((candidate) => candidate.machineId === machineId);
    if (found === undefined) {
        throw new Error(`${machineId} is not a suite machine`);
    }
    return found;
}

/** The identity of a fixture machine. */
export function machineIdentity(machineId: string): IdentitySpec {
    return { mill: suiteMachine(machineId).mill, role: 'machine', machineId };
}

/** A mill's admin. */
export function adminOf(mill: MillName): IdentitySpec {
    return { mill, role: 'admin' };
}

/** A mill's operator. */
export function operatorOf(mill: MillName): IdentitySpec {
    return { mill, role: 'operator' };
}

/** An edge box of a mill (`spindle.role=edge`): it delivers batches of its mill's machines' packets. */
export function edgeOf(mill: MillName): IdentitySpec {
    return { mill, role: 'edge' };
}
