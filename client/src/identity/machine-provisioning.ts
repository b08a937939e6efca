import { createPublicKey } from 'node:crypto';
import type { MachineRecord, MachineRegistration } from '@spindle/chaincode/protocol';

import type { MachineRegistryClient } from '../contracts/machine-registry-client';
import type { MachineSession } from '../contracts/machine-session';
import { SpindleError } from '../errors/spindle-error';

/** The registration of a machine, without its encryption key, which provisioning supplies. */
export type MachineDescription = Omit<MachineRegistration, 'encryptionPublicKey'>;

/**
 * Brings a machine to ACTIVE with the given encryption key registered, from wherever it stands:
 * registers it (as itself) if it is unknown, has its mill's admin approve it if PENDING or
 * reactivate it if SUSPENDED, and rotates its encryption key (as itself) if the registered key
 * is not the one given. Running it again changes nothing.
 *
 * @throws SpindleError STATE_INVALID for a RETIRED machine, or the chaincode's code.
 */
export async function ensureMachineActive(
    machine: MachineSession,
    admin: MachineRegistryClient,
    description: MachineDescription,
    encryptionPublicKeyPem: string,
): Promise<MachineRecord> {
    let record = await machine.registry.get(machine.machineId).catch((error: unknown) => {
        if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
            return undefined;
        }
        throw error;
    });
    record ??= await machine.registry.register({ ...description, encryptionPublicKey: encryptionPublicKeyPem });
    if (record.status === 'RETIRED') {
        throw new SpindleError('STATE_INVALID', `machine ${machine.machineId} is RETIRED`);
    }
    if (record.status === 'PENDING') {
        record = await admin.approve(machine.machineId);
    } else if (record.status === 'SUSPENDED') {
        record = await admin.reactivate(machine.machineId);
    }
    if (!sameKey(record.encryptionPublicKey, encryptionPublicKeyPem)) {
        record = await machine.registry.rotateEncryptionKey(machine.machineId, encryptionPublicKeyPem);
    }
    return record;
}

function sameKey(a: string, b: string): boolean {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(a).equals(der(b));
}
