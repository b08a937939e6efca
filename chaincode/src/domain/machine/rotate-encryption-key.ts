import { DomainError, normalizePublicKey, type MachineRecord } from '../../protocol';
import { assertMachineItself } from '../authorization';
import type { Caller } from '../caller';
import { assertStatus } from './change-machine-status';

/**
 * Rotates a machine's encryption key, by the machine itself. The old key stays in the record's
 * history.
 *
 * @throws DomainError NOT_AUTHORIZED unless the machine itself; STATE_INVALID when RETIRED;
 *   INVALID_ARGUMENT when the key is not P-256 or is the current key.
 */
export function rotateEncryptionKey(
    machine: MachineRecord,
    encryptionPublicKey: string,
    caller: Caller,
    at: string,
): MachineRecord {
    assertMachineItself(caller, machine, 'rotate its encryption key');
    assertStatus(machine, ['PENDING', 'ACTIVE', 'SUSPENDED'], 'rotate its encryption key');
    const key = normalizePublicKey(encryptionPublicKey, 'encryptionPublicKey');
    if (key === machine.encryptionPublicKey) {
        throw new DomainError('INVALID_ARGUMENT', 'the new encryption key is the current one');
    }
    return { ...machine, encryptionPublicKey: key, updatedAt: at, lastAction: 'rotateEncryptionKey' };
}
