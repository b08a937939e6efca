import { DomainError, assertMachineIdOfMill, type MachineRecord, type MachineStatus } from '../../protocol';
import { assertMillAdmin } from '../authorization';
import type { Caller } from '../caller';

/** The status actions a mill admin takes on its machines. */
export type StatusAction = 'approve' | 'suspend' | 'reactivate' | 'retire';

const TRANSITIONS: Readonly<Record<StatusAction, { from: readonly MachineStatus[]; to: MachineStatus }>> = {
    approve: { from: ['PENDING'], to: 'ACTIVE' },
    suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
    reactivate: { from: ['SUSPENDED'], to: 'ACTIVE' },
    retire: { from: ['PENDING', 'ACTIVE', 'SUSPENDED'], to: 'RETIRED' },
};

/** What a status change needs to know besides the machine. */
export interface StatusContext {
    /** The transaction timestamp. */
    at: string;
    /** Whether the machine's collection `machine-<id>` is defined on the channel. */
    collectionExists: boolean;
}

/**
 * Applies `action` to a machine: PENDING -> ACTIVE (approve, only once its collection exists),
 * ACTIVE -> SUSPENDED -> ACTIVE, anything but RETIRED -> RETIRED. RETIRED is terminal.
 *
 * @throws DomainError NOT_AUTHORIZED unless an admin of the owning mill; STATE_INVALID when the
 *   status does not allow the action; COLLECTION_MISSING when approving without a collection.
 */
export function changeMachineStatus(
    machine: MachineRecord,
    action: StatusAction,
    caller: Caller,
    context: StatusContext,
): MachineRecord {
    assertMillAdmin(caller, machine.ownerMspId, `${action} machine ${machine.machineId}`);
    // A record squatted before IDs were bound to mills is never brought (back) into service.
    if (action === 'approve' || action === 'reactivate') {
        assertMachineIdOfMill(machine.machineId, machine.ownerMspId);
    }
    const transition = TRANSITIONS[action];
    assertStatus(machine, transition.from, action);
    if (action === 'approve' && !context.collectionExists) {
        throw new DomainError(
            'COLLECTION_MISSING',
            `machine ${machine.machineId} has no collection machine-${machine.machineId} yet`,
        );
    }
    return { ...machine, status: transition.to, updatedAt: context.at, lastAction: action };
}

/**
 * Requires the machine to be in one of `allowed`.
 *
 * @throws DomainError STATE_INVALID otherwise.
 */
export function assertStatus(machine: MachineRecord, allowed: readonly MachineStatus[], action: string): void {
    if (!allowed.includes(machine.status)) {
        throw new DomainError('STATE_INVALID', `machine ${machine.machineId} is ${machine.status}; cannot ${action}`);
    }
}
