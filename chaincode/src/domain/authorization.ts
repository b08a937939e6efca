import { DomainError, type MachineRecord, type Role } from '../protocol';
import type { Caller } from './caller';

/**
 * Requires an admin of `mspId`: role attribute `admin` issued under that very MSP.
 *
 * @throws DomainError NOT_AUTHORIZED otherwise.
 */
export function assertMillAdmin(caller: Caller, mspId: string, action: string): void {
    if (caller.role !== 'admin' || caller.mspId !== mspId) {
        throw new DomainError('NOT_AUTHORIZED', `only an admin of ${mspId} may ${action}`);
    }
}

/**
 * Requires one of `roles` within the caller's own mill.
 *
 * @throws DomainError NOT_AUTHORIZED otherwise.
 */
export function assertRole(caller: Caller, roles: readonly Role[], action: string): void {
    if (caller.role === undefined || !roles.includes(caller.role)) {
        throw new DomainError('NOT_AUTHORIZED', `only ${roles.join(' or ')} identities may ${action}`);
    }
}

/** Whether the caller is the registered identity of `machine`: role, machine attribute, MSP ID and key. */
export function isMachineItself(caller: Caller, machine: MachineRecord): boolean {
    return (
        caller.role === 'machine' &&
        caller.machineId === machine.machineId &&
        caller.mspId === machine.ownerMspId &&
        caller.publicKey === machine.signingPublicKey
    );
}

/**
 * Whether the caller is an edge box of `machine`'s mill: role attribute `edge` issued under the
 * machine's owning MSP. An edge carries its mill's machines' packets (`sendBatch`); each packet
 * must still verify against its machine's registered key, so an edge can deliver what a machine
 * signed, never say anything in its name.
 */
export function isMillEdgeOf(caller: Caller, machine: MachineRecord): boolean {
    return caller.role === 'edge' && caller.mspId === machine.ownerMspId;
}

/**
 * Requires the registered identity of `machine`: nobody speaks for another machine.
 *
 * @throws DomainError NOT_AUTHORIZED otherwise.
 */
export function assertMachineItself(caller: Caller, machine: MachineRecord, action: string): void {
    if (!isMachineItself(caller, machine)) {
        throw new DomainError('NOT_AUTHORIZED', `only machine ${machine.machineId} itself may ${action}`);
    }
}

/**
 * Requires the registered identity of `machine`, and that it is ACTIVE: a suspended or retired
 * machine can no longer act on its private area (append blocks).
 *
 * @throws DomainError NOT_AUTHORIZED otherwise.
 */
export function assertActiveMachineItself(caller: Caller, machine: MachineRecord, action: string): void {
    assertMachineItself(caller, machine, action);
    assertActive(machine, action);
}

/**
 * Requires the machine itself while it is ACTIVE, or an admin of its mill: who may read its
 * private area. The admin reads whatever the status, so a retired machine's history stays
 * readable; a suspended or retired machine reads nothing.
 *
 * @throws DomainError NOT_AUTHORIZED otherwise.
 */
export function assertMachineOrMillAdmin(caller: Caller, machine: MachineRecord, action: string): void {
    const millAdmin = caller.role === 'admin' && caller.mspId === machine.ownerMspId;
    if (millAdmin) {
        return;
    }
    if (!isMachineItself(caller, machine)) {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `only machine ${machine.machineId} or an admin of ${machine.ownerMspId} may ${action}`,
        );
    }
    assertActive(machine, action);
}

function assertActive(machine: MachineRecord, action: string): void {
    if (machine.status !== 'ACTIVE') {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `machine ${machine.machineId} is ${machine.status}: only an ACTIVE machine may ${action}`,
        );
    }
}

/**
 * Requires the machine itself, or an admin or operator of its own mill: who may write into its
 * private area directly, outside a checked delivery.
 *
 * @throws DomainError NOT_AUTHORIZED otherwise.
 */
export function assertMachineOrMillStaff(caller: Caller, machine: MachineRecord, action: string): void {
    const millStaff = caller.mspId === machine.ownerMspId && (caller.role === 'admin' || caller.role === 'operator');
    if (!millStaff && !isMachineItself(caller, machine)) {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `only machine ${machine.machineId} or an admin or operator of ${machine.ownerMspId} may ${action}`,
        );
    }
}
