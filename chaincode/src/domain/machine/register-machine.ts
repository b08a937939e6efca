import {
    DomainError,
    assertMachineIdOfMill,
    LIMITS,
    normalizePublicKey,
    pemSchema,
    type MachineRecord,
    type MachineRegistration,
} from '../../protocol';
import type { Caller } from '../caller';

/**
 * Registers a machine as PENDING. The caller is the machine's own enrolled identity: its role is
 * `machine`, its machine attribute names the machine and its MSP ID is the owning mill; its
 * certificate becomes the machine's signing certificate, never one taken from an argument.
 *
 * The ID must be in the namespace the consortium manifest gives the caller's mill, so a mill's CA
 * cannot issue a certificate for another mill's machine and have it registered.
 *
 * @throws DomainError NOT_AUTHORIZED for any other caller or an ID of another mill; CONFLICT when the ID exists (IDs are
 *   never reused, a replaced machine keeps its record); INVALID_ARGUMENT for a bad encryption key
 *   or an oversize certificate.
 */
export function registerMachine(
    registration: MachineRegistration,
    caller: Caller,
    existing: MachineRecord | undefined,
    at: string,
): MachineRecord {
    if (
        caller.role !== 'machine' ||
        caller.machineId !== registration.machineId ||
        caller.mspId !== registration.ownerMspId ||
        caller.publicKey === undefined
    ) {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `only machine ${registration.machineId}'s own P-256 identity of ${registration.ownerMspId} may register it`,
        );
    }
    assertMachineIdOfMill(registration.machineId, caller.mspId);
    if (existing !== undefined) {
        throw new DomainError('CONFLICT', `machine ${registration.machineId} is already registered`);
    }
    if (!pemSchema.safeParse(caller.certificate).success) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the caller's certificate is not a PEM of at most ${LIMITS.pemChars} characters`,
        );
    }
    return {
        ...registration,
        encryptionPublicKey: normalizePublicKey(registration.encryptionPublicKey, 'encryptionPublicKey'),
        status: 'PENDING',
        signingCertificate: caller.certificate,
        signingPublicKey: caller.publicKey,
        registeredAt: at,
        updatedAt: at,
        lastAction: 'register',
    };
}
