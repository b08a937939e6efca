import { DomainError, type LotCreation, type LotRecord } from '../../protocol';
import { assertRole } from '../authorization';
import type { Caller } from '../caller';

/**
 * Creates a bale lot owned by the caller's mill: the start of every genealogy.
 *
 * @throws DomainError NOT_AUTHORIZED unless an operator or admin; CONFLICT when the lot exists.
 */
export function createBale(
    command: LotCreation,
    caller: Caller,
    existing: LotRecord | undefined,
    at: string,
): LotRecord {
    assertRole(caller, ['operator', 'admin'], 'create a bale');
    if (existing !== undefined) {
        throw new DomainError('CONFLICT', `lot ${command.lotId} already exists`);
    }
    return {
        lotId: command.lotId,
        form: 'bale',
        quantityGrams: command.quantityGrams,
        remainingGrams: command.quantityGrams,
        ownerMspId: caller.mspId,
        origin: command.origin,
        grade: command.grade,
        status: 'AVAILABLE',
        createdAt: at,
        updatedAt: at,
    };
}
