import { DomainError, assertMachineIdOfMill, type MachineRecord } from '../../protocol';
import { assertMillAdmin } from '../authorization';
import type { Caller } from '../caller';
import { assertStatus, type StatusContext } from './change-machine-status';

/** The two records a replacement writes. */
export interface Replacement {
    retired: MachineRecord;
    successor: MachineRecord;
}

/**
 * Replaces a machine: the successor takes over the old one's line and process step and becomes
 * ACTIVE with `replaces`; the old one becomes RETIRED with `replacedBy`. Both keep their history.
 *
 * @throws DomainError INVALID_ARGUMENT when both IDs are the same or the types differ;
 *   NOT_AUTHORIZED unless an admin of the mill owning both; STATE_INVALID when the old machine
 *   is not ACTIVE or SUSPENDED, or the successor is not PENDING or ACTIVE or already replaces
 *   one; COLLECTION_MISSING when the successor has no collection.
 */
export function replaceMachine(
    old: MachineRecord,
    successor: MachineRecord,
    caller: Caller,
    context: StatusContext,
): Replacement {
    if (old.machineId === successor.machineId) {
        throw new DomainError('INVALID_ARGUMENT', 'a machine cannot replace itself');
    }
    assertMillAdmin(caller, old.ownerMspId, `replace machine ${old.machineId}`);
    assertMillAdmin(caller, successor.ownerMspId, `put machine ${successor.machineId} in service`);
    assertMachineIdOfMill(successor.machineId, successor.ownerMspId);
    if (old.machineType !== successor.machineType) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `a ${successor.machineType} machine cannot replace a ${old.machineType} machine`,
        );
    }
    assertStatus(old, ['ACTIVE', 'SUSPENDED'], 'be replaced');
    assertStatus(successor, ['PENDING', 'ACTIVE'], 'replace another machine');
    if (successor.replaces !== undefined) {
        throw new DomainError('STATE_INVALID', `machine ${successor.machineId} already replaces ${successor.replaces}`);
    }
    if (!context.collectionExists) {
        throw new DomainError(
            'COLLECTION_MISSING',
            `machine ${successor.machineId} has no collection machine-${successor.machineId} yet`,
        );
    }
    return {
        retired: {
            ...old,
            status: 'RETIRED',
            replacedBy: successor.machineId,
            updatedAt: context.at,
            lastAction: 'replace',
        },
        successor: {
            ...successor,
            status: 'ACTIVE',
            line: old.line,
            processStep: old.processStep,
            replaces: old.machineId,
            updatedAt: context.at,
            lastAction: 'replace',
        },
    };
}
